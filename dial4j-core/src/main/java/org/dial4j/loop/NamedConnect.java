package org.dial4j.loop;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.MonotonicClock;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.FdLife;
import org.dial4j.internal.SockAddrs;
import org.dial4j.internal.SocketKinds;
import org.dial4j.internal.SocketSetup;
import org.dial4j.internal.SourceBinding;
import org.dial4j.internal.TargetChecks;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * libut's named connect ({@code UT_net_connect}; the contract is written on {@link
 * EventLoop#connect(String, FdCallback, Object, InetEndpoint, InetEndpoint, Deadline)}), from its
 * start to its end: the input checks, {@code socket}, {@code bind} and {@code connect} on the
 * caller's thread (so that an immediate failure is thrown to the caller), the hand-over to the loop
 * with its deadline, and, when epoll reports the socket, {@code getsockopt(SO_ERROR)} that says how
 * it ended.
 *
 * <p>This is the hot path of a load generator, and its cost is counted: on the loop thread a
 * connect allocates its {@link LoopFd} and nothing else (the deadline is the {@code LoopFd} itself
 * in the timer heap, the kernel form of the endpoints comes from an identity cache, no lambda is
 * made), and makes exactly the C reference client's system calls: {@code socket}, {@code connect},
 * {@code epoll_ctl ADD}, then {@code getsockopt} (and {@code close}).
 */
final class NamedConnect {
  /** libut's addresses are short-lived strings; the loop keeps the kernel form of this many. */
  private static final int ADDR_CACHE_MAX = 1024;

  private final EventLoop loop;
  private final Syscalls sys;
  private final MonotonicClock clock;
  private final LoopLog log;
  private final ConnectStats stats;
  private final TimerHeap timers;
  private final FdTable table;
  private final IdentityHashMap<InetEndpoint, SockAddr> addrCache = new IdentityHashMap<>();
  private final int[] intOut = new int[1];

  /** The callback of a connect {@link #openHere} made, until its owner's replaces it: none. */
  private static final FdCallback NOT_YET = (f, name, status, data) -> {};

  NamedConnect(EventLoop loop) {
    this.loop = loop;
    this.sys = loop.sys;
    this.clock = loop.clock;
    this.log = loop.log();
    this.stats = loop.stats;
    this.timers = loop.timers;
    this.table = loop.table;
  }

  /** libut's {@code UT_net_connect} with {@code "IP:port"} strings: parsed, then as below. */
  LoopFd connect(
      String name,
      FdCallback callback,
      @Nullable Object data,
      @Nullable String from,
      String to,
      Deadline deadline)
      throws IOException {
    InetEndpoint src;
    InetEndpoint dst;
    try {
      if (to == null || to.isBlank()) {
        throw new InvalidArgumentException(
            Errno.EINVAL, String.valueOf(to), "the destination IP:port is mandatory");
      }
      src = from == null || from.isEmpty() ? null : Endpoint.parseInet(from);
      dst = Endpoint.parseInet(to);
    } catch (InvalidArgumentException e) {
      // libut: "If an error occurs, -1 is returned and the reason is logged", bad input included.
      log.log(LogLevel.DEBUG, () -> "connect " + LoopFd.keepName(name) + ": " + e.getMessage());
      throw e;
    }
    return connect(name, callback, data, src, dst, deadline);
  }

  /** Starts a named TCP connect and returns at once (libut's {@code UT_net_connect}). */
  LoopFd connect(
      String name,
      FdCallback callback,
      @Nullable Object data,
      @Nullable InetEndpoint from,
      InetEndpoint to,
      Deadline deadline)
      throws IOException {
    return connect(name, callback, data, from, to, deadline, null);
  }

  /**
   * As above, with {@code setup} (null: none) run after {@code socket(2)} and before {@code
   * bind(2)} and {@code connect(2)}: the dialer's socket options. Its protocol is asked for first;
   * where the kernel refuses it (EPROTONOSUPPORT, EINVAL, ENOPROTOOPT: no Multipath TCP), the
   * socket is made plain TCP and the setup told so. A setup that throws fails the connect at once,
   * with its exception, the socket closed.
   */
  LoopFd connect(
      String name,
      FdCallback callback,
      @Nullable Object data,
      @Nullable InetEndpoint from,
      InetEndpoint to,
      Deadline deadline,
      @Nullable SocketSetup setup)
      throws IOException {
    if (to == null) {
      throw new InvalidArgumentException(
          Errno.EINVAL, "null", "the destination IP:port is mandatory");
    }
    if (callback == null) {
      throw new InvalidArgumentException(Errno.EINVAL, "null", "a callback is mandatory");
    }
    Objects.requireNonNull(deadline, "deadline");
    boolean here = loop.inLoop();
    // The deadline is absolute: what is left of it, taken at t0 (the next clock read), not after
    // the system calls below. Read first, so the timer is never early (at most one read late).
    long left = deadline.isNever() ? 0 : deadline.remainingNanos(clock);
    LoopFd lf = open(name, callback, data, from, to, setup, here);
    long at = lf.createdNanos() + left;
    if (here) {
      adopt(lf, deadline.isNever(), at);
    } else {
      try {
        loop.execute(() -> adopt(lf, deadline.isNever(), at));
      } catch (RejectedExecutionException e) {
        sys.close(lf.fd());
        throw immediate(
            lf.name(), Errno.ENETDOWN, Operation.CONNECT, from, to, "the event loop closed", false);
      }
    }
    return lf;
  }

  /**
   * The blocking dial's connect on its caller's thread (off the loop): the input checks, {@code
   * socket}, {@code setup}, {@code bind} and {@code connect} as {@link #connect}, then one look
   * ({@code poll(fd, 0)}, then {@code SO_ERROR}) whether it is done already, as it is on loopback,
   * where the kernel has run the whole handshake by the time {@code connect(2)} returns
   * EINPROGRESS. The loop knows nothing of it yet: done, it is {@link FdFlags#CONNECTED} and goes
   * to {@link #adoptConnected}; not done (or in any doubt: an error, an interrupted look), it is
   * {@link FdFlags#CONNECTING} and goes to {@link #adoptOpened}, where the loop waits for it as for
   * its own connects.
   *
   * @throws IOException as {@link #connect} throws for a connect that fails at once
   */
  LoopFd openHere(
      String name, @Nullable InetEndpoint from, InetEndpoint to, @Nullable SocketSetup setup)
      throws IOException {
    LoopFd lf = open(name, NOT_YET, null, from, to, setup, false);
    int fd = lf.fd();
    int ready = sys.poll(fd, Sys.POLLOUT, 0);
    // Its own out-parameter: this runs on callers' threads, intOut is the loop thread's.
    if (ready == Sys.POLLOUT && soError(fd, new int[1]) == 0) {
      lf.flags = (lf.flags & ~FdFlags.CONNECTING) | FdFlags.CONNECTED;
    }
    return lf;
  }

  /**
   * On the loop thread: adopts a connect {@link #openHere} left in progress, as {@link #connect}
   * would have adopted it, its calls going to {@code callback} from now on.
   */
  void adoptOpened(LoopFd lf, FdCallback callback, @Nullable Object data, Deadline deadline) {
    lf.callback(callback, data); // on the loop thread only (it checks)
    // As connect: what is left read first, then now, so the timer is never early.
    long left = deadline.isNever() ? 0 : deadline.remainingNanos(clock);
    adopt(lf, deadline.isNever(), clock.nanoTime() + left);
  }

  /**
   * From the caller's thread: hands a connect {@link #openHere} found done to its owner ({@code
   * callback} with {@code data}, whose life is {@code owner}: a connection, {@link
   * FdFlags#OWNER_CLOSES}, interest 0). The descriptor goes into the loop's epoll set here ({@link
   * FdTable#addFromCaller}), so that a failure to watch it fails this connect as it would have
   * failed on the loop; the loop counts the connect and puts it in its table on its next turn,
   * without being woken. Returns false, and hands nothing over, if the loop no longer runs (the
   * caller closes the descriptor).
   *
   * @throws IOException {@code epoll_ctl}'s errno (ENOMEM, ENOSPC), the descriptor closed
   */
  boolean adoptConnected(LoopFd lf, FdCallback callback, Object data, FdLife owner)
      throws IOException {
    long connectNanos = clock.nanoTime() - lf.createdNanos(); // from just before socket()
    lf.callbackBeforeAdoption(callback, data);
    lf.flags |= FdFlags.OWNER_CLOSES;
    lf.owner = owner;
    int r = table.addFromCaller(lf);
    if (r == -Errno.ENETDOWN.number()) {
      return false;
    }
    if (r < 0) {
      sys.close(lf.fd());
      Endpoint local = lf.local;
      throw immediate(
          lf.name(),
          Errno.of(-r),
          Operation.CONNECT,
          local instanceof InetEndpoint ie ? ie : null,
          (InetEndpoint) Objects.requireNonNull(lf.remote, "a connect's remote"),
          "epoll_ctl",
          true);
    }
    return loop.inbox.post(
        () -> {
          stats.attempt();
          stats.success(connectNanos);
          table.insertAdded(lf);
        });
  }

  /**
   * The checks and system calls of a connect, on either thread: the {@link LoopFd} of a socket
   * whose {@code connect(2)} has started ({@link FdFlags#CONNECTING}), not yet the loop's.
   */
  private LoopFd open(
      String name,
      FdCallback callback,
      @Nullable Object data,
      @Nullable InetEndpoint from,
      InetEndpoint to,
      @Nullable SocketSetup setup,
      boolean here)
      throws IOException {
    String kept = LoopFd.keepName(name);
    if (!loop.state.isRunning()) {
      throw immediate(
          kept,
          Errno.ENETDOWN,
          Operation.CONNECT,
          from,
          to,
          "the event loop is not running",
          false);
    }
    // TargetTCP's input checks, as PosixSocket makes them: 0.0.0.0 or port 0 -> EDESTADDRREQ,
    // a multicast or broadcast target -> EADDRNOTAVAIL, a source of another family -> EAFNOSUPPORT.
    TargetChecks.Failure bad =
        TargetChecks.target(to, to.family(), Network.SocketType.STREAM, "destination");
    if (bad == null && from != null) {
      bad = TargetChecks.family(from, to.family(), "source");
    }
    if (bad != null) {
      throw immediate(kept, bad.errno(), Operation.CONNECT, from, to, bad.detail(), false);
    }
    long t0 = clock.nanoTime();
    Family family = to.family();
    int domain = SocketKinds.af(family);
    int type = Sys.SOCK_STREAM | Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC;
    int protocol = setup == null ? 0 : setup.protocol();
    int fd = sys.socket(domain, type, protocol);
    int refused = 0;
    if (fd < 0 && protocol != 0 && refusesProtocol(-fd)) {
      refused = -fd;
      fd = sys.socket(domain, type, 0);
    }
    if (fd < 0) {
      throw immediate(kept, Errno.of(-fd), Operation.SOCKET, from, to, null, true);
    }
    if (setup != null) {
      try {
        setup.prepare(fd, refused);
      } catch (IOException | RuntimeException e) {
        sys.close(fd);
        Errno errno = NetError.errnoOf(e).orElse(Errno.EIO);
        countFailure(errno);
        if (log.enabled(LogLevel.DEBUG)) {
          log.log(LogLevel.DEBUG, () -> "connect " + kept + ": " + e.getMessage());
        }
        throw e;
      }
    }
    int flags = FdFlags.SOCKET | FdFlags.CONNECTING | FdFlags.REMOTEADDR;
    if (from != null) {
      if (from.port() != 0) {
        flags |= FdFlags.LOCALADDR;
      }
      // The one source rule (IP_BIND_ADDRESS_NO_PORT for a chosen IP with port 0), as PosixSocket.
      int nop = SourceBinding.deferPort(sys, fd, from, Network.SocketType.STREAM);
      if (nop < 0) {
        sys.close(fd);
        throw immediate(
            kept, Errno.of(-nop), Operation.SETSOCKOPT, from, to, "IP_BIND_ADDRESS_NO_PORT", true);
      }
      int r = sys.bind(fd, kernelAddr(from, family, here));
      if (r < 0) {
        sys.close(fd);
        throw immediate(kept, Errno.of(-r), Operation.BIND, from, to, null, true);
      }
    }
    int r = sys.connect(fd, kernelAddr(to, family, here));
    // EINTR: a connect interrupted by a signal goes on in the background, as one that answered
    // EINPROGRESS does (connect(2); Go's netFD.connect and PosixSocket read the two alike): epoll
    // and SO_ERROR tell how it ends.
    if (r < 0 && r != -Errno.EINPROGRESS.number() && r != -Errno.EINTR.number()) {
      sys.close(fd);
      Errno e = Errno.of(-r);
      throw immediate(
          kept, e, Operation.CONNECT, from, to, TargetChecks.kernelConnectDetail(e, to), true);
    }
    LoopFd lf = new LoopFd(loop, fd, kept, callback, data, flags, t0);
    lf.remote = to;
    lf.local = from != null && from.port() != 0 ? from : null;
    return lf;
  }

  /** On the loop thread: counts the attempt, adopts the connect, arms its deadline. */
  private void adopt(LoopFd lf, boolean noDeadline, long at) {
    stats.attempt();
    if (!table.adopt(lf)) {
      return;
    }
    if (!noDeadline) {
      timers.add(lf, at);
    }
    if (log.enabled(LogLevel.DEBUG)) {
      log.debug(() -> "connect " + lf.name() + " fd " + lf.fd() + " -> " + lf.remote);
    }
  }

  /**
   * A connect that fails before it is handed to the loop: the exception to throw, logged at DEBUG
   * (libut logs the reason; the caller has it as the exception). {@code syscallFailed}: a system
   * call made for this connect failed, so it counts in {@link EventLoop#stats()} as an attempt and
   * a failure; an input check that refused it before any system call does not.
   */
  private IOException immediate(
      String name,
      Errno errno,
      Operation op,
      @Nullable InetEndpoint from,
      InetEndpoint to,
      @Nullable String detail,
      boolean syscallFailed) {
    Network net = to == null ? null : SocketKinds.streamNetwork(to.family());
    IOException e = NetError.of(errno, op, net, from, to, detail);
    if (log.enabled(LogLevel.DEBUG)) {
      log.log(LogLevel.DEBUG, () -> "connect " + name + ": " + e.getMessage());
    }
    if (syscallFailed) {
      countFailure(errno);
    }
    return e;
  }

  /** Counts an attempt that failed before the loop adopted it, on the loop thread. */
  private void countFailure(Errno errno) {
    if (loop.inLoop()) {
      stats.attempt();
      stats.failure(errno.number());
    } else {
      loop.inbox.executeQuietly(
          () -> {
            stats.attempt();
            stats.failure(errno.number());
          });
    }
  }

  /**
   * The kernel's ways of refusing a socket(2) protocol it does not have: EPROTONOSUPPORT (built
   * without it), EINVAL, ENOPROTOOPT (disabled, {@code net.mptcp.enabled=0}).
   */
  private static boolean refusesProtocol(int errno) {
    return errno == Errno.EPROTONOSUPPORT.number()
        || errno == Errno.EINVAL.number()
        || errno == Errno.ENOPROTOOPT.number();
  }

  /** The kernel form of {@code e}, from a small identity cache on the loop thread. */
  private SockAddr kernelAddr(InetEndpoint e, Family family, boolean here) {
    if (!here) {
      return SockAddrs.of(e, family);
    }
    SockAddr a = addrCache.get(e);
    if (a == null) {
      if (addrCache.size() >= ADDR_CACHE_MAX) {
        addrCache.clear();
      }
      a = SockAddrs.of(e, family);
      addrCache.put(e, a);
    }
    return a;
  }

  /** EPOLLOUT (or an error) on a connect in progress: SO_ERROR says how it ended. */
  void finish(LoopFd lf, int ev) {
    int err = soError(lf.fd(), intOut);
    if (err == 0 && (ev & Sys.EPOLLOUT) == 0) {
      return; // not finished after all; level-triggered epoll reports it again
    }
    if (err != 0) {
      lf.fail(Errno.lookup(err).orElse(Errno.EIO), null);
      return;
    }
    lf.flags = (lf.flags & ~FdFlags.CONNECTING) | FdFlags.CONNECTED | FdFlags.R;
    if (lf.scheduled()) {
      timers.remove(lf);
    }
    stats.success(clock.nanoTime() - lf.createdNanos()); // from just before socket()
    lf.call(Status.CONNECTED);
    table.sync(lf);
  }

  /** {@code getsockopt(SO_ERROR)}: the pending error (0 if none), or the errno of the call. */
  private int soError(int fd, int[] out) {
    int r = sys.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_ERROR, out);
    return r < 0 ? -r : out[0];
  }
}
