package org.dial4j.dial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.LoopAccess;
import org.dial4j.internal.SockAddrs;
import org.dial4j.internal.SocketKinds;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * A connected TCP stream with libdill's semantics ({@code tcp_connect(3)}, {@code bsend(3)}, {@code
 * brecv(3)}, {@code tcp_done(3)}, {@code tcp_close(3)}), in Java idiom, running over an {@link
 * EventLoop}. Every blocking call takes one {@link Deadline} ({@link Deadline#NOW}: do what can be
 * done without waiting, else ETIMEDOUT; {@link Deadline#NEVER}: no limit).
 *
 * <p><b>Errors are sticky, per direction, as in libdill's {@code tcp.c}</b> (its {@code indone},
 * {@code inerr}, {@code outdone}, {@code outerr} bits). Once a receive failed (a reset, a passed
 * deadline, an interrupt) every later receive fails ECONNRESET: a {@code brecv} that gave up
 * half-way has consumed an unknown part of the stream, so the stream is no longer usable. Once end
 * of stream was read, every later receive fails EPIPE. The send side is the same: after a failed
 * send, ECONNRESET; after {@link #done}, EPIPE. (libdill's older test suite expects ENOTSUP after a
 * deadline; its {@code tcp.c} answers ECONNRESET, which dial4j follows.) The first exception
 * carries the real errno; the sticky ones name it in their detail.
 *
 * <p><b>Threads.</b> Any thread may call any method; a call that must wait parks a virtual thread
 * (through {@link LockSupport}, so it unmounts and no carrier is pinned) and holds a platform
 * thread in {@code poll(2)}, and never blocks on a loop thread: a call that would wait throws
 * {@link IllegalStateException} there, while one given {@link Deadline#NOW} works. One direction
 * serves one thread at a time: a second thread receiving (or sending) while a first one is gets
 * EBUSY instead of interleaved bytes; one thread may receive while another sends. {@link #close()}
 * and {@link #abort()} may be called at any time from any thread: a call waiting in another thread
 * then ends with ECANCELED, and the descriptor is closed only after the last call using it has
 * left, so its number is never reused under a running call. Interrupting a waiting thread ends its
 * call with ECANCELED (the interrupt status stays set) and, like any failure, breaks that
 * direction.
 *
 * <p><b>How a wait works.</b> The call tries the non-blocking system call on its own thread. On
 * EAGAIN a virtual thread asks the loop for read (or write) interest and parks; the loop's callback
 * clears that interest and unparks it; the call tries again. A hang-up wakes both directions. A
 * platform thread waits in {@code poll(2)} on the descriptor itself, in slices of at most 20 ms so
 * that a close, an interrupt or the loop's end is seen within one, as the JDK's {@code
 * NioSocketImpl} waits on a platform thread: no hop through the loop thread per wait, which is what
 * a bulk transfer that fills the send buffer pays on every write. On EINTR the call tries again at
 * once: nothing needs waiting for. A call whose deadline has passed ({@link Deadline#NOW} included)
 * looks once with {@code poll(fd, 0)} before it fails: if the direction is ready after all (bytes
 * that arrived at the deadline), it tries again instead of breaking the side.
 *
 * <p><b>The loop.</b> The loop never closes the descriptor ({@link FdFlags#OWNER_CLOSES}); the
 * connection does, when it is closed. If the loop closes first, a waiting call ends with ECANCELED
 * and later calls that would have to wait do too; the connection must still be closed.
 *
 * <p>This class is {@link AutoCloseable}; {@link #channel()}, {@link #inputStream()} and {@link
 * #outputStream()} are the {@code java.nio} and {@code java.io} views. It does not implement {@link
 * ByteChannel} itself, so that its own {@code send} keeps bsend's all-or-nothing meaning next to a
 * channel's {@code write}.
 */
public final class Connection implements AutoCloseable {
  /** Longest single {@code poll(2)} of a platform thread's wait (see {@link #pollWait}). */
  private static final int POLL_SLICE_MILLIS = 20;

  /**
   * How many times one call whose deadline has passed looks with {@code poll(fd, 0)} after an
   * EAGAIN before it gives up (see {@link #await}): a bound, so that a descriptor that polls ready
   * and keeps answering EAGAIN cannot hold the call.
   */
  private static final int MAX_LOOKS = 8;

  private static final VarHandle IN_SIDE;
  private static final VarHandle OUT_SIDE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      IN_SIDE = l.findVarHandle(Connection.class, "inSide", ConnectionSide.class);
      OUT_SIDE = l.findVarHandle(Connection.class, "outSide", ConnectionSide.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Every connection's loop callback: the connection is its data (no object per connection). */
  private static final FdCallback EVENTS =
      (f, name, status, data) ->
          ((Connection) Objects.requireNonNull(data, "a connection's data")).onEvent(f, status);

  private final EventLoop loop;
  private final int fd;
  private final Syscalls sys;
  private final Network network;

  /**
   * The local endpoint: read from the kernel ({@code getsockname}) when first asked for (by {@link
   * #local()}, an error or {@link #toString()}), not on the connect path.
   */
  private volatile @Nullable InetEndpoint local;

  private final @Nullable InetEndpoint remote;

  /**
   * The two directions, each made when a call first uses it ({@link #in()}, {@link #out()}): a
   * connection that is dialed and closed, or handed over, makes neither (64 bytes a dial). Null
   * means unused: not done, not broken, no thread to wake.
   */
  private volatile @Nullable ConnectionSide inSide;

  private volatile @Nullable ConnectionSide outSide;

  /** Who may use the descriptor now, and who closes it when. */
  private final ConnectionFd life;

  /** The loop closed: nobody will wake a waiter any more. */
  private volatile boolean loopGone;

  /** The service binding the winning address came from (set before the caller sees it). */
  private volatile @Nullable ServiceBinding serviceBinding;

  private Connection(LoopFd lf, @Nullable Network network, Syscalls sys) {
    this.loop = lf.loop();
    this.fd = lf.fd();
    this.sys = sys;
    this.life = new ConnectionFd(lf);
    this.remote = lf.remote() instanceof InetEndpoint ie ? ie : null;
    this.network =
        network != null
            ? network
            : remote == null ? Network.TCP : SocketKinds.streamNetwork(remote.family());
  }

  /**
   * Takes over a connected {@link LoopFd} (for example inside its CONNECTED callback): marks it
   * {@link FdFlags#OWNER_CLOSES}, hands its callback to the connection and sets its interest to 0.
   * On the loop thread only.
   *
   * @param network what errors name (null: {@code tcp4} or {@code tcp6} from the remote address)
   * @throws IllegalStateException off the loop thread, or if {@code lf} is already closed
   */
  static Connection adopt(LoopFd lf, @Nullable Network network) {
    Objects.requireNonNull(lf, "lf");
    if (!lf.loop().inLoop()) {
      throw new IllegalStateException("Connection.adopt must run on the loop thread of " + lf);
    }
    if (!lf.isOpen()) {
      throw new IllegalStateException("Connection.adopt of a closed descriptor: " + lf);
    }
    // Its loop's system calls (and clock, read from the loop when a wait needs it): the real ones,
    // or a test's fake table and virtual clock.
    Connection c = new Connection(lf, network, LoopAccess.syscalls(lf.loop()));
    lf.setFlags(FdFlags.OWNER_CLOSES);
    lf.callback(EVENTS, c); // one callback for all: the connection comes back as its data
    lf.interest(0);
    // From here the loop changes the interest only under a reference of the connection's, so
    // that a close off the loop closes the number at once (ConnectionFd#destroy).
    LoopAccess.owners().guard(lf, c.life);
    return c;
  }

  /**
   * Takes over a connected {@link LoopFd} its loop does not know yet, off the loop thread (a
   * blocking dial's connect opened on its caller's thread, {@link CallerConnect}): as {@link
   * #adopt}, and the loop takes the descriptor into its table on its next turn without being woken.
   * Null if the loop no longer runs (nothing handed over; the caller closes the descriptor).
   *
   * @throws IOException the loop could not watch it ({@code epoll_ctl}'s errno; it is closed)
   */
  static @Nullable Connection adoptHere(LoopFd lf) throws IOException {
    Connection c = new Connection(lf, null, LoopAccess.syscalls(lf.loop()));
    return LoopAccess.opener().adoptConnected(lf, EVENTS, c, c.life) ? c : null;
  }

  /**
   * The HTTPS or SVCB record (RFC 9460) the connected address came from, when the dial named a
   * service ({@link Dialer.Builder#service}) and its name has such records: its ALPN protocol IDs
   * and ECH configuration are for the TLS layer above. Empty otherwise, and for an address of the
   * name's plain A or AAAA answer.
   */
  public Optional<ServiceBinding> serviceBinding() {
    return Optional.ofNullable(serviceBinding);
  }

  /** Records the binding the dial won with; before the connection is handed over. */
  void serviceBinding(@Nullable ServiceBinding binding) {
    this.serviceBinding = binding;
  }

  // ---------------------------------------------------------------- sending

  /**
   * libdill's {@code bsend}: sends all of {@code src} (position to limit) or fails; the position
   * advances by what the kernel took. A failure after part of the bytes went out leaves the peer
   * with a prefix, so it breaks the send side (later sends: ECONNRESET).
   *
   * @throws IOException ETIMEDOUT (deadline passed), ECANCELED (interrupted, closed by another
   *     thread, or the loop closed), ECONNRESET (the peer reset, or the send side broke earlier),
   *     EPIPE (after {@link #done}), EBUSY (another thread is sending), EBADF (closed)
   */
  public void send(ByteBuffer src, Deadline deadline) throws IOException {
    transmit(src, deadline, Operation.SEND);
  }

  /**
   * {@link #send(ByteBuffer, Deadline)} of all of {@code data}.
   *
   * @throws IOException ETIMEDOUT, ECANCELED, ECONNRESET, EPIPE, EBUSY, EBADF, as there
   */
  public void send(byte[] data, Deadline deadline) throws IOException {
    transmit(ByteBuffer.wrap(data), deadline, Operation.SEND);
  }

  // ---------------------------------------------------------------- receiving

  /**
   * libdill's {@code brecv}: exactly {@code n} bytes, or a failure. End of stream before the last
   * byte is EPIPE (and so is every later receive).
   *
   * @throws IOException ETIMEDOUT (deadline passed), ECANCELED (interrupted, closed by another
   *     thread, or the loop closed), EPIPE (end of stream, now or earlier), ECONNRESET (the peer
   *     reset, or the receive side broke earlier), EBUSY (another thread is receiving), EBADF
   *     (closed)
   * @throws InvalidArgumentException EINVAL for a negative {@code n}
   */
  public byte[] recv(int n, Deadline deadline) throws IOException {
    if (n < 0) {
      throw new InvalidArgumentException(Errno.EINVAL, Integer.toString(n), "a negative length");
    }
    byte[] b = new byte[n];
    receive(ByteBuffer.wrap(b), deadline, Operation.RECV, true);
    return b;
  }

  /**
   * libdill's {@code brecv} into {@code dst}: fills it from its position to its limit, or fails
   * (the position tells how much arrived before the failure).
   *
   * @throws IOException ETIMEDOUT, ECANCELED, EPIPE, ECONNRESET, EBUSY, EBADF, as {@link #recv(int,
   *     Deadline)}; EFAULT for a read-only buffer
   */
  public void recv(ByteBuffer dst, Deadline deadline) throws IOException {
    receive(dst, deadline, Operation.RECV, true);
  }

  /**
   * What is there, at least one byte (waiting for it until {@code deadline}), as {@link
   * java.nio.channels.ReadableByteChannel#read} does: the count, 0 only when {@code dst} has no
   * room, -1 at end of stream (now or earlier). The views read through this.
   *
   * @throws IOException ETIMEDOUT, ECANCELED, ECONNRESET, EBUSY, EBADF, EFAULT, as {@link
   *     #recv(ByteBuffer, Deadline)}; never EPIPE
   */
  public int read(ByteBuffer dst, Deadline deadline) throws IOException {
    return receive(dst, deadline, Operation.RECV, false);
  }

  // ---------------------------------------------------------------- ending

  /**
   * libdill's {@code tcp_done}: half close ({@code shutdown(SHUT_WR)}); the peer reads end of
   * stream after what was sent. Receiving goes on. Flushing the send buffer is the kernel's
   * business, so this does not wait; the deadline is there for libdill's signature.
   *
   * @throws IOException EPIPE (already done), ECONNRESET (the send side broke earlier), ENOTCONN
   *     (the peer reset the connection), EBUSY (another thread is sending), EBADF (closed)
   */
  public void done(Deadline deadline) throws IOException {
    Objects.requireNonNull(deadline, "deadline");
    acquire(Operation.SHUTDOWN);
    try {
      shutdownOutput(Operation.SHUTDOWN);
    } finally {
      life.release();
    }
  }

  /**
   * libdill's {@code tcp_close}: the graceful close. Half closes (unless {@link #done} did), then
   * reads and discards until the peer's end of stream, so that the peer has either read everything
   * or closed on purpose. The descriptor is released in every case, also when this fails.
   *
   * @throws IOException ETIMEDOUT (the peer did not close before the deadline), ECANCELED
   *     (interrupted, closed by another thread, or the loop closed), ECONNRESET (the peer reset, or
   *     either side broke earlier), EBUSY (another thread was receiving or sending), EBADF (already
   *     closed)
   */
  public void close(Deadline deadline) throws IOException {
    Objects.requireNonNull(deadline, "deadline");
    acquire(Operation.CLOSE);
    try {
      Errno earlier = brokenBy(inSide);
      if (earlier == null) {
        earlier = brokenBy(outSide);
      }
      if (earlier != null) {
        throw error(Errno.ECONNRESET, Operation.CLOSE, "broken earlier by " + earlier.name());
      }
      if (!isDone(outSide)) {
        shutdownOutput(Operation.CLOSE);
      }
      // tcp_close reads until EPIPE: then the peer has seen all our data or closed on purpose.
      ByteBuffer sink = ByteBuffer.allocate(512);
      while (receive(sink.clear(), deadline, Operation.CLOSE, false) >= 0) {
        // discard
      }
    } finally {
      close();
      life.release();
    }
  }

  /**
   * Closes ({@code close(2)}: the kernel still sends what is buffered, then FIN): at once, or, if
   * calls are running in other threads, when the last of them has left; those that wait end with
   * ECANCELED. Idempotent, from any thread; reports nothing. (libdill's {@code hclose} resets the
   * connection instead; that is {@link #abort()} here.)
   */
  @Override
  public void close() {
    if (!life.markClosed()) {
      return;
    }
    wake(inSide);
    wake(outSide);
    life.release();
  }

  /**
   * Closes with a reset ({@code SO_LINGER} 0, then {@code close(2)}): buffered data is dropped and
   * the peer's next call fails ECONNRESET. Idempotent; reports nothing.
   */
  public void abort() {
    if (life.tryAcquire()) {
      try {
        sys.setLinger(fd, true, 0);
      } finally {
        life.release();
      }
    }
    close();
  }

  /**
   * Hands the descriptor over to the caller (to another library, Netty's epoll transport, a child
   * process): it leaves the event loop, and dial4j neither reads, writes nor closes it again. It
   * stays connected and non-blocking ({@code O_NONBLOCK}, as the loop needs it); closing it is the
   * caller's. The connection is then closed: calls running in other threads end with ECANCELED,
   * later calls fail with EBADF. Off a loop thread this returns once the loop has let go of the
   * descriptor; on a loop thread (a dial's callback) at once, and the loop lets go of it there and
   * then unless a call in another thread still holds it, which ends at once (woken, ECANCELED) and
   * lets go as it leaves.
   *
   * @return the descriptor's number
   * @throws IOException EBADF if the connection is closed (or detached) already
   */
  public int detach() throws IOException {
    if (!life.markClosed()) {
      throw error(Errno.EBADF, Operation.CLOSE, "the connection is closed");
    }
    life.handOver();
    wake(inSide);
    wake(outSide);
    life.release();
    if (!loop.inLoop() && !Blocking.onLoopThread()) {
      life.letGo().join();
    }
    return fd;
  }

  // ---------------------------------------------------------------- views and properties

  /** An {@link InputStream} view (reads without a deadline); closing it closes the connection. */
  public InputStream inputStream() {
    return new ConnectionViews.In(this);
  }

  /** An {@link OutputStream} view (each write is a send); closing it closes the connection. */
  public OutputStream outputStream() {
    return new ConnectionViews.Out(this);
  }

  /**
   * A {@link ByteChannel} view without deadlines: {@code read} is {@link #read}, {@code write}
   * sends everything; closing it closes the connection.
   */
  public ByteChannel channel() {
    return new ConnectionViews.Channel(this);
  }

  /**
   * The local endpoint, as the kernel bound it; null if the kernel did not report it. It is read
   * ({@code getsockname}) the first time it is asked for, and kept: asked for the first time after
   * {@link #close()} or {@link #detach()}, it is null.
   */
  public @Nullable InetEndpoint local() {
    InetEndpoint l = local;
    if (l != null || !life.tryAcquire()) {
      return l;
    }
    try {
      SockAddr[] out = new SockAddr[1];
      if (sys.getsockname(fd, out) == 0
          && SockAddrs.toEndpoint(out[0], remote == null ? null : remote.family())
              instanceof InetEndpoint ie) {
        local = l = ie;
      }
    } finally {
      life.release();
    }
    return l;
  }

  /** The remote endpoint (the connect target); null if the descriptor had none. */
  public @Nullable InetEndpoint remote() {
    return remote;
  }

  /** The network errors name: {@code tcp}, {@code tcp4} or {@code tcp6}. */
  public Network network() {
    return network;
  }

  // ---------------------------------------------------------------- socket options

  /**
   * Sets a socket option ({@code setsockopt(2)}), as {@link java.nio.channels.NetworkChannel} does:
   * any thread, while the connection is open. The options are {@link #supportedOptions()}: {@link
   * java.net.StandardSocketOptions#TCP_NODELAY TCP_NODELAY}, {@code SO_KEEPALIVE}, {@code
   * SO_LINGER} (seconds, negative for off, 0 to reset at close), {@code SO_RCVBUF}, {@code
   * SO_SNDBUF} (positive), {@code IP_TOS} (0..255; {@code IPV6_TCLASS} on an IPv6 connection);
   * {@link jdk.net.ExtendedSocketOptions#TCP_KEEPIDLE TCP_KEEPIDLE}, {@code TCP_KEEPINTERVAL}
   * (seconds, 1..32767), {@code TCP_KEEPCOUNT} (1..127); {@link DialSocketOptions#TCP_USER_TIMEOUT
   * TCP_USER_TIMEOUT}, {@link DialSocketOptions#SO_MARK SO_MARK}, {@link
   * DialSocketOptions#SO_BINDTODEVICE SO_BINDTODEVICE}.
   *
   * @param <T> the option's value type
   * @throws UnsupportedOperationException an option not in {@link #supportedOptions()}
   * @throws IllegalArgumentException a null value, or one out of the option's range
   * @throws IOException the errno of the failed {@code setsockopt}, the option named in the detail
   *     (EPERM for SO_MARK without {@code CAP_NET_ADMIN}, ENODEV for SO_BINDTODEVICE of an
   *     interface that does not exist, EINVAL); EBADF if the connection is closed
   */
  public <T> void setOption(java.net.SocketOption<T> option, T value) throws IOException {
    acquire(Operation.SETSOCKOPT);
    try {
      SocketOptionCalls.set(sys, fd, option, value, this::optionError);
    } finally {
      life.release();
    }
  }

  /**
   * Reads a socket option ({@code getsockopt(2)}) of {@link #supportedOptions()}, as the kernel has
   * it: {@code SO_RCVBUF} and {@code SO_SNDBUF} are what the kernel keeps (twice the size asked
   * for), {@code SO_LINGER} is -1 when off, {@code SO_BINDTODEVICE} empty when not bound. Any
   * thread, while the connection is open.
   *
   * @param <T> the option's value type
   * @throws UnsupportedOperationException an option not in {@link #supportedOptions()}
   * @throws IOException the errno of the failed {@code getsockopt}, the option named; EBADF if the
   *     connection is closed
   */
  public <T> T getOption(java.net.SocketOption<T> option) throws IOException {
    acquire(Operation.GETSOCKOPT);
    try {
      return SocketOptionCalls.get(sys, fd, option, this::optionError);
    } finally {
      life.release();
    }
  }

  /** The options {@link #setOption} and {@link #getOption} take (an immutable set). */
  public java.util.Set<java.net.SocketOption<?>> supportedOptions() {
    return SocketOptionCalls.supported();
  }

  private IOException optionError(Errno errno, Operation op, String detail) {
    return error(errno, op, detail);
  }

  /** True until {@link #close()} (or {@link #close(Deadline)}, or {@link #abort()}). */
  public boolean isOpen() {
    return !life.isClosed();
  }

  @Override
  public String toString() {
    String state;
    if (life.isClosed()) {
      state = "closed";
    } else if (brokenBy(inSide) != null || brokenBy(outSide) != null) {
      state = "broken";
    } else if (isDone(inSide) || isDone(outSide)) {
      boolean eof = isDone(inSide);
      state = eof && isDone(outSide) ? "eof,done" : eof ? "eof" : "done";
    } else {
      state = "open";
    }
    return "Connection["
        + network.label()
        + " "
        + local()
        + "->"
        + remote
        + " fd="
        + fd
        + " "
        + state
        + "]";
  }

  // ---------------------------------------------------------------- the two directions

  private int receive(ByteBuffer dst, Deadline deadline, Operation op, boolean exact)
      throws IOException {
    return receive(dst, deadline, op, exact, true);
  }

  /**
   * {@link #read} as {@code java.net.Socket}'s SO_TIMEOUT wants it: a deadline that passes ends
   * this read with ETIMEDOUT and leaves the receive side usable (libdill's calls break it).
   */
  int readKeepingSide(ByteBuffer dst, Deadline deadline) throws IOException {
    return receive(dst, deadline, Operation.RECV, false, false);
  }

  private int receive(
      ByteBuffer dst, Deadline deadline, Operation op, boolean exact, boolean timeoutBreaks)
      throws IOException {
    Objects.requireNonNull(deadline, "deadline");
    acquire(op);
    try {
      if (dst.isReadOnly()) {
        throw error(Errno.EFAULT, op, "the buffer is read-only");
      }
      ConnectionSide in = in();
      if (!in.enter()) {
        throw error(Errno.EBUSY, op, "another thread is receiving");
      }
      try {
        // tcp_brecvl: indone first (EPIPE), then inerr (ECONNRESET).
        if (in.done) {
          if (exact) {
            throw error(Errno.EPIPE, op, "end of stream was read earlier");
          }
          return -1;
        }
        if (in.broken != null) {
          throw error(
              Errno.ECONNRESET, op, "the receive side broke earlier by " + in.broken.name());
        }
        int total = 0;
        int looks = 0; // EAGAINs so far, each followed by a wait or a look (see await)
        while (dst.hasRemaining()) {
          long r = sys.recv(fd, MemorySegment.ofBuffer(dst), 0);
          if (r > 0) {
            dst.position(dst.position() + (int) r);
            total += (int) r;
            if (!exact) {
              return total;
            }
          } else if (r == 0) {
            in.done = true; // fd_recv: a 0-byte recv is EPIPE, and it sets indone
            if (exact) {
              throw error(Errno.EPIPE, op, "the peer closed its side (end of stream)");
            }
            return -1;
          } else if (r == -Errno.EAGAIN.number()) {
            await(in, deadline, op, timeoutBreaks, looks++);
          } else if (r != -Errno.EINTR.number()) {
            // (EINTR: a signal came first; made again at once, no wait needed, nor the loop)
            throw fail(in, kernelErrno(r), op, null);
          }
        }
        return total;
      } finally {
        in.leave();
      }
    } finally {
      life.release();
    }
  }

  private void transmit(ByteBuffer src, Deadline deadline, Operation op) throws IOException {
    Objects.requireNonNull(deadline, "deadline");
    acquire(op);
    try {
      ConnectionSide out = out();
      if (!out.enter()) {
        throw error(Errno.EBUSY, op, "another thread is sending");
      }
      try {
        checkSendSide(out, op);
        int looks = 0; // as in receive
        while (src.hasRemaining()) {
          long r = sys.send(fd, MemorySegment.ofBuffer(src), Sys.MSG_NOSIGNAL);
          if (r >= 0) {
            src.position(src.position() + (int) r);
          } else if (r == -Errno.EAGAIN.number()) {
            await(out, deadline, op, true, looks++);
          } else if (r != -Errno.EINTR.number()) { // EINTR: made again at once, as in receive
            throw fail(out, kernelErrno(r), op, null);
          }
        }
      } finally {
        out.leave();
      }
    } finally {
      life.release();
    }
  }

  /** tcp_hdone, under the send side's EBUSY guard; the caller holds a reference. */
  private void shutdownOutput(Operation op) throws IOException {
    ConnectionSide out = out();
    if (!out.enter()) {
      throw error(Errno.EBUSY, op, "another thread is sending");
    }
    try {
      checkSendSide(out, op);
      int r = sys.shutdown(fd, Sys.SHUT_WR);
      if (r < 0) {
        throw fail(out, Errno.of(-r), op, "shutdown(SHUT_WR)");
      }
      out.done = true;
    } finally {
      out.leave();
    }
  }

  /** tcp_bsendl's and tcp_hdone's first checks: outdone (EPIPE), then outerr (ECONNRESET). */
  private void checkSendSide(ConnectionSide out, Operation op) throws IOException {
    if (out.done) {
      throw error(Errno.EPIPE, op, "the send side was shut down (done)");
    }
    if (out.broken != null) {
      throw error(Errno.ECONNRESET, op, "the send side broke earlier by " + out.broken.name());
    }
  }

  /** fd.c maps EPIPE from send and recv to ECONNRESET: the peer reset, we did not shut down. */
  private static Errno kernelErrno(long r) {
    Errno e = Errno.of((int) -r);
    return e == Errno.EPIPE ? Errno.ECONNRESET : e;
  }

  /** The receive side, made on first use. */
  private ConnectionSide in() {
    ConnectionSide s = inSide;
    return s != null ? s : made(IN_SIDE, FdFlags.R);
  }

  /** The send side, made on first use. */
  private ConnectionSide out() {
    ConnectionSide s = outSide;
    return s != null ? s : made(OUT_SIDE, FdFlags.W);
  }

  /** The side in {@code field}, made by the first thread to get here; the others take that one. */
  private ConnectionSide made(VarHandle field, int flag) {
    ConnectionSide made = new ConnectionSide(life.loopFd(), flag);
    ConnectionSide there =
        (ConnectionSide) field.compareAndExchange(this, (ConnectionSide) null, made);
    return there != null ? there : made;
  }

  /**
   * Wakes {@code side}'s thread, if the side was ever used. One not made yet has no thread: a
   * thread that makes it after a close (or the loop's end) sees the closed state when it checks
   * before it waits, as the closer sets that state before it reads the side (both volatile).
   */
  private static void wake(@Nullable ConnectionSide side) {
    if (side != null) {
      side.wake();
    }
  }

  private static @Nullable Errno brokenBy(@Nullable ConnectionSide side) {
    return side == null ? null : side.broken;
  }

  private static boolean isDone(@Nullable ConnectionSide side) {
    return side != null && side.done;
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Waits until the loop reports {@code side} ready. Returns to retry the system call; throws
   * (breaking the side) on the deadline, an interrupt, a close or the loop's end. {@code looks}
   * counts the call's earlier EAGAINs, which bound its looks once the deadline has passed.
   */
  private void await(
      ConnectionSide side, Deadline deadline, Operation op, boolean timeoutBreaks, int looks)
      throws IOException {
    if (deadline.hasPassed(loop.clock())) {
      if (looks < MAX_LOOKS && readyNow(side)) {
        // The call found nothing and no time is left, yet poll(2) says the direction is ready:
        // what the kernel said a moment ago no longer holds (bytes arrived at the deadline, or
        // the EAGAIN was spurious), so the call is made again before the side breaks for a
        // deadline it did not need.
        return;
      }
      throw timeoutBreaks
          ? fail(side, Errno.ETIMEDOUT, op, "deadline passed")
          : error(Errno.ETIMEDOUT, op, "deadline passed");
    }
    Blocking.check("Connection." + op.label());
    if (sys.kernelDescriptors() && !Thread.currentThread().isVirtual()) {
      pollWait(side, deadline, op, timeoutBreaks);
      return;
    }
    side.ready = false;
    if (!loopGone) {
      try {
        loop.execute(side); // on the loop, it adds its direction to the interest
      } catch (RejectedExecutionException e) {
        loopGone = true;
      }
    }
    while (!side.ready) {
      checkWaitable(side, op);
      long left = deadline.remainingNanos(loop.clock());
      if (left == 0) {
        throw timeoutBreaks
            ? fail(side, Errno.ETIMEDOUT, op, "deadline passed")
            : error(Errno.ETIMEDOUT, op, "deadline passed");
      }
      LockSupport.parkNanos(this, left);
    }
    checkWaitable(side, op);
  }

  /** What {@code poll(2)} waits for on {@code side}'s behalf. */
  private short pollEvents(ConnectionSide side) {
    return side == inSide ? Sys.POLLIN : Sys.POLLOUT;
  }

  /**
   * {@code poll(2)} with no wait: {@code side}'s direction is ready, or has an error or a hang-up,
   * now. EINTR looks again.
   */
  private boolean readyNow(ConnectionSide side) {
    short events = pollEvents(side);
    int r;
    do {
      r = sys.poll(fd, events, 0);
    } while (r == -Errno.EINTR.number());
    return r > 0;
  }

  /**
   * A platform thread's wait: {@code poll(2)} on the descriptor in slices of {@link
   * #POLL_SLICE_MILLIS}, checking between them what ends a wait (a close, the loop's end, an
   * interrupt, the deadline). Ready, an error or a hang-up returns to retry the call, which reports
   * it. The caller holds a reference, so the descriptor's number stays this connection's.
   */
  private void pollWait(ConnectionSide side, Deadline deadline, Operation op, boolean timeoutBreaks)
      throws IOException {
    short events = pollEvents(side);
    while (true) {
      checkWaitable(side, op);
      int timeout = deadline.pollTimeoutMillis(loop.clock());
      if (timeout == 0) {
        throw timeoutBreaks
            ? fail(side, Errno.ETIMEDOUT, op, "deadline passed")
            : error(Errno.ETIMEDOUT, op, "deadline passed");
      }
      int r =
          sys.poll(
              fd, events, timeout < 0 ? POLL_SLICE_MILLIS : Math.min(timeout, POLL_SLICE_MILLIS));
      if (r > 0) {
        checkWaitable(side, op);
        return;
      }
      if (r < 0 && r != -Errno.EINTR.number()) {
        throw fail(side, Errno.of(-r), Operation.POLL, null);
      }
    }
  }

  private void checkWaitable(ConnectionSide side, Operation op) throws IOException {
    if (life.isClosed()) {
      throw fail(side, Errno.ECANCELED, op, "closed by another thread");
    }
    if (loopGone) {
      throw fail(side, Errno.ECANCELED, op, "the event loop closed");
    }
    if (Thread.currentThread().isInterrupted()) {
      throw fail(side, Errno.ECANCELED, op, "interrupted");
    }
  }

  /** The loop's callback: clear what fired from the interest, wake who waits for it. */
  private void onEvent(LoopFd f, int status) {
    if ((status & Status.FAILED) != 0) {
      // Only the loop's close sends FAILED here (the connection never uses LoopFd.write).
      loopGone = true;
      life.loopLetGo();
      wake(inSide);
      wake(outSide);
      return;
    }
    int keep = f.flags() & (FdFlags.R | FdFlags.W);
    if ((status & (Status.READABLE | Status.HANGUP)) != 0) {
      keep &= ~FdFlags.R;
      wake(inSide);
    }
    if ((status & (Status.WRITABLE | Status.HANGUP)) != 0) {
      keep &= ~FdFlags.W;
      wake(outSide);
    }
    f.interest(keep);
  }

  // ---------------------------------------------------------------- the descriptor and errors

  /** A reference to the descriptor for one call, released in its {@code finally}. */
  private void acquire(Operation op) throws IOException {
    if (!life.tryAcquire()) {
      throw error(Errno.EBADF, op, "the connection is closed");
    }
  }

  private IOException fail(
      ConnectionSide side, Errno errno, Operation op, @Nullable String detail) {
    side.breakWith(errno);
    return error(errno, op, detail);
  }

  private IOException error(Errno errno, Operation op, @Nullable String detail) {
    return NetError.of(errno, op, network, local(), remote, detail);
  }
}
