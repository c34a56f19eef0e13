package org.dial4j.socket;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.MonotonicClock;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.FdLife;
import org.dial4j.internal.SockAddrs;
import org.dial4j.internal.SocketKinds;
import org.dial4j.internal.SourceBinding;
import org.dial4j.internal.TargetChecks;
import org.dial4j.sys.DefaultSyscalls;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * A socket descriptor with POSIX semantics: the calls of the Solaris, Linux and TargetTCP {@code
 * connect} pages, one Java method each, with every failure thrown as a {@link NetError} that
 * carries the exact errno.
 *
 * <h2>Blocking and non-blocking</h2>
 *
 * A new socket is blocking, as POSIX says; {@link #setBlocking(boolean)} changes that. In the
 * kernel the descriptor is always {@code O_NONBLOCK}: a blocking call is the non-blocking call
 * followed by a wait with {@code poll(2)}, which is what lets every blocking call take a {@link
 * Deadline} (libdill's rule), notice {@link Thread#interrupt()} and notice {@link #close()} from
 * another thread. A blocking call without a deadline waits with {@link Deadline#NEVER}.
 *
 * <p>On a virtual thread a blocking call parks the thread instead of waiting in {@code poll(2)}, so
 * its carrier goes on running other virtual threads: a poller thread with its own epoll descriptor
 * per direction unparks it when the socket is ready, as the JDK does for its own sockets. The
 * outcomes are the same on either kind of thread (the deadline, EINTR, ECANCELED). The poller's two
 * daemon threads and two epoll descriptors are made on the first such wait and kept for the life of
 * the JVM.
 *
 * <h2>Connect</h2>
 *
 * <ul>
 *   <li>Non-blocking stream connect: {@link ConnectResult#IN_PROGRESS} (EINPROGRESS), then EALREADY
 *       from each further {@code connect} while the handshake is pending, then EISCONN once it is
 *       established (TargetTCP). {@link #finishConnect(Deadline)} waits for writability and reads
 *       {@code SO_ERROR} (Solaris and Linux); {@link #awaitWritable} and {@link #takeError} are the
 *       two steps on their own.
 *   <li>Blocking connect with a deadline: ETIMEDOUT when it passes. EINTR when the thread is
 *       interrupted: the handshake goes on in the background, and a later {@link #finishConnect}
 *       sees it complete (Solaris).
 *   <li>A stream socket connects once (EISCONN after); a failed attempt reports its error once, and
 *       the same socket may then connect again (the Linux kernel's rule).
 *   <li>Datagram sockets: connect never blocks and sets the only peer datagrams come from;
 *       connecting again changes the peer; {@link #disconnect()} dissolves the association ({@code
 *       AF_UNSPEC}), after which {@link #send} gives EDESTADDRREQ.
 *   <li>Input checks before the system call (TargetTCP): null target EFAULT; unspecified address or
 *       port 0 EDESTADDRREQ; broadcast or multicast target on TCP EADDRNOTAVAIL; an address of
 *       another family EAFNOSUPPORT; a host name EINVAL; connect on a listening socket EOPNOTSUPP
 *       (bare Linux says EISCONN there); a closed socket EBADF.
 * </ul>
 *
 * <p>A socket is not safe for use by several threads at once, except that {@link #close()} may be
 * called from any thread at any time: a call waiting in another thread ends with ECANCELED, and the
 * descriptor is released only when no call is using it, so its number is never reused under a
 * running call.
 *
 * <p>{@code send} and {@code recv} follow {@code send(2)} and {@code recv(2)}: a non-blocking call
 * that would block throws EAGAIN. End of stream is -1, as in {@code java.io} and {@link
 * java.nio.channels.ReadableByteChannel#read} (and {@code Connection.read}): {@code recv} on a
 * stream socket returns -1 where {@code recv(2)} returns 0, and 0 only for a buffer without room;
 * on a datagram or seqpacket socket 0 is an empty datagram or message (where a seqpacket peer's
 * close also reads 0, as the kernel cannot tell them apart).
 *
 * <p>An error names as its source the address the socket was bound to (none for an unbound socket;
 * for {@code bind}, the address asked for), with the port the kernel chose where it was bound to
 * port 0 and has chosen one.
 */
public final class PosixSocket implements AutoCloseable {

  /** Where the socket is in its life. */
  public enum State {
    /** Created or bound; not connected, not listening. */
    OPEN,
    /** {@link #listen} was called. */
    LISTENING,
    /** A stream connect is in progress. */
    CONNECTING,
    /** Connected (for a datagram socket: a default peer is set). */
    CONNECTED,
    /** Closed; every call gives EBADF. */
    CLOSED
  }

  private final Syscalls sys;
  private final MonotonicClock clock;
  private final int fd;
  private final @Nullable Family family; // null: an adopted descriptor of a kind dial4j lacks
  private final Network.@Nullable SocketType type;
  private final @Nullable Network network;

  /** The owner's reference and the calls' references; the last release closes the descriptor. */
  private final FdLife life;

  private final SocketErrors errors;
  private final SocketWait waits;

  private volatile State state = State.OPEN;
  private boolean blocking = true;

  /**
   * A failed connect was read through SO_ERROR; Linux then answers the next connect once with
   * ECONNABORTED.
   */
  private boolean failureUnsettled;

  private @Nullable Endpoint bound;
  private @Nullable Endpoint peer;
  private final int[] intOut = new int[1];
  private final @Nullable SockAddr[] addrOut = new SockAddr[1];

  private PosixSocket(
      Syscalls sys,
      MonotonicClock clock,
      int fd,
      @Nullable Family family,
      Network.@Nullable SocketType type) {
    this.sys = sys;
    this.clock = clock;
    this.fd = fd;
    this.family = family;
    this.type = type;
    this.network = SocketKinds.network(family, type);
    this.life = FdLife.closing(sys, fd);
    this.errors = new SocketErrors(sys, fd, family, network);
    this.waits = new SocketWait(sys, clock, fd, life, errors, this);
  }

  /**
   * {@code socket(2)}: a new blocking socket.
   *
   * @throws IOException EAFNOSUPPORT, EPROTONOSUPPORT (a type the family lacks), EMFILE, ENFILE,
   *     ENOBUFS, ENOMEM, EACCES
   */
  public static PosixSocket open(Family family, Network.SocketType type) throws IOException {
    return open(DefaultSyscalls.get(), MonotonicClock.SYSTEM, family, type);
  }

  /** {@code socket(2)} for the family of {@code target} and the type of {@code network}. */
  public static PosixSocket open(Network network, Endpoint target) throws IOException {
    return open(SocketKinds.familyFor(network, target), network.socketType());
  }

  /** {@link #open(Family, Network.SocketType)} on another backend and clock (tests, fakes). */
  static PosixSocket open(
      Syscalls sys, MonotonicClock clock, Family family, Network.SocketType type)
      throws IOException {
    int fd =
        sys.socket(
            SocketKinds.af(family),
            SocketKinds.sockType(type) | Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC,
            0);
    if (fd < 0) {
      throw NetError.of(
          Errno.of(-fd), Operation.SOCKET, SocketKinds.network(family, type), null, null, null);
    }
    return new PosixSocket(sys, clock, fd, family, type);
  }

  /**
   * Takes ownership of a descriptor opened elsewhere (libut hands descriptors around as ints). Its
   * family and type are read from the kernel and it is put in {@code O_NONBLOCK} mode; a descriptor
   * that is no socket is still taken, and each socket call on it then fails as the kernel says
   * (ENOTSOCK; EBADF for a number that is not open).
   */
  public static PosixSocket fromDescriptor(int fd) {
    return fromDescriptor(DefaultSyscalls.get(), MonotonicClock.SYSTEM, fd);
  }

  static PosixSocket fromDescriptor(Syscalls sys, MonotonicClock clock, int fd) {
    int[] v = new int[1];
    Family family =
        sys.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_DOMAIN, v) == 0
            ? SocketKinds.family(v[0])
            : null;
    Network.SocketType type =
        sys.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_TYPE, v) == 0
            ? SocketKinds.socketType(v[0])
            : null;
    PosixSocket s = new PosixSocket(sys, clock, fd, family, type);
    if (family != null) {
      int fl = sys.fcntl(fd, Sys.F_GETFL, 0);
      if (fl >= 0 && (fl & Sys.O_NONBLOCK) == 0) {
        sys.fcntl(fd, Sys.F_SETFL, fl | Sys.O_NONBLOCK);
      }
      if (sys.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_ACCEPTCONN, v) == 0 && v[0] != 0) {
        s.state = State.LISTENING;
      } else if (sys.getpeername(fd, s.addrOut) == 0) {
        s.state = State.CONNECTED;
        s.peer = SockAddrs.toEndpoint(s.addrOut[0], family);
      }
    }
    return s;
  }

  // ---------------------------------------------------------------- properties

  /** The descriptor number, or -1 once closed. */
  public int fd() {
    return life.isClosed() ? -1 : fd;
  }

  /** The address family, or empty for an adopted descriptor that is no socket. */
  public Optional<Family> family() {
    return Optional.ofNullable(family);
  }

  /** The socket type, or empty for an adopted descriptor that is no socket. */
  public Optional<Network.SocketType> type() {
    return Optional.ofNullable(type);
  }

  /** The network named in errors: tcp, udp, unix, unixgram or unixpacket (empty if unknown). */
  public Optional<Network> network() {
    return Optional.ofNullable(network);
  }

  /** Where the socket is in its life. */
  public State state() {
    return state;
  }

  /** Whether calls wait (the default) or fail with EINPROGRESS / EAGAIN. */
  public boolean isBlocking() {
    return blocking;
  }

  /**
   * Chooses blocking or non-blocking calls (the effect of {@code O_NONBLOCK} in POSIX; the kernel
   * descriptor itself always stays non-blocking).
   */
  public void setBlocking(boolean blocking) {
    this.blocking = blocking;
  }

  // ---------------------------------------------------------------- bind, listen, accept

  /**
   * {@code bind(2)}. For a TCP socket bound to a chosen IP with port 0, sets {@code
   * IP_BIND_ADDRESS_NO_PORT} first, so the port is picked at {@code connect} for the whole 4-tuple
   * rather than now for the address alone: thousands of connects from one source IP then do not
   * exhaust the ephemeral ports (listen still picks a port as usual).
   *
   * @throws IOException EADDRINUSE (the port is taken), EADDRNOTAVAIL (no such local address),
   *     EACCES (a privileged port, or a Unix path without permission), EINVAL (already bound),
   *     EAFNOSUPPORT (another family), EFAULT (null), EBADF (closed)
   */
  public void bind(@Nullable Endpoint local) throws IOException {
    acquire(Operation.BIND, local, null);
    try {
      if (local == null) {
        throw error(Errno.EFAULT, Operation.BIND, null, null, "local address is null");
      }
      TargetChecks.Failure f = TargetChecks.family(local, family, "local");
      if (f != null) {
        throw error(f.errno(), Operation.BIND, local, null, f.detail());
      }
      if (local instanceof InetEndpoint ie && type != null) {
        // The one source rule, as the loop's named connect makes it.
        check(
            SourceBinding.deferPort(sys, fd, ie, type),
            Operation.SETSOCKOPT,
            local,
            null,
            "IP_BIND_ADDRESS_NO_PORT");
      }
      check(sys.bind(fd, SockAddrs.of(local, family)), Operation.BIND, local, null, null);
      bound = local;
    } finally {
      life.release();
    }
  }

  /**
   * {@code listen(2)}.
   *
   * @throws IOException EADDRINUSE (another socket listens on the port), EOPNOTSUPP (a datagram
   *     socket), EBADF
   */
  public void listen(int backlog) throws IOException {
    acquire(Operation.LISTEN, bound, null);
    try {
      check(sys.listen(fd, backlog), Operation.LISTEN, bound, null, null);
      state = State.LISTENING;
    } finally {
      life.release();
    }
  }

  /**
   * {@code accept4(2)}: in blocking mode waits without a deadline; else EAGAIN if none is queued.
   */
  public PosixSocket accept() throws IOException {
    return accept(blocking ? Deadline.NEVER : Deadline.NOW);
  }

  /**
   * {@code accept4(2)}, waiting until {@code deadline} for a connection. The new socket is blocking
   * and knows its peer.
   *
   * @throws IOException ETIMEDOUT (the deadline passed; EAGAIN for a non-blocking socket with
   *     nothing queued), EINVAL (not listening), EMFILE, ENFILE, EINTR (interrupted), ECANCELED
   *     (closed meanwhile), EBADF
   */
  public PosixSocket accept(Deadline deadline) throws IOException {
    acquire(Operation.ACCEPT, bound, null);
    try {
      while (true) {
        int r = sys.accept4(fd, addrOut, Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC);
        if (r >= 0) {
          PosixSocket s = new PosixSocket(sys, clock, r, family, type);
          s.state = State.CONNECTED;
          s.peer = SockAddrs.toEndpoint(addrOut[0], family);
          return s;
        }
        Errno e = Errno.of(-r);
        // A connection reset while queued (ECONNABORTED) is skipped, as accept loops do.
        if (e != Errno.ECONNABORTED) {
          waits.toRetry(e, Sys.POLLIN, deadline, Operation.ACCEPT, bound, null);
        }
      }
    } finally {
      life.release();
    }
  }

  // ---------------------------------------------------------------- connect

  /**
   * {@code connect(2)}: in blocking mode waits without a deadline and returns {@link
   * ConnectResult#CONNECTED}; in non-blocking mode makes one attempt and returns {@link
   * ConnectResult#IN_PROGRESS} for a stream connect that goes on in the background.
   *
   * @throws IOException with the errno: the input checks of the class comment (EFAULT,
   *     EDESTADDRREQ, EADDRNOTAVAIL, EAFNOSUPPORT, EINVAL, EOPNOTSUPP, EBADF); the state machine
   *     (EALREADY while a non-blocking connect is pending, EISCONN once connected); the kernel's
   *     (ECONNREFUSED (a reset, an ICMP port unreachable), ENETUNREACH (no route, an ICMP network
   *     unreachable, the link or route gone while the SYN waited), EHOSTUNREACH (an {@code
   *     unreachable} route, an ICMP host unreachable or administratively prohibited, a neighbour
   *     that stopped answering), EACCES or EPERM (a {@code prohibit} route or a firewall rule
   *     forbids it, an ICMPv6 administratively prohibited, or a broadcast without SO_BROADCAST),
   *     EINVAL for an address that passed the input checks (a {@code blackhole} route, or an IPv6
   *     link-local target without a scope; the detail says which), EADDRINUSE, EADDRNOTAVAIL (no
   *     ephemeral port left), EAGAIN (a Unix listener's queue is full), ENOENT, ECONNREFUSED,
   *     EPROTOTYPE and ENOTDIR for Unix paths, ENOTSOCK, ETIMEDOUT)
   */
  public ConnectResult connect(@Nullable Endpoint target) throws IOException {
    return blocking ? connect(target, Deadline.NEVER) : connectOnce(target, false);
  }

  /**
   * {@code connect(2)} that waits until the connection is established or {@code deadline} passes,
   * whatever the blocking mode; a connect already in progress is waited for (as a blocking Linux
   * connect does).
   *
   * @throws IOException as {@link #connect(Endpoint)}, and ETIMEDOUT when the deadline passes (the
   *     handshake goes on until the socket is closed), EINTR when the thread is interrupted (it
   *     goes on; {@link #finishConnect} sees it finish), ECANCELED when the socket is closed
   *     meanwhile
   */
  public ConnectResult connect(@Nullable Endpoint target, Deadline deadline) throws IOException {
    ConnectResult r = connectOnce(target, true);
    return r == ConnectResult.IN_PROGRESS ? finishConnect(deadline) : r;
  }

  /**
   * {@code connect(2)} with exactly these bytes as the {@code struct sockaddr} (family first, in
   * host byte order) and their count as {@code addrlen}: nothing is checked or converted, so the
   * kernel's own checks answer (EINVAL for a short length, EAFNOSUPPORT for another family). For
   * tests and for addresses dial4j does not model.
   */
  public ConnectResult connectRaw(byte @Nullable [] sockaddr) throws IOException {
    acquire(Operation.CONNECT, bound, null);
    try {
      int r = sys.connect(fd, sockaddr == null ? null : new SockAddr.Raw(sockaddr.clone()));
      if (r == 0) {
        state = State.CONNECTED;
        return ConnectResult.CONNECTED;
      }
      if (r == -Errno.EINPROGRESS.number()) {
        state = State.CONNECTING;
        return ConnectResult.IN_PROGRESS;
      }
      throw error(Errno.of(-r), Operation.CONNECT, bound, null, "raw address");
    } finally {
      life.release();
    }
  }

  /**
   * One {@code connect(2)}. With {@code waiting}, EALREADY (a connect already pending) is {@link
   * ConnectResult#IN_PROGRESS} to wait for, as a blocking Linux connect waits for it.
   */
  private ConnectResult connectOnce(@Nullable Endpoint given, boolean waiting) throws IOException {
    acquire(Operation.CONNECT, bound, given);
    try {
      TargetChecks.Failure f = TargetChecks.target(given, family, type, "target");
      if (f != null) {
        throw error(f.errno(), Operation.CONNECT, bound, given, f.detail());
      }
      Endpoint target = Objects.requireNonNull(given, "the checks answer EFAULT for null");
      boolean stream = type != Network.SocketType.DGRAM;
      if (state == State.LISTENING) {
        // TargetTCP: "EOPNOTSUPP socket is the handle of a socket in the listen state". Bare
        // Linux answers EISCONN.
        throw error(Errno.EOPNOTSUPP, Operation.CONNECT, bound, target, "the socket is listening");
      }
      if (stream && state == State.CONNECTED) {
        // Linux answers 0 once more to the first connect after an asynchronous success and EISCONN
        // after that; dial4j says EISCONN as soon as it knows (TargetTCP's sequence).
        throw error(Errno.EISCONN, Operation.CONNECT, bound, peer, null);
      }
      SockAddr sa =
          family != null ? SockAddrs.of(target, family) : SockAddrs.of(target, Family.INET6);
      int r = sys.connect(fd, sa);
      if (r == -Errno.ECONNABORTED.number() && failureUnsettled) {
        // The kernel still holds the failed attempt whose error SO_ERROR already reported: its
        // next connect answers ECONNABORTED and resets the socket, so make the real attempt now.
        r = sys.connect(fd, sa);
      }
      failureUnsettled = false;
      if (r == 0) {
        state = State.CONNECTED;
        peer = target;
        return ConnectResult.CONNECTED;
      }
      Errno e = Errno.of(-r);
      switch (e) {
        case EINPROGRESS, EINTR -> {
          state = State.CONNECTING;
          peer = target;
          return ConnectResult.IN_PROGRESS;
        }
        case EALREADY -> {
          state = State.CONNECTING;
          if (waiting) {
            return ConnectResult.IN_PROGRESS;
          }
        }
        case EISCONN -> state = State.CONNECTED;
        default -> {
          if (stream) {
            state = State.OPEN;
          }
        }
      }
      throw error(e, Operation.CONNECT, bound, target, TargetChecks.kernelConnectDetail(e, target));
    } finally {
      life.release();
    }
  }

  /**
   * Waits for a pending connect to finish: writability, then {@code SO_ERROR} (the Solaris page's
   * procedure). Returns at once when already connected.
   *
   * @throws IOException the connect's own error (ECONNREFUSED, ETIMEDOUT from the kernel,
   *     EHOSTUNREACH, ...), after which the socket may connect again; ETIMEDOUT when the deadline
   *     passes first (the connect stays pending); EINTR when interrupted (it stays pending);
   *     ECANCELED when closed meanwhile; ENOTCONN when no connect was started; EBADF
   */
  public ConnectResult finishConnect(Deadline deadline) throws IOException {
    acquire(Operation.CONNECT, bound, peer);
    try {
      if (state == State.CONNECTED) {
        return ConnectResult.CONNECTED;
      }
      if (state != State.CONNECTING) {
        if (life.isClosed()) {
          // Closed by another thread after this call took its reference: as a close that comes
          // while the call waits (close marks the socket closed before it sets the state).
          throw error(
              Errno.ECANCELED, Operation.CONNECT, bound, peer, "the socket was closed meanwhile");
        }
        throw error(Errno.ENOTCONN, Operation.CONNECT, bound, peer, "no connect is in progress");
      }
      if (!waits.await(Sys.POLLOUT, deadline, Operation.CONNECT, bound, peer)) {
        throw error(
            Errno.ETIMEDOUT,
            Operation.CONNECT,
            bound,
            peer,
            "deadline passed while the handshake was pending");
      }
      int err = soError(peer);
      if (err == 0) {
        state = State.CONNECTED;
        return ConnectResult.CONNECTED;
      }
      attemptFailed();
      throw error(Errno.of(err), Operation.CONNECT, bound, peer, null);
    } finally {
      life.release();
    }
  }

  /**
   * {@code getsockopt(SOL_SOCKET, SO_ERROR)}: the pending error, which reading clears (so a failed
   * connect reports its error once), or empty for none.
   */
  public Optional<Errno> takeError() throws IOException {
    acquire(Operation.GETSOCKOPT, bound, peer);
    try {
      int err = soError(peer);
      if (err != 0 && state == State.CONNECTING) {
        attemptFailed();
      }
      return err == 0 ? Optional.empty() : Optional.of(Errno.of(err));
    } finally {
      life.release();
    }
  }

  /** SO_ERROR reported a pending connect's failure: the socket may connect again. */
  private void attemptFailed() {
    state = State.OPEN;
    failureUnsettled = true;
  }

  private int soError(@Nullable Endpoint target) throws IOException {
    check(
        sys.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_ERROR, intOut),
        Operation.GETSOCKOPT,
        bound,
        target,
        "SO_ERROR");
    return intOut[0];
  }

  /**
   * Dissolves a datagram socket's association: {@code connect} to an {@code AF_UNSPEC} address
   * (Linux connect(2), Solaris "connecting to a null address"). On a stream socket Linux aborts the
   * connection instead.
   *
   * @throws IOException EBADF
   */
  public void disconnect() throws IOException {
    acquire(Operation.CONNECT, bound, peer);
    try {
      check(sys.connect(fd, SockAddr.UNSPEC), Operation.CONNECT, bound, null, "AF_UNSPEC");
      state = State.OPEN;
      peer = null;
    } finally {
      life.release();
    }
  }

  // ---------------------------------------------------------------- readiness

  /**
   * Waits until the socket is writable, or has an error or hang-up pending, or {@code deadline}
   * passes (false).
   *
   * @throws IOException EINTR (interrupted), ECANCELED (closed meanwhile), EBADF
   */
  public boolean awaitWritable(Deadline deadline) throws IOException {
    acquire(Operation.POLL, bound, peer);
    try {
      return waits.await(Sys.POLLOUT, deadline, Operation.POLL, bound, peer);
    } finally {
      life.release();
    }
  }

  /** As {@link #awaitWritable} for readability (data, end of stream, a queued connection). */
  public boolean awaitReadable(Deadline deadline) throws IOException {
    acquire(Operation.POLL, bound, peer);
    try {
      return waits.await(Sys.POLLIN, deadline, Operation.POLL, bound, peer);
    } finally {
      life.release();
    }
  }

  // ---------------------------------------------------------------- data

  /**
   * {@code send(2)} from {@code src}'s position to its limit; advances the position by the count
   * sent and returns it. In blocking mode waits until at least one byte can be sent.
   *
   * @throws IOException EAGAIN (non-blocking, would block), EDESTADDRREQ (datagram socket without a
   *     peer), EPIPE (the stream was shut down), ECONNRESET, ENOTCONN, EMSGSIZE, ECONNREFUSED (a
   *     datagram peer's port is closed), EBADF
   */
  public int send(ByteBuffer src) throws IOException {
    return send(src, blocking ? Deadline.NEVER : Deadline.NOW);
  }

  /** {@code send(2)}, waiting until {@code deadline} for room: ETIMEDOUT if none came. */
  public int send(ByteBuffer src, Deadline deadline) throws IOException {
    return sendTo(src, null, deadline);
  }

  /**
   * {@code sendto(2)}: a datagram to {@code target} (or, with a null target, to the connected
   * peer).
   */
  public int sendTo(ByteBuffer src, @Nullable Endpoint target) throws IOException {
    return sendTo(src, target, blocking ? Deadline.NEVER : Deadline.NOW);
  }

  /** {@code sendto(2)}, waiting until {@code deadline} for room: ETIMEDOUT if none came. */
  public int sendTo(ByteBuffer src, @Nullable Endpoint target, Deadline deadline)
      throws IOException {
    Endpoint shown = target != null ? target : peer;
    acquire(Operation.SEND, bound, shown);
    try {
      SockAddr to = null;
      if (target != null) {
        TargetChecks.Failure f = TargetChecks.family(target, family, "target");
        if (f != null) {
          throw error(f.errno(), Operation.SEND, bound, target, f.detail());
        }
        to = SockAddrs.of(target, family);
      }
      MemorySegment seg = MemorySegment.ofBuffer(src);
      while (true) {
        long r = sys.sendto(fd, seg, Sys.MSG_NOSIGNAL, to);
        if (r >= 0) {
          src.position(src.position() + (int) r);
          return (int) r;
        }
        waits.toRetry(Errno.of((int) -r), Sys.POLLOUT, deadline, Operation.SEND, bound, shown);
      }
    } finally {
      life.release();
    }
  }

  /**
   * {@code recv(2)} into {@code dst} from its position to its limit; advances the position and
   * returns the count: -1 at end of stream on a stream socket (each time it is asked again), 0 when
   * {@code dst} has no room or for an empty datagram or seqpacket message. In blocking mode waits
   * for data.
   *
   * @throws IOException EAGAIN (non-blocking, nothing to read), ECONNRESET, ENOTCONN, ECONNREFUSED
   *     (a datagram peer's port is closed), EBADF
   */
  public int recv(ByteBuffer dst) throws IOException {
    return recv(dst, blocking ? Deadline.NEVER : Deadline.NOW);
  }

  /** {@code recv(2)}, waiting until {@code deadline} for data: ETIMEDOUT if none came. */
  public int recv(ByteBuffer dst, Deadline deadline) throws IOException {
    return receive(dst, deadline, null);
  }

  /**
   * {@code recvfrom(2)}: one datagram into {@code dst} (the count is how far the position moved),
   * returning its sender (the unnamed Unix address for an unbound sender). On a stream socket it
   * reads what is there as {@link #recv} does and returns the sender the kernel names, or the
   * connected peer where it names none (TCP), and null at end of stream, where {@code recv} says
   * -1. In blocking mode waits for data.
   *
   * @throws IOException as {@link #recv(ByteBuffer)}
   */
  public @Nullable Endpoint recvFrom(ByteBuffer dst) throws IOException {
    return recvFrom(dst, blocking ? Deadline.NEVER : Deadline.NOW);
  }

  /** {@code recvfrom(2)}, waiting until {@code deadline}: ETIMEDOUT if nothing came. */
  public @Nullable Endpoint recvFrom(ByteBuffer dst, Deadline deadline) throws IOException {
    addrOut[0] = null;
    if (receive(dst, deadline, addrOut) < 0) {
      return null;
    }
    Endpoint from = addrOut[0] == null ? null : SockAddrs.toEndpoint(addrOut[0], family);
    // recvfrom(2) on TCP leaves the address empty (POSIX: unspecified for a protocol that does
    // not give the source of messages); the sender is the connected peer.
    return from == null && type == Network.SocketType.STREAM ? peer : from;
  }

  private int receive(ByteBuffer dst, Deadline deadline, @Nullable SockAddr @Nullable [] from)
      throws IOException {
    acquire(Operation.RECV, bound, peer);
    try {
      if (dst.isReadOnly()) {
        throw error(Errno.EFAULT, Operation.RECV, bound, peer, "the buffer is read-only");
      }
      MemorySegment seg = MemorySegment.ofBuffer(dst);
      while (true) {
        long r = from == null ? sys.recv(fd, seg, 0) : sys.recvfrom(fd, seg, 0, from);
        if (r > 0) {
          dst.position(dst.position() + (int) r);
          return (int) r;
        }
        if (r == 0) {
          // recv(2) returns 0 both at end of stream and for a zero-length buffer (and for an
          // empty datagram): only the first is -1.
          return type == Network.SocketType.STREAM && seg.byteSize() > 0 ? -1 : 0;
        }
        waits.toRetry(Errno.of((int) -r), Sys.POLLIN, deadline, Operation.RECV, bound, peer);
      }
    } finally {
      life.release();
    }
  }

  /** {@code shutdown(SHUT_WR)}: no more sends; the peer reads end of stream. */
  public void shutdownOutput() throws IOException {
    shutdown(Sys.SHUT_WR);
  }

  /** {@code shutdown(SHUT_RD)}: no more receives. */
  public void shutdownInput() throws IOException {
    shutdown(Sys.SHUT_RD);
  }

  private void shutdown(int how) throws IOException {
    acquire(Operation.SHUTDOWN, bound, peer);
    try {
      check(sys.shutdown(fd, how), Operation.SHUTDOWN, bound, peer, null);
    } finally {
      life.release();
    }
  }

  // ---------------------------------------------------------------- addresses and options

  /**
   * {@code getsockname(2)}: the local address, as bound or as the kernel chose it (an unbound
   * socket is bound automatically by connect); null for an address of a family dial4j lacks.
   *
   * @throws IOException ENOTSOCK (an adopted descriptor that is no socket), EBADF
   */
  public @Nullable Endpoint local() throws IOException {
    acquire(Operation.GETNAME, bound, peer);
    try {
      check(sys.getsockname(fd, addrOut), Operation.GETNAME, bound, peer, "getsockname");
      return SockAddrs.toEndpoint(addrOut[0], family);
    } finally {
      life.release();
    }
  }

  /**
   * {@code getpeername(2)}: the connected peer; null for an address of a family dial4j lacks.
   *
   * @throws IOException ENOTCONN when not connected, EBADF
   */
  public @Nullable Endpoint remote() throws IOException {
    acquire(Operation.GETNAME, bound, peer);
    try {
      check(sys.getpeername(fd, addrOut), Operation.GETNAME, bound, peer, "getpeername");
      return SockAddrs.toEndpoint(addrOut[0], family);
    } finally {
      life.release();
    }
  }

  /** {@code setsockopt} of any integer option, for what the typed setters do not cover. */
  public void setOption(int level, int name, int value) throws IOException {
    acquire(Operation.SETSOCKOPT, bound, peer);
    try {
      check(
          sys.setsockoptInt(fd, level, name, value),
          Operation.SETSOCKOPT,
          bound,
          peer,
          "level " + level + " option " + name);
    } finally {
      life.release();
    }
  }

  /** {@code getsockopt} of any integer option. */
  public int getOption(int level, int name) throws IOException {
    acquire(Operation.GETSOCKOPT, bound, peer);
    try {
      check(
          sys.getsockoptInt(fd, level, name, intOut),
          Operation.GETSOCKOPT,
          bound,
          peer,
          "level " + level + " option " + name);
      return intOut[0];
    } finally {
      life.release();
    }
  }

  /** {@code SO_REUSEADDR}. */
  public void setReuseAddress(boolean on) throws IOException {
    setOption(Sys.SOL_SOCKET, Sys.SO_REUSEADDR, on ? 1 : 0);
  }

  /**
   * {@code SO_REUSEPORT}: several sockets may listen on one port; the kernel spreads connections.
   */
  public void setReusePort(boolean on) throws IOException {
    setOption(Sys.SOL_SOCKET, Sys.SO_REUSEPORT, on ? 1 : 0);
  }

  /** {@code SO_BROADCAST}: without it a datagram connect to a broadcast address gives EACCES. */
  public void setBroadcast(boolean on) throws IOException {
    setOption(Sys.SOL_SOCKET, Sys.SO_BROADCAST, on ? 1 : 0);
  }

  /** {@code TCP_NODELAY}. */
  public void setNoDelay(boolean on) throws IOException {
    setOption(Sys.IPPROTO_TCP, Sys.TCP_NODELAY, on ? 1 : 0);
  }

  /** {@code SO_KEEPALIVE}. */
  public void setKeepAlive(boolean on) throws IOException {
    setOption(Sys.SOL_SOCKET, Sys.SO_KEEPALIVE, on ? 1 : 0);
  }

  /** {@code IPV6_V6ONLY}: an IPv6 socket that does not accept IPv4-mapped peers. */
  public void setIpv6Only(boolean on) throws IOException {
    setOption(Sys.IPPROTO_IPV6, Sys.IPV6_V6ONLY, on ? 1 : 0);
  }

  /**
   * {@code TCP_USER_TIMEOUT}: how long sent data (and a SYN) may stay unacknowledged before the
   * kernel fails the connection with ETIMEDOUT.
   */
  public void setUserTimeout(Duration timeout) throws IOException {
    setOption(
        Sys.IPPROTO_TCP,
        Sys.TCP_USER_TIMEOUT,
        (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  // ---------------------------------------------------------------- close

  /**
   * {@code close(2)}. Idempotent. A call waiting in another thread ends with ECANCELED; the
   * descriptor is released when the last running call returns.
   *
   * @throws IOException what {@code close(2)} reported (EIO), if it ran in this call
   */
  @Override
  public void close() throws IOException {
    if (!life.markClosed()) {
      return;
    }
    state = State.CLOSED;
    waits.wakeParked(); // before the owner's release: the number is still this socket's
    int r = life.release();
    if (r < 0 && r != -Errno.EINTR.number()) {
      // Not error() (no getsockname): the descriptor is gone, its number may be another's.
      throw errors.of(Errno.of(-r), Operation.CLOSE, bound, peer, null);
    }
  }

  /**
   * Closes with a reset instead of the orderly FIN ({@code SO_LINGER} of 0 seconds, then close):
   * the peer's next call fails with ECONNRESET and no TIME_WAIT is left here.
   */
  public void abort() throws IOException {
    try {
      acquire(Operation.SETSOCKOPT, bound, peer);
    } catch (IOException alreadyClosed) {
      return;
    }
    try {
      sys.setLinger(fd, true, 0);
    } finally {
      life.release();
    }
    close();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PosixSocket[fd=").append(fd);
    if (network != null) {
      sb.append(' ').append(network.label());
    }
    sb.append(' ').append(state);
    if (bound != null) {
      sb.append(" local=").append(bound);
    }
    if (peer != null) {
      sb.append(" peer=").append(peer);
    }
    return sb.append(']').toString();
  }

  // ---------------------------------------------------------------- internals

  /** A reference for one call (given back with {@code life.release()}), or EBADF once closed. */
  private void acquire(Operation op, @Nullable Endpoint src, @Nullable Endpoint dst)
      throws IOException {
    if (!life.tryAcquire()) {
      throw errors.closed(op, src, dst);
    }
  }

  private void check(
      int r, Operation op, @Nullable Endpoint src, @Nullable Endpoint dst, @Nullable String detail)
      throws IOException {
    if (r < 0) {
      throw error(Errno.of(-r), op, src, dst, detail);
    }
  }

  /**
   * The error of a call that holds a reference: a source that is the bound address names the port
   * the kernel chose ({@link SocketErrors#fromBound}).
   */
  private IOException error(
      Errno e,
      Operation op,
      @Nullable Endpoint src,
      @Nullable Endpoint dst,
      @Nullable String detail) {
    return src == bound
        ? errors.fromBound(e, op, src, dst, detail)
        : errors.of(e, op, src, dst, detail);
  }
}
