package org.dial4j.loop;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.FdLife;
import org.dial4j.internal.SockAddrs;
import org.dial4j.internal.SocketKinds;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.jspecify.annotations.Nullable;

/**
 * One descriptor an {@link EventLoop} watches: a named connect, a listener, an accepted socket or
 * any descriptor given to {@link EventLoop#register}. It is the connection's own object (the only
 * one a named connect allocates on the loop's hot path) and what every {@link FdCallback} call
 * receives. Its methods run on the loop thread (they throw {@link IllegalStateException}
 * elsewhere), except the getters of what never changes and {@link #close()}, which may be called
 * from any thread.
 */
public final class LoopFd extends TimerNode {
  /** libut copies a connection's name and silently truncates it; dial4j keeps this many chars. */
  public static final int MAX_NAME = 64;

  /** {@link #state}'s closed bit. */
  private static final int CLOSED = 1 << 24;

  /** The operations a failure here is of, by their index (in {@link #state}). */
  private static final Operation[] OPERATIONS = {Operation.CONNECT, Operation.SEND, Operation.POLL};

  final EventLoop loop;
  private final int fd;

  /** Told apart from an earlier descriptor with the same number ({@link FdTable#lookup}). */
  int generation;

  private final String name;
  private FdCallback callback;
  private @Nullable Object data;
  private final long createdNanos;

  int flags;

  /** The epoll events the kernel has for this descriptor now (0: not in the epoll set). */
  int registered;

  /**
   * Whether it is closed, and the failure a FAILED call reported, in one int (the connect path and
   * a held connection count this object's bytes): {@link #CLOSED}; in bits 16 to 23 the failure's
   * operation, its index in {@link #OPERATIONS} plus one (0: no failure); in bits 0 to 15 its
   * errno's number. Confined to the loop thread.
   */
  private int state;

  @Nullable Endpoint local;
  @Nullable Endpoint remote;
  private @Nullable String errorDetail;

  /**
   * The life of an {@link FdFlags#OWNER_CLOSES} descriptor's owner (a connection), or null: the
   * loop changes the descriptor's interest only while it holds one of its references, so that the
   * owner may close the number on its own thread ({@code LoopAccess.Owners}).
   */
  @Nullable FdLife owner;

  /**
   * Its byte counts and the bytes {@link #write} could not hand over at once; made at the first
   * read or write that moves a byte (so never null where {@link FdFlags#WRITE_PENDING} is set).
   */
  private @Nullable FdTraffic traffic;

  LoopFd(
      EventLoop loop,
      int fd,
      String name,
      FdCallback callback,
      @Nullable Object data,
      int flags,
      long createdNanos) {
    this.loop = loop;
    this.fd = fd;
    this.name = name;
    this.callback = callback;
    this.data = data;
    this.flags = flags;
    this.createdNanos = createdNanos;
  }

  /** The name as libut keeps it: copied, cut to {@link #MAX_NAME} characters; null is "". */
  static String keepName(@Nullable String name) {
    if (name == null) {
      return "";
    }
    return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
  }

  /** Its owner has closed it (or is closing it): the loop no longer touches the number. */
  boolean ownerClosed() {
    FdLife o = owner;
    return o != null && o.isClosed();
  }

  /** The descriptor number. */
  public int fd() {
    return fd;
  }

  FdCallback callbackRef() {
    return callback;
  }

  /** The name, as kept ({@link #MAX_NAME}). */
  public String name() {
    return name;
  }

  /**
   * Hands this registration to {@code callback}, with {@code data} as its opaque object: every
   * later call goes there (a dial hands its winning connect to the connection that uses it). Takes
   * effect at once, also for the rest of a dispatch in progress.
   *
   * @throws IllegalStateException off the loop thread
   * @throws NullPointerException if {@code callback} is null
   */
  public void callback(FdCallback callback, @Nullable Object data) {
    loop.checkInLoop("LoopFd.callback");
    this.callback = java.util.Objects.requireNonNull(callback, "callback");
    this.data = data;
  }

  /**
   * {@link #callback} for a descriptor its loop does not know yet, on the thread that made it (a
   * connect opened on a blocking dial's caller): the loop's adoption, which comes after, publishes
   * it.
   */
  void callbackBeforeAdoption(FdCallback callback, @Nullable Object data) {
    this.callback = callback;
    this.data = data;
  }

  /** The opaque object given at registration (or to {@link #callback}), exactly as given. */
  public @Nullable Object data() {
    return data;
  }

  /** The loop that watches this descriptor. */
  public EventLoop loop() {
    return loop;
  }

  /** The {@link FdFlags} bits now. */
  public int flags() {
    return flags;
  }

  /**
   * Sets the settable flags, {@link FdFlags#CLOSE_AFTER_WRITE} and {@link FdFlags#OWNER_CLOSES}.
   * With CLOSE_AFTER_WRITE set and nothing pending the descriptor is closed at once, otherwise once
   * the pending bytes are written. With OWNER_CLOSES set, every close the loop makes from then on
   * only unregisters the descriptor (see {@link FdFlags#OWNER_CLOSES}).
   *
   * @throws InvalidArgumentException EINVAL for any other bit (the read-only flags are the loop's
   *     record of the descriptor, never an instruction)
   */
  public void setFlags(int set) {
    loop.checkInLoop("LoopFd.setFlags");
    if ((set & ~(FdFlags.CLOSE_AFTER_WRITE | FdFlags.OWNER_CLOSES)) != 0) {
      throw new InvalidArgumentException(
          Errno.EINVAL,
          FdFlags.describe(set),
          "only CLOSE_AFTER_WRITE and OWNER_CLOSES can be set");
    }
    flags |= set;
    if ((flags & FdFlags.CLOSE_AFTER_WRITE) != 0 && (flags & FdFlags.WRITE_PENDING) == 0) {
      closeNow();
    }
  }

  /**
   * What the loop watches for: {@link FdFlags#R}, {@link FdFlags#W}, both or neither. Takes effect
   * when the current callback returns (one {@code epoll_ctl}, and none if nothing changed).
   *
   * @throws InvalidArgumentException EINVAL for bits other than R and W
   */
  public void interest(int rw) {
    loop.checkInLoop("LoopFd.interest");
    if ((rw & ~(FdFlags.R | FdFlags.W)) != 0) {
      throw new InvalidArgumentException(
          Errno.EINVAL, FdFlags.describe(rw), "interest is R and/or W");
    }
    flags = (flags & ~(FdFlags.R | FdFlags.W)) | rw;
    if (loop.dispatching != this) {
      // In its own callback the sync after the callback tells epoll, once: a connection adopted
      // and closed in one CONNECTED callback (a load generator's) costs no epoll_ctl MOD at all.
      loop.table.sync(this);
    }
  }

  /** The errno of the failure a {@link Status#FAILED} call reported, or null. */
  public @Nullable Errno error() {
    int n = state & 0xffff;
    return n == 0 ? null : Errno.of(n);
  }

  /**
   * The failure a {@link Status#FAILED} call reported as the typed exception (errno, operation,
   * source, target), or null.
   */
  public @Nullable IOException failure() {
    Errno e = error();
    int op = ((state >>> 16) & 0xff) - 1; // set with the errno
    if (e == null || op < 0) {
      return null;
    }
    return NetError.of(e, OPERATIONS[op], network(), local, remote, errorDetail);
  }

  private @Nullable Network network() {
    if (remote instanceof InetEndpoint ie) {
      return SocketKinds.streamNetwork(ie.family());
    }
    return null;
  }

  /** Closed (or unregistered): the loop no longer watches it. On the loop thread. */
  boolean closed() {
    return (state & CLOSED) != 0;
  }

  /** Marks it closed (the descriptor is out of the table, or about to be). */
  void markClosed() {
    state |= CLOSED;
  }

  /** True until {@link #close()} (or the loop) closed the descriptor. */
  public boolean isOpen() {
    return !closed();
  }

  /**
   * The local address: as bound, or as the kernel reports it ({@code getsockname}, once it is
   * known, which also sets {@link FdFlags#LOCALADDR}); null for a descriptor that is not a socket
   * or not yet bound.
   */
  public @Nullable Endpoint local() {
    if (local == null
        && !closed()
        && (flags & FdFlags.SOCKET) != 0
        && (flags & FdFlags.CONNECTING) == 0) {
      loop.checkInLoop("LoopFd.local");
      SockAddr[] out = new SockAddr[1];
      if (loop.sys.getsockname(fd, out) == 0) {
        Endpoint e = SockAddrs.toEndpoint(out[0], family(out[0]));
        if (e instanceof InetEndpoint ie && ie.port() == 0) {
          return e; // not bound yet: ask again later
        }
        local = e;
        flags |= FdFlags.LOCALADDR;
      }
    }
    return local;
  }

  private static Family family(SockAddr a) {
    return switch (a) {
      case SockAddr.In4 x -> Family.INET;
      case SockAddr.In6 x -> Family.INET6;
      default -> Family.UNIX;
    };
  }

  /** The remote address (the connect target, or the peer a listener accepted), or null. */
  public @Nullable Endpoint remote() {
    return remote;
  }

  /** How long ago the loop took this descriptor. */
  public Duration age() {
    return Duration.ofNanos(loop.clock.nanoTime() - createdNanos);
  }

  /** Bytes {@link #read} has returned. */
  public long bytesIn() {
    FdTraffic t = traffic;
    return t == null ? 0 : t.bytesIn;
  }

  /** Bytes {@link #write} has handed to the kernel. */
  public long bytesOut() {
    FdTraffic t = traffic;
    return t == null ? 0 : t.bytesOut;
  }

  /** Its traffic's record, made at the first byte moved. */
  private FdTraffic traffic() {
    FdTraffic t = traffic;
    if (t == null) {
      t = new FdTraffic(this);
      traffic = t;
    }
    return t;
  }

  /**
   * Bytes written that the peer has not taken yet: what {@link #write} still holds itself ({@link
   * FdFlags#WRITE_PENDING}) plus the socket's send queue in the kernel ({@code ioctl(SIOCOUTQ)},
   * tcp(7): for TCP, sent but unacknowledged bytes included). The kernel's part counts as 0 where
   * the kernel does not tell it (a descriptor that is not a socket, a listener, a closed one);
   * after a reset it may still count what the peer will never take.
   *
   * @throws IllegalStateException off the loop thread
   */
  public long unsent() {
    loop.checkInLoop("LoopFd.unsent");
    FdTraffic t = traffic;
    long own = t != null && (flags & FdFlags.WRITE_PENDING) != 0 ? t.remaining() : 0;
    if (closed() || (flags & FdFlags.SOCKET) == 0) {
      return own;
    }
    int[] queued = new int[1];
    return loop.sys.ioctlInt(fd, Sys.SIOCOUTQ, queued) == 0 ? own + queued[0] : own;
  }

  /**
   * Reads what is there into {@code dst} (from its position to its limit) without blocking.
   *
   * @return the byte count, 0 if nothing is there yet, -1 at end of stream
   * @throws IOException ECONNRESET, ETIMEDOUT (a keepalive or user timeout), EBADF if closed()
   */
  public int read(ByteBuffer dst) throws IOException {
    loop.checkInLoop("LoopFd.read");
    if (closed()) {
      throw NetError.of(Errno.EBADF, Operation.RECV, network(), local, remote, "closed");
    }
    MemorySegment seg = MemorySegment.ofBuffer(dst);
    long r;
    do { // EINTR: a signal came first; the call is made again at once (Go's ignoringEINTRIO)
      r = (flags & FdFlags.SOCKET) != 0 ? loop.sys.recv(fd, seg, 0) : loop.sys.read(fd, seg);
    } while (r == -Errno.EINTR.number());
    if (r > 0) {
      dst.position(dst.position() + (int) r);
      traffic().bytesIn += r;
      return (int) r;
    }
    if (r == 0) {
      return dst.hasRemaining() ? -1 : 0;
    }
    if (r == -Errno.EAGAIN.number()) {
      return 0;
    }
    throw NetError.of(Errno.of((int) -r), Operation.RECV, network(), local, remote, null);
  }

  /**
   * Writes all of {@code src} (position to limit), never blocking: what the kernel does not take
   * now is copied, {@link FdFlags#WRITE_PENDING} is set, and the loop writes it when the descriptor
   * becomes writable. A failure of such a later write is reported as {@link Status#FAILED} and the
   * loop closes the descriptor.
   *
   * @throws IOException EPIPE or ECONNRESET from the first attempt, EBADF if closed()
   */
  public void write(ByteBuffer src) throws IOException {
    loop.checkInLoop("LoopFd.write");
    if (closed()) {
      throw NetError.of(Errno.EBADF, Operation.SEND, network(), local, remote, "closed");
    }
    FdTraffic t = traffic;
    if (t == null || t.isEmpty()) {
      int r = writeSome(src);
      if (r < 0) {
        throw NetError.of(Errno.of(-r), Operation.SEND, network(), local, remote, null);
      }
    }
    if (src.hasRemaining()) {
      traffic().keep(src);
    }
  }

  /** One send of what {@code src} has: the count, or -errno; EAGAIN counts as 0. */
  int writeSome(ByteBuffer src) {
    if (!src.hasRemaining()) {
      return 0;
    }
    MemorySegment seg = MemorySegment.ofBuffer(src);
    long r;
    do { // EINTR: made again at once, as in read
      r =
          (flags & FdFlags.SOCKET) != 0
              ? loop.sys.send(fd, seg, Sys.MSG_NOSIGNAL)
              : loop.sys.write(fd, seg);
    } while (r == -Errno.EINTR.number());
    if (r >= 0) {
      src.position(src.position() + (int) r);
      if (r > 0) {
        traffic().bytesOut += r;
      }
      return (int) r;
    }
    return r == -Errno.EAGAIN.number() ? 0 : (int) r;
  }

  /**
   * Stops watching the descriptor without closing it (libut's {@code UT_fd_unreg}): the caller owns
   * it again. Pending writes are dropped.
   */
  public void unregister() {
    loop.checkInLoop("LoopFd.unregister");
    if (!closed()) {
      markClosed();
      loop.table.remove(this, false);
    }
  }

  /**
   * Closes the descriptor and unregisters it (libut's {@code close(2)} plus {@code UT_fd_unreg}),
   * dropping pending writes; no callback follows. Idempotent. From another thread the close runs on
   * the loop's next turn. With {@link FdFlags#OWNER_CLOSES} it only unregisters: the owner closes.
   */
  public void close() {
    if (!loop.inLoop()) {
      loop.inbox.executeQuietly(this::closeNow);
      return;
    }
    closeNow();
  }

  /**
   * Gives up a connect still in progress: the callback gets {@link Status#FAILED} with ECANCELED
   * and the loop closes the descriptor. On any other descriptor this is {@link #close()}.
   */
  public void cancel() {
    loop.checkInLoop("LoopFd.cancel");
    if ((flags & FdFlags.CONNECTING) != 0 && !closed()) {
      fail(Errno.ECANCELED, "cancelled");
    } else {
      closeNow();
    }
  }

  void closeNow() {
    if (!closed()) {
      markClosed();
      loop.table.remove(this, (flags & FdFlags.OWNER_CLOSES) == 0);
    }
  }

  /**
   * The loop is ending and the owner closes this descriptor ({@link FdFlags#OWNER_CLOSES}): tell it
   * (FAILED, with ECANCELED for a close, EIO for a loop that died), then unregister. Not logged as
   * a failure: nothing failed here.
   */
  void ownerCancel(Errno errno, @Nullable String detail) {
    settle(errno, detail, Operation.POLL);
    call(Status.FAILED);
    closeNow();
  }

  // ------------------------------------------------------------- driven by the loop

  /** epoll reported {@code ev} for this descriptor. */
  void handle(int ev) {
    if ((flags & FdFlags.CONNECTING) != 0) {
      loop.dispatching = this;
      try {
        loop.connector.finish(this, ev); // syncs after its callback
      } finally {
        loop.dispatching = null;
      }
      return;
    }
    if ((flags & FdFlags.LISTENING) != 0) {
      loop.acceptor.acceptAll(this);
      return;
    }
    FdTraffic t = traffic;
    if ((ev & Sys.EPOLLOUT) != 0 && (flags & FdFlags.WRITE_PENDING) != 0 && t != null) {
      t.flush();
      if (closed()) {
        return;
      }
    }
    int status = 0;
    int readable = Sys.EPOLLIN | Sys.EPOLLRDHUP | Sys.EPOLLHUP | Sys.EPOLLERR;
    if ((ev & readable) != 0 && (flags & FdFlags.R) != 0) {
      status |= Status.READABLE;
    }
    if ((ev & (Sys.EPOLLRDHUP | Sys.EPOLLHUP)) != 0) {
      status |= Status.HANGUP;
    }
    if ((ev & Sys.EPOLLOUT) != 0 && (flags & FdFlags.W) != 0) {
      status |= Status.WRITABLE;
    }
    if ((status & (Status.READABLE | Status.WRITABLE)) != 0) {
      loop.dispatching = this;
      try {
        call(status);
      } finally {
        loop.dispatching = null;
      }
    } else if ((ev & (Sys.EPOLLHUP | Sys.EPOLLERR)) != 0) {
      // Hung up and nobody reads: stop watching, or level-triggered epoll would spin on it.
      flags &= ~(FdFlags.R | FdFlags.W);
    }
    loop.table.sync(this);
  }

  /** The connect failed (or its deadline passed, or it was cancelled): FAILED, then close. */
  void fail(Errno errno, @Nullable String detail) {
    boolean connecting = (flags & FdFlags.CONNECTING) != 0;
    settle(errno, detail, connecting ? Operation.CONNECT : Operation.SEND);
    if (connecting) {
      loop.stats.failure(errno.number());
    }
    logFailure(connecting ? "connect" : "write", errno, detail);
    call(Status.FAILED);
    closeNow();
  }

  /** A FAILED the callback receives, logged at DEBUG (libut logs the reason). */
  private void logFailure(String what, Errno errno, @Nullable String detail) {
    LoopLog log = loop.log();
    if (!log.enabled(LogLevel.DEBUG)) {
      return; // no message lambda made: a storm of refused connects stays allocation-light
    }
    log.log(
        LogLevel.DEBUG,
        () ->
            what
                + " "
                + name
                + " fd "
                + fd
                + " -> "
                + remote
                + ": "
                + errno.describe()
                + (detail != null ? " (" + detail + ")" : ""));
  }

  /**
   * The end of a connect or a registration: no longer connecting or writing, no timer, the error
   * kept.
   */
  private void settle(Errno errno, @Nullable String detail, Operation op) {
    flags &= ~(FdFlags.CONNECTING | FdFlags.WRITE_PENDING);
    if (scheduled()) {
      loop.timers.remove(this);
    }
    state = (state & CLOSED) | (opIndex(op) + 1) << 16 | errno.number();
    errorDetail = detail;
  }

  /** {@code op}'s index in {@link #OPERATIONS}. */
  private static byte opIndex(Operation op) {
    for (byte i = 0; i < OPERATIONS.length; i++) {
      if (OPERATIONS[i] == op) {
        return i;
      }
    }
    throw new IllegalArgumentException("no failure of a LoopFd is of " + op);
  }

  /** The connect deadline passed. */
  @Override
  void expire() {
    if ((flags & FdFlags.CONNECTING) != 0 && !closed()) {
      fail(Errno.ETIMEDOUT, "connect deadline passed");
    }
  }

  void call(int status) {
    try {
      callback.onEvent(this, name, status, data);
    } catch (RuntimeException | Error e) {
      Dispatcher.rethrowIfFatal(e);
      loop.log().log(LogLevel.ERROR, () -> "callback of " + name + " fd " + fd + " threw " + e);
    }
  }

  /** The {@code epoll_data} of this registration: the generation above the descriptor number. */
  long token() {
    return ((long) generation << 32) | (fd & 0xffffffffL);
  }

  /** {@code connecting}, {@code connected}, {@code listening}, {@code accepted} or {@code open}. */
  String state() {
    if (closed()) {
      return "closed";
    }
    if ((flags & FdFlags.CONNECTING) != 0) {
      return "connecting";
    }
    if ((flags & FdFlags.CONNECTED) != 0) {
      return "connected";
    }
    if ((flags & FdFlags.LISTENING) != 0) {
      return "listening";
    }
    if ((flags & FdFlags.ACCEPTED) != 0) {
      return "accepted";
    }
    return "open";
  }

  long createdNanos() {
    return createdNanos;
  }

  @Override
  public String toString() {
    return "LoopFd[fd="
        + fd
        + ", name="
        + name
        + ", "
        + state()
        + ", "
        + FdFlags.describe(flags)
        + "]";
  }
}
