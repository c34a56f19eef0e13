package org.dial4j.loop;

/**
 * The per-descriptor flags of a {@link LoopFd}, as libut's {@code UT_fd_cntl} reports them. All are
 * read-only but {@link #CLOSE_AFTER_WRITE} and {@link #OWNER_CLOSES}, the flags {@link
 * LoopFd#setFlags} accepts.
 */
public final class FdFlags {
  private FdFlags() {}

  /** The descriptor is a pipe. */
  public static final int PIPE = 1;

  /** The descriptor is a socket. */
  public static final int SOCKET = 1 << 1;

  /** The descriptor is something else (an eventfd, the epoll descriptor, a file, ...). */
  public static final int OTHER = 1 << 2;

  /** The loop watches it for reading. */
  public static final int R = 1 << 3;

  /** The loop watches it for writing. */
  public static final int W = 1 << 4;

  /** A listening socket ({@link EventLoop#listen}). */
  public static final int LISTENING = 1 << 5;

  /** A socket a listener accepted. */
  public static final int ACCEPTED = 1 << 6;

  /** A named connect still in progress. */
  public static final int CONNECTING = 1 << 7;

  /** A named connect the peer accepted. */
  public static final int CONNECTED = 1 << 8;

  /** The local address is known ({@link LoopFd#local()}). */
  public static final int LOCALADDR = 1 << 9;

  /** The remote address is known ({@link LoopFd#remote()}). */
  public static final int REMOTEADDR = 1 << 10;

  /** Bytes given to {@link LoopFd#write} wait for the descriptor to become writable. */
  public static final int WRITE_PENDING = 1 << 11;

  /** Settable: close the descriptor once the pending writes are flushed (at once if none). */
  public static final int CLOSE_AFTER_WRITE = 1 << 12;

  /**
   * Settable: the loop never {@code close(2)}s this descriptor; its owner does, after the {@link
   * LoopFd} is unregistered. {@link LoopFd#close()}, a failure and the loop's own close then only
   * unregister it ({@code EPOLL_CTL_DEL}, out of the loop's table). When the loop closes, the
   * callback first gets {@link Status#FAILED} with {@link LoopFd#error()} ECANCELED ("the event
   * loop closed"), so the owner learns that nobody will watch the descriptor any more. For a
   * descriptor shared with threads other than the loop's (a {@code Connection}), whose number must
   * not be reused while one of them still uses it: only the owner knows when that is. Cannot be
   * cleared.
   */
  public static final int OWNER_CLOSES = 1 << 13;

  private static final String[] NAMES = {
    "PIPE",
    "SOCKET",
    "OTHER",
    "R",
    "W",
    "LISTENING",
    "ACCEPTED",
    "CONNECTING",
    "CONNECTED",
    "LOCALADDR",
    "REMOTEADDR",
    "WRITE_PENDING",
    "CLOSE_AFTER_WRITE",
    "OWNER_CLOSES"
  };

  /** The set flags by name, {@code SOCKET|R|CONNECTED|REMOTEADDR}; {@code 0} if none. */
  public static String describe(int flags) {
    return Bits.describe(flags, NAMES);
  }
}
