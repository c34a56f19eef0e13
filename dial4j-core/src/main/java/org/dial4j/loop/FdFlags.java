package org.dial4j.loop;

/**
 * The per-descriptor flags of a {@link LoopFd}, as libut's {@code UT_fd_cntl} reports them. All
 * are read-only but {@link #CLOSE_AFTER_WRITE}, the one flag {@link LoopFd#setFlags} accepts.
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

  private static final String[] NAMES = {
    "PIPE", "SOCKET", "OTHER", "R", "W", "LISTENING", "ACCEPTED", "CONNECTING", "CONNECTED",
    "LOCALADDR", "REMOTEADDR", "WRITE_PENDING", "CLOSE_AFTER_WRITE"
  };

  /** The set flags by name, {@code SOCKET|R|CONNECTED|REMOTEADDR}; {@code 0} if none. */
  public static String describe(int flags) {
    return Bits.describe(flags, NAMES);
  }
}
