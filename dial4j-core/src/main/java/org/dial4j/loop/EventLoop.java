package org.dial4j.loop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.MonotonicClock;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.FdLife;
import org.dial4j.internal.LoopAccess;
import org.dial4j.internal.LoopHooks;
import org.dial4j.internal.SocketSetup;
import org.dial4j.sys.DefaultSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * One event loop: one thread, one epoll set, an eventfd to wake it from other threads, a timer
 * heap, and the descriptors it watches ({@link LoopFd}), each with a callback (libut's model).
 *
 * <p><b>Level-triggered epoll, on purpose.</b> Edge-triggered epoll saves an {@code epoll_ctl} on a
 * connection's whole life only if its first registration asks for both directions, but then a
 * callback that reads part of what arrived is never told again. libut's callbacks (and most user
 * code) expect "readable until drained", so dial4j registers level-triggered and changes the
 * interest per phase instead: EPOLLOUT while connecting (one {@code epoll_ctl ADD}), EPOLLIN once
 * connected, and that change is made lazily after the CONNECTED callback returns, so a callback
 * that closes at once (a load generator, a health check) costs no {@code epoll_ctl MOD} at all:
 * socket, connect, epoll_ctl, getsockopt, close, as the C reference client does.
 *
 * <p><b>Threads.</b> {@link #execute}, {@link #schedule}, {@link #connect}, {@link #listen}, {@link
 * #register} and {@link #close()} may be called from any thread; the work lands on the loop thread
 * (from another thread the system calls that can fail at once run on the caller, so that their
 * error is thrown to the caller). Callbacks run on the loop thread and must not block: dial4j's
 * blocking calls throw {@link IllegalStateException} there ({@link Blocking}).
 *
 * <p><b>Lifecycle.</b> {@link #builder()} makes a loop that is not started; {@link #start()} starts
 * it. A loop not started, closing or closed refuses work with ENETDOWN (TargetTCP's "TargetTCP has
 * not been initialized"). Closing fails every connect still in progress with ECANCELED (FAILED
 * callback), closes every descriptor the loop holds (one marked {@link FdFlags#OWNER_CLOSES} gets
 * FAILED with ECANCELED and is only unregistered, for its owner to close), drops its timers and
 * frees its epoll and eventfd descriptors.
 */
public final class EventLoop implements Executor, AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final String name;

  static {
    // A Connection makes its calls through its loop's table (ARCHITECTURE.md: every system call
    // through Syscalls, so a fake can script any errno).
    // The dialer's connect sets its socket options between socket() and connect().
    LoopAccess.install(
        loop -> ((EventLoop) loop).sys,
        (loop, name, callback, from, to, deadline, setup) ->
            ((EventLoop) loop)
                .connector.connect(name, (FdCallback) callback, null, from, to, deadline, setup),
        loop -> ((EventLoop) loop).hooks,
        new LoopAccess.Owners() {
          @Override
          public void guard(Object lf, FdLife life) {
            LoopFd f = (LoopFd) lf;
            f.loop.checkInLoop("guard");
            f.owner = life;
          }

          @Override
          public void closingOnLoop(Object lf) {
            LoopFd f = (LoopFd) lf;
            f.loop.checkInLoop("closingOnLoop");
            f.loop.table.forget(f);
          }

          @Override
          public void closedByOwner(Object lf) {
            LoopFd f = (LoopFd) lf;
            var _ = f.loop.inbox.post(() -> f.loop.table.forget(f));
          }
        },
        new LoopAccess.Opener() {
          @Override
          public Object openHere(
              Object loop,
              String name,
              @Nullable InetEndpoint from,
              InetEndpoint to,
              @Nullable SocketSetup setup)
              throws IOException {
            return ((EventLoop) loop).connector.openHere(name, from, to, setup);
          }

          @Override
          public void adoptOpened(Object lf, Object callback, Deadline deadline) {
            LoopFd f = (LoopFd) lf;
            f.loop.connector.adoptOpened(f, (FdCallback) callback, null, deadline);
          }

          @Override
          public boolean adoptConnected(Object lf, Object callback, Object data, FdLife owner)
              throws IOException {
            LoopFd f = (LoopFd) lf;
            return f.loop.connector.adoptConnected(f, (FdCallback) callback, data, owner);
          }
        });
  }

  final Syscalls sys;
  final MonotonicClock clock;
  private final LoopLog log;
  private final boolean daemon;

  // The life cycle, this class's own job: the state, the thread, what ended it, the latch that
  // close() waits on.
  final LoopState state = new LoopState();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile @Nullable Thread thread;

  /** What ended the loop thread, if it died rather than being closed. */
  private volatile @Nullable Throwable failure;

  private long startedNanos;

  // The machinery, one job per package-private class (ARCHITECTURE.md's file table); each takes
  // what it uses of the ones above it when the constructor makes it.
  final TimerHeap timers = new TimerHeap();

  /**
   * The descriptor whose epoll event is being handed to its callback (loop thread only): its
   * interest changes meanwhile reach epoll once, after the callback ({@link LoopFd#interest}).
   */
  @Nullable LoopFd dispatching;

  final ConnectStats stats = new ConnectStats();
  final TaskInbox inbox;

  /** The close hooks its own thread keeps (a dialer's dials in progress): the layers above's. */
  final LoopHooks hooks = new LoopHooks();

  final FdTable table;
  final Acceptor acceptor;
  final NamedConnect connector;
  private final Registrar registrar;
  private final Dispatcher dispatcher;
  private final LoopEnd end;

  private EventLoop(Builder b) {
    this.name = b.name != null ? b.name : "dial4j-loop-" + COUNTER.incrementAndGet();
    this.sys = b.sys;
    this.clock = b.clock;
    this.daemon = b.daemon;
    this.log = new LoopLog(this.name, b.logger, b.logLevel);
    this.inbox = new TaskInbox(this);
    this.table = new FdTable(this);
    this.acceptor = new Acceptor(this);
    this.connector = new NamedConnect(this);
    this.registrar = new Registrar(this);
    this.dispatcher = new Dispatcher(this);
    this.end = new LoopEnd(this);
  }

  /** A builder for a loop that is not started yet. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Makes and starts a loop with every default (see {@link Builder}).
   *
   * @throws IOException EMFILE or ENFILE if the epoll or eventfd descriptor cannot be made
   * @throws IllegalCallerException if the JVM denies dial4j native access (see {@link #start()})
   */
  public static EventLoop start(String name) throws IOException {
    return builder().name(name).build().start();
  }

  /**
   * Starts the loop's thread.
   *
   * @return this loop
   * @throws IOException EMFILE, ENFILE or ENOMEM from {@code epoll_create1} or {@code eventfd}
   *     (operation socket); ENOMEM or ENOSPC ({@code max_user_watches}) from the {@code epoll_ctl}
   *     that adds the eventfd (operation poll); the loop is then closed and holds no descriptor
   * @throws IllegalStateException if it was started or closed before
   * @throws IllegalCallerException if the JVM denies dial4j native access (the message names the
   *     option that grants it); the loop is then closed
   */
  public EventLoop start() throws IOException {
    if (!state.start()) {
      throw new IllegalStateException("event loop " + name + " was already started or closed");
    }
    int ep;
    try {
      ep = sys.epollCreate1(Sys.EPOLL_CLOEXEC);
    } catch (IllegalCallerException denied) {
      state.setClosed();
      terminated.countDown();
      throw denied;
    }
    if (ep < 0) {
      state.setClosed();
      terminated.countDown();
      throw NetError.of(Errno.of(-ep), Operation.SOCKET, "epoll_create1");
    }
    int wf = sys.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK);
    if (wf < 0) {
      throw failedStart(NetError.of(Errno.of(-wf), Operation.SOCKET, "eventfd"), ep);
    }
    int r = sys.epollCtl(ep, Sys.EPOLL_CTL_ADD, wf, Sys.EPOLLIN, wf & 0xffffffffL);
    if (r < 0) {
      // Named as Registrar names a failed adoption: the poll operation, epoll_ctl in the detail.
      sys.close(wf);
      throw failedStart(
          NetError.of(Errno.of(-r), Operation.POLL, "epoll_ctl ADD of the eventfd"), ep);
    }
    table.open(ep);
    inbox.open(wf);
    startedNanos = clock.nanoTime();
    Thread t = new Thread(this::run, name);
    t.setDaemon(daemon);
    thread = t;
    t.start();
    return this;
  }

  /** A start that failed after epoll_create1: closes {@code ep}, ends closed, returns {@code e}. */
  private IOException failedStart(IOException e, int ep) {
    sys.close(ep);
    state.setClosed();
    terminated.countDown();
    return e;
  }

  /** The loop's name (also its thread's name). */
  public String name() {
    return name;
  }

  /** True on this loop's own thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * The clock the loop's timers and deadlines run on (the builder's; the system clock by default).
   */
  public MonotonicClock clock() {
    return clock;
  }

  /**
   * Runs {@code hook} on the loop thread when the loop closes (or its thread dies), before it
   * cancels connects in progress and closes descriptors (a dialer uses it to end its dials with
   * ECANCELED). A hook that throws is logged and the others still run. Hooks are a set: adding an
   * equal one twice keeps it once. Adding and removing take no lock (the loop thread, which removes
   * hooks too, must never wait for a caller's thread). A dialer's dials use the loop's own hooks
   * instead, which its thread alone keeps, with no node per hook.
   *
   * @return false, and the hook will not run, if the loop is closing or closed already
   */
  public boolean addCloseHook(Runnable hook) {
    Objects.requireNonNull(hook, "hook");
    return end.addHook(hook);
  }

  /** Removes a hook {@link #addCloseHook} added; true if it was there (and will not run). */
  public boolean removeCloseHook(Runnable hook) {
    return end.removeHook(hook);
  }

  /**
   * True once started and until {@link #close()} is called or the loop's thread ends for another
   * reason (see {@link #failure()}).
   */
  public boolean isRunning() {
    return state.isRunning();
  }

  /**
   * What ended the loop's thread, if it died instead of being closed: an exception the loop could
   * not contain (a bug, or out of memory). Such a loop is closed like any other: it refuses work
   * with ENETDOWN, connects still in progress got FAILED with EIO, and every descriptor it held is
   * released. Empty for a loop that runs, was never started, or was closed.
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** The log level now (libut's levels; default {@link LogLevel#INFO}). */
  public LogLevel logLevel() {
    return log.level();
  }

  /** Sets the log level; from any thread. */
  public void logLevel(LogLevel level) {
    log.level(Objects.requireNonNull(level, "level"));
  }

  /**
   * Writes one line to the loop's log at {@code level}, if the loop's level lets it through; from
   * any thread. For code built on the loop (the control port logs the clients it drops here), so
   * that its lines share the loop's logger, prefix and run-time level; {@code message} is called
   * only when the line is written.
   */
  public void log(LogLevel level, Supplier<String> message) {
    log.log(Objects.requireNonNull(level, "level"), Objects.requireNonNull(message, "message"));
  }

  // ------------------------------------------------------------------ tasks and timers

  /**
   * Runs {@code task} on the loop thread, after what is queued before it; from any thread.
   *
   * @throws RejectedExecutionException if the loop is not running; its cause is the ENETDOWN {@link
   *     NetError}
   */
  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    inbox.execute(task);
  }

  /**
   * Runs {@code task} on the loop and completes the future with its result; from any thread.
   *
   * @throws RejectedExecutionException (ENETDOWN) if the loop is not running
   */
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    execute(
        () -> {
          try {
            f.complete(task.call());
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  /**
   * Runs {@code task} once on the loop thread after {@code delay}; from any thread.
   *
   * @return the timer, which can be cancelled
   * @throws RejectedExecutionException (ENETDOWN) if the loop is not running
   */
  public Timer schedule(Runnable task, Duration delay) {
    return schedule(task, Deadline.after(delay, clock));
  }

  /**
   * Runs {@code task} once on the loop thread when {@code deadline} passes (at once for {@link
   * Deadline#NOW}; never for {@link Deadline#NEVER}, but the timer can still be cancelled).
   *
   * @throws RejectedExecutionException (ENETDOWN) if the loop is not running
   */
  public Timer schedule(Runnable task, Deadline deadline) {
    Objects.requireNonNull(task, "task");
    Timer t = new Timer(this, task);
    if (deadline.isNever()) {
      checkRunning();
      return t;
    }
    // One read of the clock: what is left is reckoned from the same "now" it is added to (two
    // reads made the timer early by whatever passed between them, a preemption on a busy machine).
    long now = clock.nanoTime();
    long at = now + deadline.remainingNanos(() -> now);
    if (inLoop()) {
      checkRunning();
      timers.add(t, at);
    } else {
      execute(
          () -> {
            if (!t.isCancelled()) {
              timers.add(t, at);
            }
          });
    }
    return t;
  }

  void cancelTimer(Timer t) {
    if (inLoop()) {
      timers.remove(t);
    } else {
      inbox.executeQuietly(() -> timers.remove(t));
    }
  }

  // ------------------------------------------------------------------ named connect (libut)

  /**
   * libut's {@code UT_net_connect}: starts a TCP connect from {@code from} (optional) to {@code to}
   * (mandatory), both {@code "IP:port"} strings. See {@link #connect(String, FdCallback, Object,
   * InetEndpoint, InetEndpoint, Deadline)}.
   *
   * @throws InvalidArgumentException EINVAL if {@code to} is missing or either is not IP:port
   */
  public LoopFd connect(
      String name, FdCallback callback, @Nullable Object data, @Nullable String from, String to)
      throws IOException {
    return connect(name, callback, data, from, to, Deadline.NEVER);
  }

  /** As {@link #connect(String, FdCallback, Object, String, String)}, with a deadline. */
  public LoopFd connect(
      String name,
      FdCallback callback,
      @Nullable Object data,
      @Nullable String from,
      String to,
      Deadline deadline)
      throws IOException {
    return connector.connect(name, callback, data, from, to, deadline);
  }

  /**
   * Starts a named TCP connect and returns at once (libut's {@code UT_net_connect}).
   *
   * <ul>
   *   <li>{@code name} is copied and silently cut to {@link LoopFd#MAX_NAME} characters; it shows
   *       in {@code fds} on the control port and in log lines.
   *   <li>{@code from}, optional, binds the source; port 0 lets the kernel choose it at connect
   *       time ({@code IP_BIND_ADDRESS_NO_PORT}), so one source address serves any number of
   *       destinations without running out of ephemeral ports.
   *   <li>The callback then gets {@link Status#CONNECTED} exactly once when the peer accepts, and
   *       {@link Status#READABLE} whenever data (or end of stream) is there; or {@link
   *       Status#FAILED} once, with {@link LoopFd#error()} set and the reason logged at DEBUG,
   *       after which the loop closes the descriptor itself.
   *   <li>{@code deadline}: FAILED with ETIMEDOUT when it passes first ({@link Deadline#NEVER} for
   *       none: the kernel's own SYN retries then end it, with ETIMEDOUT after minutes).
   * </ul>
   *
   * @return the connection's registration; its descriptor is open and connecting
   * @throws IOException an immediate failure, also logged at DEBUG: ENETDOWN (the loop is not
   *     running), EADDRNOTAVAIL (no such local address, or no ephemeral port left), EADDRINUSE,
   *     ENETUNREACH, EHOSTUNREACH (an {@code unreachable} route), EACCES (a broadcast, or a {@code
   *     prohibit} route), EINVAL (a {@code blackhole} route, or an IPv6 link-local destination
   *     without a scope; the detail says which), EAFNOSUPPORT (from and to differ in family),
   *     EMFILE, ENFILE, ENOBUFS, ENOMEM; refused and timed-out connects are not immediate: they
   *     come as FAILED
   * @throws InvalidArgumentException EINVAL for a null callback or destination
   */
  public LoopFd connect(
      String name,
      FdCallback callback,
      @Nullable Object data,
      @Nullable InetEndpoint from,
      InetEndpoint to,
      Deadline deadline)
      throws IOException {
    return connector.connect(name, callback, data, from, to, deadline);
  }

  // ------------------------------------------------------------------ listen and register

  /**
   * libut's {@code UT_net_listen}: a TCP listener on {@code "IP:port"} (port 0: the kernel picks;
   * {@link LoopFd#local()} tells which). Each accepted connection gets its own {@link LoopFd} with
   * this callback, name and data, and its first call is {@link Status#NEW_ACCEPT}, before any
   * {@link Status#READABLE}.
   *
   * @throws IOException EADDRINUSE, EADDRNOTAVAIL, EACCES (a privileged port), EMFILE, ENETDOWN
   */
  public LoopFd listen(String name, String ipPort, FdCallback callback, @Nullable Object data)
      throws IOException {
    return listen(name, Endpoint.parseInet(ipPort), 4096, callback, data);
  }

  /** As {@link #listen(String, String, FdCallback, Object)} with a backlog. */
  public LoopFd listen(
      String name, InetEndpoint local, int backlog, FdCallback callback, @Nullable Object data)
      throws IOException {
    return registrar.listen(name, local, backlog, callback, data);
  }

  /**
   * Watches a descriptor the caller opened (a socket, a pipe, anything epoll takes): libut's {@code
   * UT_fd_reg}. The loop sets {@code O_NONBLOCK} on it (a loop never blocks) and tells its type in
   * the flags (SOCKET, PIPE or OTHER). {@link LoopFd#close()} closes it; {@link
   * LoopFd#unregister()} gives it back. If the call fails the descriptor stays the caller's, open:
   * only the registration's {@link LoopFd#close()} (or the loop's close) closes it.
   *
   * @param rw {@link FdFlags#R} and/or {@link FdFlags#W}
   * @throws IOException EBADF (not open), EPERM (a descriptor epoll cannot watch, such as a regular
   *     file), EEXIST (already watched), ENETDOWN
   */
  public LoopFd register(int fd, String name, int rw, FdCallback callback, @Nullable Object data)
      throws IOException {
    return registrar.register(fd, name, rw, callback, data);
  }

  // ------------------------------------------------------------------ resolve (libut)

  /**
   * libut's {@code UT_net_resolve}: turns {@code "host:port"} into {@code "IP:port"} (the first
   * address the system resolver gives, getaddrinfo(3) for both families at once, in its RFC 6724
   * order; an IPv6 one in brackets). An IP literal is returned in its canonical form without a
   * lookup. It blocks on the system resolver (the call runs on the pool {@code Resolver.system()}
   * uses; the caller waits), so it refuses to run on a loop thread ({@link IllegalStateException});
   * run it on another thread and hand the answer over.
   *
   * @throws IOException ENOENT (resolve) when the name has no address; EAGAIN, ENOMEM, EIO or
   *     EAI_SYSTEM's errno for the system resolver's other failures, as {@code Resolver.system()}
   *     says them; EINTR when the calling thread is interrupted
   * @throws InvalidArgumentException EINVAL if {@code hostPort} is not host:port
   */
  public static String resolve(String hostPort) throws IOException {
    return NetResolve.resolve(hostPort);
  }

  // ------------------------------------------------------------------ views

  /**
   * One row per descriptor the loop holds, its own epoll and eventfd descriptors among them, in
   * descriptor number order; on the loop thread (use {@link #submit} from elsewhere). With many
   * descriptors, {@link #fdsPage(int, int, List)} renders them a page at a time.
   */
  public List<FdInfo> fds() {
    List<FdInfo> rows = new ArrayList<>(table.count() + 2);
    int next = 0;
    while (next >= 0) {
      next = fdsPage(next, Integer.MAX_VALUE, rows);
    }
    return rows;
  }

  /**
   * One page of {@link #fds()}: the rows of the descriptors numbered {@code from} and above, in
   * number order, at most {@code max} of them, added to {@code into}; on the loop thread. A caller
   * that spreads a long listing over several turns of the loop (the control port's {@code fds})
   * goes on from the number this returns, and sees each descriptor as it is when its page is made:
   * one closed meanwhile is left out, one opened meanwhile is listed if its number is still ahead.
   *
   * @return the descriptor number the next page starts from, or -1 when this page ended the list
   * @throws InvalidArgumentException EINVAL if {@code from} is negative or {@code max} below 1
   */
  public int fdsPage(int from, int max, List<FdInfo> into) {
    checkInLoop("EventLoop.fdsPage");
    if (from < 0 || max < 1) {
      throw new InvalidArgumentException(
          Errno.EINVAL, "from " + from + ", max " + max, "from is 0 or more, max 1 or more");
    }
    long now = clock.nanoTime();
    int epfd = table.epfd();
    int wakeup = epfd >= 0 ? inbox.fd() : -1;
    @Nullable LoopFd[] slots = table.slots();
    int end = Math.max(slots.length, Math.max(epfd, wakeup) + 1);
    int rows = 0;
    for (int n = from; n < end; n++) {
      if (rows == max) {
        return n;
      }
      if (n == epfd || n == wakeup) {
        Duration age = Duration.ofNanos(now - startedNanos);
        into.add(ownRow(n, n == epfd ? "epoll" : "wakeup", age));
        rows++;
        continue;
      }
      LoopFd lf = n < slots.length ? slots[n] : null;
      if (lf != null && !lf.closed() && !lf.ownerClosed()) {
        into.add(row(lf, now));
        rows++;
      }
    }
    return -1;
  }

  private static FdInfo row(LoopFd lf, long now) {
    Endpoint local = lf.local();
    String type =
        (lf.flags & FdFlags.SOCKET) != 0
            ? "socket"
            : (lf.flags & FdFlags.PIPE) != 0 ? "pipe" : "other";
    return new FdInfo(
        lf.fd(),
        lf.name(),
        type,
        lf.flags,
        lf.state(),
        local,
        lf.remote,
        Duration.ofNanos(now - lf.createdNanos()),
        lf.bytesIn(),
        lf.bytesOut());
  }

  /** A row for one of the loop's own two descriptors (epoll, the wake-up eventfd). */
  private static FdInfo ownRow(int fd, String name, Duration age) {
    return new FdInfo(fd, name, "other", FdFlags.OTHER | FdFlags.R, "open", null, null, age, 0, 0);
  }

  /** How many descriptors the loop watches (not counting its own two). */
  public int registeredCount() {
    checkInLoop("EventLoop.registeredCount");
    return table.count();
  }

  /** How many timers are scheduled (connect deadlines included); on the loop thread. */
  public int timerCount() {
    checkInLoop("EventLoop.timerCount");
    return timers.size();
  }

  /**
   * The loop's connect statistics (live; read them on the loop thread, or {@link #submit} a copy).
   */
  public ConnectStats stats() {
    checkInLoop("EventLoop.stats");
    return stats;
  }

  // ------------------------------------------------------------------ the loop itself

  private void run() {
    Blocking.markLoopThread(name);
    Throwable died = dispatcher.turns();
    // However the thread ends, the loop ends closed: it refuses work from now on, fails what is
    // pending and releases every descriptor. A loop whose thread died while its state still said
    // RUNNING accepted work that never ran and leaked its epoll and eventfd descriptors.
    try {
      if (died != null) {
        failure = died;
        state.stopRunning();
        Throwable t = died;
        log.log(LogLevel.FATAL, () -> "event loop " + name + " died: " + t);
      }
      end.run(died);
    } finally {
      terminated.countDown();
    }
    if (died instanceof VirtualMachineError fatal) {
      throw fatal; // out of memory, stack overflow: the thread's uncaught handler reports it
    }
  }

  /**
   * Closes the loop: from an ordinary thread waits until the loop thread has closed everything (see
   * the class comment for what that means); from a loop thread (this loop's, inside a callback, or
   * another loop's) starts the close and returns at once: the loop closes after the current
   * callback, and {@link #awaitTermination} tells when it has. Idempotent.
   */
  @Override
  public void close() {
    if (state.closeUnstarted()) {
      terminated.countDown();
      return;
    }
    if (state.stopRunning() && !inLoop()) {
      inbox.wake();
    }
    // On a loop thread (this one, or another loop's: EventLoopGroup.close from a callback) the
    // close is started and not waited for, since a loop thread never blocks; awaitTermination
    // tells when it is done.
    if (!Blocking.onLoopThread()) {
      awaitTerminationUninterruptibly();
    }
  }

  private void awaitTerminationUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        terminated.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code timeout} for the loop to finish closing; true if it has. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  // ------------------------------------------------------------------ helpers

  void checkInLoop(String what) {
    if (!inLoop()) {
      throw new IllegalStateException(what + " must run on event loop " + name + "'s thread");
    }
  }

  private void checkRunning() {
    if (!state.isRunning()) {
      throw rejected();
    }
  }

  /** Work refused by a loop that is not running: its cause is the ENETDOWN {@link NetError}. */
  RejectedExecutionException rejected() {
    IOException cause =
        NetError.of(Errno.ENETDOWN, Operation.POLL, "the event loop " + name + " is not running");
    return new RejectedExecutionException(cause.getMessage(), cause);
  }

  LoopLog log() {
    return log;
  }

  @Override
  public String toString() {
    return "EventLoop[" + name + ", " + state + "]";
  }

  /** How to make an {@link EventLoop}; every setting has the default its setter names. */
  public static final class Builder {
    private @Nullable String name;
    private Syscalls sys = DefaultSyscalls.get();
    private MonotonicClock clock = MonotonicClock.SYSTEM;
    private System.@Nullable Logger logger;
    private LogLevel logLevel = LogLevel.INFO;
    private boolean daemon = true;

    private Builder() {}

    /** The loop's (and its thread's) name; default (and for null) {@code dial4j-loop-N}. */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /**
     * The clock for deadlines, timers and latency; default {@link MonotonicClock#SYSTEM}. The
     * loop's waits are real ({@code epoll_wait}), so another clock must run at the same pace.
     */
    public Builder clock(MonotonicClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where log lines go; default (and for null) {@code System.getLogger("org.dial4j.loop")}. */
    public Builder logger(System.@Nullable Logger logger) {
      this.logger = logger;
      return this;
    }

    /** The first log level; default {@link LogLevel#INFO}. */
    public Builder logLevel(LogLevel level) {
      this.logLevel = Objects.requireNonNull(level, "level");
      return this;
    }

    /** Whether the loop thread is a daemon (does not keep the JVM alive); default true. */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /** The system call table (tests); default {@link DefaultSyscalls#get()}. */
    Builder syscalls(Syscalls sys) {
      this.sys = Objects.requireNonNull(sys, "sys");
      return this;
    }

    /** A loop that is not started ({@link EventLoop#start()}). */
    public EventLoop build() {
      return new EventLoop(this);
    }
  }
}
