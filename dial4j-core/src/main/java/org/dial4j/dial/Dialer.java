package org.dial4j.dial;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.HostEndpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.LoopAccess;
import org.dial4j.internal.LoopHooks;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.EventLoopGroup;
import org.jspecify.annotations.Nullable;

/**
 * Dials TCP: resolves a name, races its addresses (RFC 8305 Happy Eyeballs) and returns the first
 * {@link Connection}, all under one deadline. Immutable and thread-safe; build one and share it.
 *
 * <p>Every setting is optional. Left out, it takes the default its builder method names (as Go's
 * {@code net.Dialer} documents: "the zero value for each field is equivalent to dialing without
 * that option"):
 *
 * <ul>
 *   <li>{@link Builder#network network}: {@code tcp} (both families); {@code tcp4} or {@code tcp6}
 *       keeps to one.
 *   <li>{@link Builder#timeout timeout} and {@link Builder#deadline deadline}: none. When both are
 *       set, and with the deadline a call passes, the earliest wins. The one deadline covers
 *       resolution and every attempt; without any, the kernel's own SYN retries end a connect that
 *       gets no answer (about 2 minutes with Linux's {@code tcp_syn_retries} of 6).
 *   <li>{@link Builder#source source}: none, the kernel picks. One per family; port 0 (the usual
 *       case) binds with {@code IP_BIND_ADDRESS_NO_PORT}, so the port is chosen per destination at
 *       connect time and thousands of dials from one source address never run out of ports. With a
 *       source set for one family only, addresses of the other family are not tried.
 *   <li>{@link Builder#resolver resolver}: {@link DnsResolver#system()}, dial4j's own resolver (the
 *       system's resolv.conf, hosts and nsswitch.conf; AAAA and A queried apart on the event loop,
 *       so the Resolution Delay applies and no query outlives the dial's deadline). {@link
 *       Resolver#system()} is the C library's getaddrinfo, one family at a time.
 *   <li>Happy Eyeballs (RFC 8305): {@link Builder#resolutionDelay resolution delay} 50 ms, {@link
 *       Builder#firstAddressFamilyCount first address family count} 1, {@link Builder#attemptDelay
 *       connection attempt delay} 250 ms (clamped to 10 ms .. 2 s), no {@link
 *       Builder#maxAttemptsInFlight cap} on attempts in flight, no {@link Builder#rttHistory RTT
 *       history}.
 *   <li>Socket options, set on every attempt's socket after {@code socket(2)} and before {@code
 *       connect(2)}: {@link Builder#noDelay TCP_NODELAY} <b>on</b> (as Go sets it); {@link
 *       Builder#keepAlive(Duration, Duration, int) keep-alive} off; {@link Builder#userTimeout
 *       TCP_USER_TIMEOUT}, {@link Builder#linger SO_LINGER}, {@link Builder#receiveBuffer
 *       SO_RCVBUF}, {@link Builder#sendBuffer SO_SNDBUF}, {@link Builder#bindToDevice
 *       SO_BINDTODEVICE}, {@link Builder#mark SO_MARK}, {@link Builder#trafficClass IP_TOS} and
 *       {@link Builder#fastOpen TCP_FASTOPEN_CONNECT} the kernel's defaults (not set); no {@link
 *       Builder#multipath Multipath TCP}; no {@link Builder#control control hook}. A failing {@code
 *       setsockopt} fails that attempt with its errno, the option named ({@code setsockopt ...:
 *       EPERM (Operation not permitted): SO_MARK}). A {@link Connection} reads and changes them
 *       later with {@link Connection#getOption} and {@link Connection#setOption}.
 *   <li>{@link Builder#listener listener}: none.
 *   <li>{@link Builder#loop loop}: event loops shared by every dialer built without one, dials
 *       spread over them round robin: one per two processors, at least one, or {@code
 *       -Ddial4j.dialer.loops=N} (daemon threads named {@code dial4j-dialer}, or {@code
 *       dial4j-dialer-0}, {@code -1}, ... when there are several; each started on first use). A
 *       loop makes its connects' system calls itself; half the processors leaves the other half to
 *       the threads that dial.
 * </ul>
 *
 * <h2>How a dial goes</h2>
 *
 * An IP literal is dialed as it is. A name is looked up for AAAA and A at once; the dial starts on
 * the AAAA answer as soon as it comes, or on the A answer if AAAA has not come within the
 * resolution delay. Addresses are ordered by the RFC 6724 rules that need no routing table
 * (precedence, which ranks ::1 before IPv6 before IPv4, then scope), then the families are
 * interleaved, starting with {@code firstAddressFamilyCount} addresses of the preferred family. The
 * first attempt starts at once, each next one when the attempt delay has passed since the last
 * start or as soon as an attempt fails. The first to connect wins; the others are cancelled and
 * closed, and a second success that comes late is closed too.
 *
 * <p><b>Budget per attempt</b> (Go's {@code partialDeadline}): with a deadline, an attempt may run
 * until {@code now + remaining / (addresses not yet started + 1)}, but gets at least 2 s (or all
 * that is left, if less), and never past the dial's deadline. The last address gets all that is
 * left. Without a deadline attempts have none either.
 *
 * <h2>Errors</h2>
 *
 * A failed dial throws one {@code NetError} (a {@link java.net.ConnectException} for ECONNREFUSED,
 * a {@link java.net.SocketTimeoutException} for ETIMEDOUT, ...) whose message names the target and
 * how the time went ({@code connect tcp db:5432: ECONNREFUSED (Connection refused): all 2 addresses
 * failed; resolve 1 ms; 2 attempts: [::1]:5432 ECONNREFUSED from 1 ms, ...}). Its errno is the
 * first attempt's; that attempt's own error is its {@linkplain Throwable#getCause() cause} and
 * every other attempt's is {@linkplain Throwable#getSuppressed() suppressed}, each with its errno,
 * target and times. The errno values:
 *
 * <ul>
 *   <li>ETIMEDOUT: the deadline passed ({@code resolve} as the operation if no attempt had started;
 *       a {@link org.dial4j.error.TimedOutException} in either case), had passed already when the
 *       dial was asked for ({@link Deadline#NOW}, a past deadline: no system call is made), or the
 *       kernel gave up on every address.
 *   <li>ECANCELED: the dial was cancelled: the calling thread was interrupted, the future or the
 *       {@link DialHandle} cancelled it, the dialer or its event loop was closed (or the loop
 *       died).
 *   <li>ENOENT (resolve): the name has no address (of the families asked for).
 *   <li>ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EACCES, EADDRNOTAVAIL, EADDRINUSE, EMFILE, ENFILE,
 *       ENOBUFS: the first attempt's failure, when every address failed; ECONNRESET too, from a
 *       peer that accepted and reset the connection before the dial saw its connect complete.
 *   <li>EINVAL, EDESTADDRREQ (port 0), EAFNOSUPPORT (a literal of a family the network or the
 *       source excludes), EOPNOTSUPP (a network the dialer does not dial): bad input, thrown at
 *       once as {@link InvalidArgumentException} or before any attempt.
 * </ul>
 *
 * <p>Whatever a dial opened is closed when it fails, times out or is cancelled: no descriptor,
 * timer or query outlives it (a getaddrinfo call of {@link Resolver#system()}, which cannot be
 * interrupted, ends in the background on its own pool).
 */
public final class Dialer implements AutoCloseable {
  private final Network network;
  private final @Nullable Duration timeout;
  private final Deadline deadline;
  private final DialSettings settings;
  private final @Nullable EventLoop loop;
  private final @Nullable EventLoopGroup group;
  private final AtomicLong dials = new AtomicLong();

  /**
   * How many dials are in progress. Each is also a close hook on its loop while it runs, and only
   * then, kept by the loop's thread ({@link LoopHooks}: no node per dial); {@link #close} finds
   * this dialer's there.
   */
  private final AtomicInteger running = new AtomicInteger();

  private volatile boolean closed;

  /**
   * The driver of the loop the last dial ran on, kept for the next dial on the same loop (a driver
   * holds only its loop and this dialer's options). A reference from the dialer to a loop only: a
   * loop still holds nothing of a dialer that has no dial running.
   */
  private volatile @Nullable LoopDriver lastDriver;

  private Dialer(Builder b) {
    this.network = b.network;
    this.timeout = b.timeout;
    this.deadline = b.deadline;
    this.loop = b.loop;
    this.group = b.group;
    this.settings =
        new DialSettings(
            b.resolver != null ? b.resolver : DnsResolver.system(),
            b.listener,
            b.resolutionDelay.toNanos(),
            clampAttemptDelay(b.attemptDelay).toNanos(),
            b.firstFamilyCount,
            b.maxInFlight,
            b.rttHistory ? new RttHistory() : null,
            b.sourceV4,
            b.sourceV6,
            b.service,
            b.sockets());
  }

  /** A builder with every default (see the class comment). */
  public static Builder builder() {
    return new Builder();
  }

  /** RFC 8305 section 5: the attempt delay is kept within 10 ms .. 2 s. */
  static Duration clampAttemptDelay(Duration d) {
    long n =
        Math.max(
            DialSettings.MIN_ATTEMPT_DELAY, Math.min(DialSettings.MAX_ATTEMPT_DELAY, d.toNanos()));
    return Duration.ofNanos(n);
  }

  // ---------------------------------------------------------------- blocking

  /**
   * Dials {@code address} on the dialer's network under the dialer's own timeout and deadline. See
   * {@link #dial(Network, String, Deadline)}.
   */
  public Connection dial(String address) throws IOException {
    return dial(network, address, Deadline.NEVER);
  }

  /**
   * Dials {@code address} on the dialer's network; see {@link #dial(Network, String, Deadline)}.
   *
   * @param deadline this call's deadline; the earliest of it and the dialer's timeout and deadline
   *     wins
   */
  public Connection dial(String address, Deadline deadline) throws IOException {
    return dial(network, address, deadline);
  }

  /**
   * Dials {@code address} ({@code host:port}, {@code IPv4:port} or {@code [IPv6]:port}) over {@code
   * network} ({@link Network#TCP}, {@link Network#TCP4} or {@link Network#TCP6}) and waits for the
   * connection. Made for virtual threads: the caller parks while the dial runs on the event loop
   * and pins no carrier. An IP literal's connect, when no listener or JFR recording observes the
   * dial, is opened on the calling thread itself ({@code socket}, the options, {@code connect}, one
   * {@code poll} with no wait): a connect done at once (loopback) returns without waiting for the
   * loop thread at all; one still in progress goes on in the loop's race as usual. Interrupting the
   * caller cancels the dial (ECANCELED; the interrupt status stays set).
   *
   * @param deadline this call's deadline; the earliest of it and the dialer's timeout and deadline
   *     wins. One that has passed already fails the dial with ETIMEDOUT before any system call.
   * @throws IOException see the class comment for the errno values
   * @throws IllegalStateException when called on an event-loop thread (it would block the loop; use
   *     {@link #dialAsync} or {@link #dial(String, Deadline, DialCallback)} there)
   */
  public Connection dial(Network network, String address, Deadline deadline) throws IOException {
    Blocking.check("Dialer.dial ", address);
    Endpoint target = DialInput.parseTarget(DialInput.checkNetwork(network), address);
    Objects.requireNonNull(deadline, "deadline");
    EventLoop on = null;
    Object opened = null;
    if (target instanceof InetEndpoint literal
        && !closed
        && CallerConnect.allowed(settings, literal)) {
      // A literal's one connect opened here, on the caller's thread (CallerConnect): done at once
      // (loopback), the dial is over without a thread hand-off; else the race takes it over.
      try {
        on = pickLoop();
      } catch (IOException e) {
        on = null; // the race's start fails it as it always has
      }
      if (on != null && !dialDeadline(deadline, on.clock().nanoTime()).hasPassed(on.clock())) {
        opened = CallerConnect.open(on, settings, literal);
        if (opened instanceof Connection c) {
          return connectedHere(c, network, literal);
        }
      }
    }
    // The callback face, its callback the caller's parked wait: no future per blocking dial.
    DialWait wait = new DialWait();
    return wait.await(start(network, target, deadline, wait, null, on, opened));
  }

  /**
   * A blocking dial whose connect was done at once on the caller's thread ({@link CallerConnect}),
   * unless the dialer closed meanwhile (then ECANCELED, as its race would end).
   */
  private Connection connectedHere(Connection c, Network net, InetEndpoint target)
      throws IOException {
    if (closed) {
      c.close();
      throw NetError.of(
          Errno.ECANCELED, Operation.CONNECT, net, null, target, "the dialer is closed");
    }
    return c;
  }

  /**
   * A {@link javax.net.SocketFactory} whose sockets ({@link DialSocket}) connect through this
   * dialer: for JDBC drivers, HTTP and Redis clients and any code that takes a socket factory.
   */
  public DialSocketFactory socketFactory() {
    return new DialSocketFactory(this);
  }

  // ---------------------------------------------------------------- future

  /**
   * {@link #dialAsync(Network, String, Deadline)} on the dialer's network, without a call deadline.
   */
  public CompletableFuture<Connection> dialAsync(String address) {
    return dialAsync(network, address, Deadline.NEVER);
  }

  /** {@link #dialAsync(Network, String, Deadline)} on the dialer's network. */
  public CompletableFuture<Connection> dialAsync(String address, Deadline deadline) {
    return dialAsync(network, address, deadline);
  }

  /**
   * Starts a dial and returns at once. The future completes on the event-loop thread with the
   * connection or the dial's error (see the class comment); bad input, a closed dialer or loop
   * complete it exceptionally at once. {@code cancel} on the future cancels the dial: everything it
   * opened is closed and a connection that wins at the same moment is closed rather than leaked.
   */
  public CompletableFuture<Connection> dialAsync(
      Network network, String address, Deadline deadline) {
    return start(network, address, deadline);
  }

  /**
   * {@link #dialAsync(Network, String, Deadline)} for a target already parsed: an {@link
   * InetEndpoint} or a {@link HostEndpoint}. Bad input completes the future exceptionally at once.
   */
  public CompletableFuture<Connection> dialAsync(
      Network network, Endpoint target, Deadline deadline) {
    DialFuture f = new DialFuture();
    Endpoint checked;
    try {
      checked =
          DialInput.checkTarget(
              DialInput.checkNetwork(network),
              Objects.requireNonNull(target, "target"),
              String.valueOf(target));
    } catch (InvalidArgumentException e) {
      f.settle(null, e);
      return f;
    }
    start(network, checked, deadline, null, f);
    return f;
  }

  // ---------------------------------------------------------------- callback

  /**
   * The event-loop face, on the dialer's network: starts a dial of {@code address} and calls {@code
   * callback} exactly once with the connection or the error (exactly one of the two is null). The
   * callback runs on the loop thread; it must not block. If the dial cannot start (the dialer or
   * its loop is closed, or the shared loop cannot be started) the callback is called at once, on
   * the calling thread, with that error (ECANCELED, or EMFILE and the like). Called on the loop's
   * own thread (from a callback), the dial starts inside this call, as the loop's own connect does:
   * a dial that ends at once (a connect refused on the spot, a deadline already passed) has called
   * the callback before this call returns.
   *
   * @return a handle that cancels the dial
   * @throws InvalidArgumentException at once, for bad input (EINVAL, EDESTADDRREQ, EAFNOSUPPORT;
   *     see the class comment); the callback is not called
   */
  public DialHandle dial(String address, Deadline deadline, DialCallback callback) {
    Objects.requireNonNull(callback, "callback");
    Endpoint target = DialInput.parseTarget(network, address);
    return start(network, target, deadline, callback, null);
  }

  /**
   * The callback face for a target already parsed (a load generator dialing the same endpoints over
   * and over skips the parsing): {@code target} is an {@link InetEndpoint} or a {@link
   * HostEndpoint}, {@code network} one of {@code TCP}, {@code TCP4}, {@code TCP6}. Otherwise as
   * {@link #dial(String, Deadline, DialCallback)}.
   *
   * @return a handle that cancels the dial
   * @throws InvalidArgumentException at once, for bad input, with the errno values of the string
   *     forms (the callback is not called)
   */
  public DialHandle dial(
      Network network, Endpoint target, Deadline deadline, DialCallback callback) {
    Objects.requireNonNull(callback, "callback");
    Endpoint checked =
        DialInput.checkTarget(
            DialInput.checkNetwork(network),
            Objects.requireNonNull(target, "target"),
            String.valueOf(target));
    return start(network, checked, deadline, callback, null);
  }

  // ---------------------------------------------------------------- the one path

  private DialFuture start(Network net, String address, Deadline callDeadline) {
    DialFuture f = new DialFuture();
    Endpoint target;
    try {
      target = DialInput.parseTarget(DialInput.checkNetwork(net), address);
    } catch (InvalidArgumentException e) {
      f.settle(null, e);
      return f;
    }
    start(net, target, callDeadline, null, f);
    return f;
  }

  /**
   * Starts one dial whose outcome goes to {@code callback} or to {@code future} (exactly one is not
   * null). Input has been checked.
   */
  private DialTask start(
      Network net,
      Endpoint target,
      Deadline callDeadline,
      @Nullable DialCallback callback,
      @Nullable DialFuture future) {
    return start(net, target, callDeadline, callback, future, null, null);
  }

  /**
   * As above, on {@code picked} if not null (else the next loop), with what a blocking dial's
   * caller opened already ({@link CallerConnect}; null if nothing) for the race's first attempt.
   */
  private DialTask start(
      Network net,
      Endpoint target,
      Deadline callDeadline,
      @Nullable DialCallback callback,
      @Nullable DialFuture future,
      @Nullable EventLoop picked,
      @Nullable Object opened) {
    Objects.requireNonNull(callDeadline, "deadline");
    DialTask task =
        new DialTask(callback != null ? callback : Objects.requireNonNull(future, "future"));
    if (future != null) {
      future.task = task;
    }
    if (opened != null) {
      task.opened(opened); // the race takes it, or its end closes it
    }
    if (closed) {
      task.failEarly(
          NetError.of(
              Errno.ECANCELED, Operation.CONNECT, net, null, target, "the dialer is closed"));
      return task;
    }
    EventLoop on = picked;
    if (on == null) {
      try {
        on = pickLoop();
      } catch (IOException e) {
        task.failEarly(e);
        return task;
      }
    }
    long calledAt = on.clock().nanoTime();
    Deadline d = dialDeadline(callDeadline, calledAt);
    DialRace<Connection> race =
        new DialRace<>(
            settings, driver(on), dials.incrementAndGet(), net, target, d, calledAt, task);
    task.race = race;
    // The task joins its loop's close hooks as the race starts, on the loop's thread, and leaves
    // them when it ends: a closing loop cancels it, and a dialer that has no dial running holds
    // nothing on any loop.
    running.incrementAndGet();
    if (on.inLoop()) {
      // On its own loop's thread (a callback that dials again, as a load generator's does): the
      // race starts here, without a trip through the loop's task queue (a queue node per dial).
      race.run();
    } else {
      try {
        on.execute(race); // its run() is its start
      } catch (RejectedExecutionException e) {
        // Closing now: the race will not run (a task the loop refuses is not queued).
        running.decrementAndGet();
        task.failEarly(
            NetError.of(
                Errno.ECANCELED, Operation.CONNECT, net, null, target, "the event loop is closed"));
        return task;
      }
    }
    if (closed) {
      task.cancelRace("the dialer is closed");
    }
    return task;
  }

  /** The dial's one deadline: the earliest of the call's, the dialer's and its timeout's. */
  private Deadline dialDeadline(Deadline callDeadline, long calledAt) {
    Deadline d = deadline.earliest(callDeadline);
    if (timeout != null) {
      d = d.earliest(Deadline.after(timeout, () -> calledAt));
    }
    return d;
  }

  private LoopDriver driver(EventLoop on) {
    LoopDriver d = lastDriver;
    if (d == null || d.loop() != on) {
      d = new LoopDriver(on, this, settings.sockets());
      lastDriver = d;
    }
    return d;
  }

  private EventLoop pickLoop() throws IOException {
    if (loop != null) {
      return loop;
    }
    if (group != null) {
      return group.next();
    }
    return DefaultLoop.get();
  }

  // ---------------------------------------------------------------- close

  /**
   * Cancels every dial of this dialer still in progress (each fails with ECANCELED and closes what
   * it opened) and refuses new ones with ECANCELED. Connections already made stay open: they belong
   * to their callers. Does not close the event loop (it may be shared). Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    // Each loop's thread keeps its dials: each cancels this dialer's there. A dial the loop has
    // not started yet sees the flag as it starts (DialTask.starting).
    for (EventLoop l : loopsInUse()) {
      if (l.inLoop()) {
        cancelDials(l);
        continue;
      }
      try {
        l.execute(() -> cancelDials(l));
      } catch (RejectedExecutionException closing) {
        // The loop's end runs its close hooks: they cancel this dialer's dials there.
      }
    }
  }

  /** On {@code l}'s thread: cancels this dialer's dials running there. */
  private void cancelDials(EventLoop l) {
    for (LoopHooks.Hook h : LoopAccess.hooks(l).select(h -> ownDial(h))) {
      ((DialTask) h).cancelRace("the dialer is closed");
    }
  }

  private boolean ownDial(LoopHooks.Hook h) {
    return h instanceof DialTask t && t.dialer() == this;
  }

  /** The loops this dialer's dials may run on now (a default loop that closed ran its hooks). */
  private List<EventLoop> loopsInUse() {
    if (loop != null) {
      return List.of(loop);
    }
    if (group != null) {
      return group.loops();
    }
    return DefaultLoop.peek();
  }

  /** Whether {@link #close} has been called. */
  boolean isClosed() {
    return closed;
  }

  /** A dial of this dialer ended (on its loop's thread). */
  void ended() {
    running.decrementAndGet();
  }

  /**
   * How many dials of this dialer are in progress: started on a loop and not ended. A blocking dial
   * of an IP literal whose connect its caller opens itself counts from the moment that connect is
   * handed to the loop, and not at all when it was done at once (it never waited).
   */
  public int inProgress() {
    return running.get();
  }

  @Override
  public String toString() {
    return "Dialer["
        + network.label()
        + (timeout != null ? " timeout=" + DialText.millis(timeout) : "")
        + (!deadline.isNever() ? " deadline=" + deadline : "")
        + " attemptDelay="
        + DialText.millis(Duration.ofNanos(settings.attemptDelay()))
        + "]";
  }

  /** Builds a {@link Dialer}. Each method documents its default; the builder may be reused. */
  public static final class Builder {
    private Network network = Network.TCP;
    private @Nullable Duration timeout;
    private Deadline deadline = Deadline.NEVER;
    private @Nullable InetEndpoint sourceV4;
    private @Nullable InetEndpoint sourceV6;
    private @Nullable Resolver resolver;
    private Duration resolutionDelay = Duration.ofMillis(50);
    private Duration attemptDelay = Duration.ofMillis(250);
    private int firstFamilyCount = 1;
    private int maxInFlight;
    private boolean rttHistory;
    private DialListener listener = DialListener.NONE;
    private @Nullable EventLoop loop;
    private @Nullable EventLoopGroup group;
    private @Nullable String service;
    private boolean noDelay = true;
    private boolean keepAlive;
    private int keepIdle;
    private int keepInterval;
    private int keepCount;
    private int userTimeoutMillis = -1;
    private int lingerSeconds = -1;
    private int receiveBuffer;
    private int sendBuffer;
    private @Nullable String device;
    private @Nullable Integer mark;
    private int trafficClass = -1;
    private boolean fastOpen;
    private boolean multipath;
    private @Nullable SocketControl control;

    private Builder() {}

    SocketSettings sockets() {
      return new SocketSettings(
          noDelay,
          keepAlive,
          keepIdle,
          keepInterval,
          keepCount,
          userTimeoutMillis,
          lingerSeconds,
          receiveBuffer,
          sendBuffer,
          device,
          mark,
          trafficClass,
          fastOpen,
          multipath,
          control);
    }

    /**
     * The network {@link Dialer#dial(String)} uses: {@code tcp} (default), {@code tcp4} or {@code
     * tcp6}.
     *
     * @throws InvalidArgumentException EOPNOTSUPP for another network, EINVAL for an unknown name
     */
    public Builder network(String network) {
      this.network = DialInput.parseNetwork(network);
      return this;
    }

    /**
     * The network {@link Dialer#dial(String)} and the other faces without one use: {@link
     * Network#TCP} (default), {@link Network#TCP4} or {@link Network#TCP6}.
     *
     * @throws InvalidArgumentException EOPNOTSUPP for another network, EINVAL for null
     */
    public Builder network(Network network) {
      this.network = DialInput.checkNetwork(network);
      return this;
    }

    /** The longest a dial may take, from the call; default none. Zero or negative: none. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      this.timeout = timeout.isZero() || timeout.isNegative() ? null : timeout;
      return this;
    }

    /** An absolute deadline for every dial; default {@link Deadline#NEVER}. */
    public Builder deadline(Deadline deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /**
     * The source address for dials of its family: {@code IP}, {@code [IPv6]}, {@code IP:port} or
     * {@code [IPv6]:port}; port 0 or none: the kernel picks the port per connection, with
     * IP_BIND_ADDRESS_NO_PORT. Call once per family; default none for both. A source of one family
     * only restricts dials to that family.
     *
     * @throws InvalidArgumentException EINVAL if it is null or not an IP address, naming the input
     *     as given (EADDRNOTAVAIL comes later, from the dial, if the host has no such address)
     */
    public Builder source(String ip) {
      if (ip == null) {
        throw new InvalidArgumentException(
            Errno.EINVAL, null, "a source is an IP address, with or without a port");
      }
      InetEndpoint e;
      try {
        e = Endpoint.parseInet(ip);
      } catch (InvalidArgumentException notWithPort) {
        // Without a port: 192.0.2.1, 2001:db8::1 or [2001:db8::1].
        String withZero =
            ip.startsWith("[") && ip.endsWith("]")
                ? ip + ":0"
                : ip.indexOf(':') >= 0 ? "[" + ip + "]:0" : ip + ":0";
        try {
          e = Endpoint.parseInet(withZero);
        } catch (InvalidArgumentException neither) {
          throw new InvalidArgumentException(
              Errno.EINVAL, ip, "a source is an IP address, with or without a port");
        }
      }
      return source(e);
    }

    /**
     * As {@link #source(String)}.
     *
     * @throws InvalidArgumentException EINVAL for null
     */
    public Builder source(InetEndpoint source) {
      if (source == null) {
        throw new InvalidArgumentException(
            Errno.EINVAL, null, "a source is an IP address, with or without a port");
      }
      if (source.family() == Family.INET) {
        sourceV4 = source;
      } else {
        sourceV6 = source;
      }
      return this;
    }

    /**
     * Happy Eyeballs version 3 (draft-ietf-happy-happyeyeballs-v3): a dial of a name also asks for
     * the name's service bindings for this URI scheme ({@link Resolver#services}: HTTPS records for
     * {@code https}, SVCB for another), races their addresses and hints in priority order before
     * the name's plain addresses, and says on the {@link Connection} which binding it won with
     * ({@link Connection#serviceBinding()}). Default null: no service, RFC 8305 as before. Only a
     * resolver that can ask for such records ({@link DnsResolver}) finds any.
     *
     * @param scheme a URI scheme ({@code https}), or null for none
     * @throws InvalidArgumentException (EINVAL) if {@code scheme} is not a URI scheme (RFC 3986
     *     section 3.1: a letter, then letters, digits, '+', '-' or '.')
     */
    public Builder service(@Nullable String scheme) {
      if (scheme != null && !scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
        throw new InvalidArgumentException(Errno.EINVAL, scheme, "not a URI scheme");
      }
      this.service = scheme == null ? null : scheme.toLowerCase(java.util.Locale.ROOT);
      return this;
    }

    /** Where names are looked up; default {@link DnsResolver#system()}. */
    public Builder resolver(Resolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * RFC 8305 Resolution Delay: how long an A answer waits for a missing AAAA answer before the
     * dial starts on it; default 50 ms (the RFC's recommendation). Zero: do not wait.
     */
    public Builder resolutionDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("resolution delay " + delay + " is negative");
      }
      this.resolutionDelay = delay;
      return this;
    }

    /**
     * RFC 8305 Connection Attempt Delay: how long an attempt runs alone before the next address is
     * tried too; default 250 ms, kept within 10 ms .. 2 s (the RFC's limits). An attempt that fails
     * starts the next at once regardless.
     */
    public Builder attemptDelay(Duration delay) {
      this.attemptDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * RFC 8305 First Address Family Count: how many addresses of the preferred family are tried
     * before the first of the other; default 1.
     */
    public Builder firstAddressFamilyCount(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("first address family count " + count + " < 1");
      }
      this.firstFamilyCount = count;
      return this;
    }

    /**
     * The most attempts of one dial running at once; default 0, no cap. With a cap, the next
     * address waits for a running attempt to fail even when the attempt delay has passed.
     */
    public Builder maxAttemptsInFlight(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("max attempts in flight " + max + " < 0");
      }
      this.maxInFlight = max;
      return this;
    }

    /**
     * Whether to shorten the attempt delay from connect times this dialer has measured (RFC 8305
     * section 5): after an attempt to an address with known connect times starts, the next one
     * waits twice that address's smoothed connect time (RFC 6298 smoothing), within 10 ms and the
     * configured attempt delay. Default false.
     */
    public Builder rttHistory(boolean on) {
      this.rttHistory = on;
      return this;
    }

    /** Sees every event of every dial (see {@link DialEvent}); default none. */
    public Builder listener(DialListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    // ---------------------------------------------------------------- socket options

    /**
     * {@code TCP_NODELAY} (tcp(7)): whether small writes go out at once instead of waiting, by
     * Nagle's algorithm, for the previous segment's acknowledgement. Default <b>true</b>, as Go's
     * dialer sets it on every TCP connection: request and response protocols (HTTP, database wire
     * protocols) write a request in pieces and wait for the answer, and Nagle's algorithm together
     * with the peer's delayed acknowledgement (40 ms on Linux) would hold the last piece back.
     * False leaves the kernel's default, Nagle on.
     */
    public Builder noDelay(boolean on) {
      this.noDelay = on;
      return this;
    }

    /**
     * TCP keep-alive: {@code SO_KEEPALIVE} on, with {@code TCP_KEEPIDLE} {@code idle} (the idle
     * time before the first probe), {@code TCP_KEEPINTVL} {@code interval} (between probes) and
     * {@code TCP_KEEPCNT} {@code count} (unanswered probes before the kernel drops the connection,
     * which then fails ETIMEDOUT). Times are whole seconds, a fraction rounded up, 1 s to 32767 s;
     * count 1 to 127 (the kernel's limits).
     *
     * <p><b>Default off</b>, where Go turns it on with 15 s, 15 s and 9. dial4j's connections
     * usually live in a pool (a JDBC pool, an HTTP client) that has its own idea of an idle
     * connection: it validates a connection before lending it, closes it after a maximum idle or
     * life time, and was written against the JDK's sockets, whose keep-alive is off. Probes every
     * 15 s would keep NAT and firewall state alive that such a pool means to let go, cost a wake-up
     * and two packets per idle connection (thousands of them in a load generator), and still take
     * 150 s to find a dead peer, later than the pool's own check. A caller who wants the kernel to
     * watch an idle connection sets the three numbers that fit its network here.
     *
     * @throws IllegalArgumentException a time below 1 s or above 32767 s, or a count outside 1..127
     */
    public Builder keepAlive(Duration idle, Duration interval, int count) {
      int i = keepSeconds("idle", idle);
      int n = keepSeconds("interval", interval);
      if (count < 1 || count > SocketOptionCalls.MAX_KEEPCNT) {
        throw new IllegalArgumentException("keep-alive count " + count + " is not within 1..127");
      }
      this.keepAlive = true;
      this.keepIdle = i;
      this.keepInterval = n;
      this.keepCount = count;
      return this;
    }

    /**
     * TCP keep-alive on with the kernel's own timings ({@code net.ipv4.tcp_keepalive_time}, 7200 s,
     * {@code tcp_keepalive_intvl}, 75 s, {@code tcp_keepalive_probes}, 9), or off (the default; see
     * {@link #keepAlive(Duration, Duration, int)} for why).
     */
    public Builder keepAlive(boolean on) {
      this.keepAlive = on;
      this.keepIdle = 0;
      this.keepInterval = 0;
      this.keepCount = 0;
      return this;
    }

    private static int keepSeconds(String what, Duration d) {
      Objects.requireNonNull(d, what);
      long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
      if (d.isNegative() || s < 1 || s > SocketOptionCalls.MAX_KEEPIDLE) {
        throw new IllegalArgumentException(
            "keep-alive " + what + " " + d + " is not within 1 s..32767 s");
      }
      return (int) s;
    }

    /**
     * {@code TCP_USER_TIMEOUT} (tcp(7), RFC 5482): the longest sent data may stay unacknowledged
     * (with keep-alive on, the longest probes may go unanswered) before the kernel drops the
     * connection and the next call fails ETIMEDOUT; whole milliseconds. Default null: not set, the
     * kernel's retransmission limits apply (about 15 minutes with {@code tcp_retries2} of 15).
     *
     * @param timeout the timeout, or null for the default; zero also means the kernel's default
     * @throws IllegalArgumentException a negative timeout, or one over {@code Integer.MAX_VALUE} ms
     */
    public Builder userTimeout(@Nullable Duration timeout) {
      if (timeout == null) {
        this.userTimeoutMillis = -1;
        return this;
      }
      if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("user timeout " + timeout + " is out of range");
      }
      this.userTimeoutMillis = (int) timeout.toMillis();
      return this;
    }

    /**
     * {@code SO_LINGER} (socket(7)) in whole seconds, a fraction rounded up: zero resets the
     * connection at close (RST, unsent data dropped); a positive time makes the kernel try that
     * long to send what is buffered (dial4j's {@link Connection#close()} never blocks on it: the
     * descriptor is non-blocking). Default null: not set, the kernel's default (off: close returns
     * at once and the kernel sends the rest in the background).
     *
     * @param linger the time, or null for the default
     * @throws IllegalArgumentException a negative time, or over 65535 s
     */
    public Builder linger(@Nullable Duration linger) {
      if (linger == null) {
        this.lingerSeconds = -1;
        return this;
      }
      long s = linger.getSeconds() + (linger.getNano() > 0 ? 1 : 0);
      if (linger.isNegative() || s > 65535) {
        throw new IllegalArgumentException("linger " + linger + " is not within 0..65535 s");
      }
      this.lingerSeconds = (int) s;
      return this;
    }

    /**
     * {@code SO_RCVBUF} (socket(7)): the receive buffer asked for, in bytes; the kernel doubles it
     * for its bookkeeping (what {@link Connection#getOption} reads back), caps it at {@code
     * net.core.rmem_max}, and turns off its own autotuning for the socket. Default 0: not set,
     * autotuned.
     *
     * @throws IllegalArgumentException a negative size
     */
    public Builder receiveBuffer(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("receive buffer " + bytes + " < 0");
      }
      this.receiveBuffer = bytes;
      return this;
    }

    /**
     * {@code SO_SNDBUF} (socket(7)): the send buffer asked for, in bytes; doubled and capped (at
     * {@code net.core.wmem_max}) as {@link #receiveBuffer}. Default 0: not set, autotuned.
     *
     * @throws IllegalArgumentException a negative size
     */
    public Builder sendBuffer(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("send buffer " + bytes + " < 0");
      }
      this.sendBuffer = bytes;
      return this;
    }

    /**
     * {@code SO_BINDTODEVICE} (socket(7)): connect through this network interface only (a VRF, or
     * one of several uplinks). Default null: not bound. An interface that does not exist fails the
     * attempt ENODEV; without {@code CAP_NET_RAW} it may fail EPERM.
     *
     * @param device the interface's name ({@code eth0}), or null (or empty) for none
     * @throws IllegalArgumentException a name of 16 bytes or more, or holding a NUL
     */
    public Builder bindToDevice(@Nullable String device) {
      if (device == null || device.isEmpty()) {
        this.device = null;
      } else {
        SocketOptionCalls.checkDevice(device);
        this.device = device;
      }
      return this;
    }

    /**
     * {@code SO_MARK} (socket(7)): the mark every packet of the connection carries, for policy
     * routing ({@code ip rule fwmark}) and netfilter. Default: not set (0). Needs {@code
     * CAP_NET_ADMIN} (or {@code CAP_NET_RAW}); without, the attempt fails EPERM.
     */
    public Builder mark(int mark) {
      this.mark = mark;
      return this;
    }

    /**
     * The traffic class byte (DSCP and ECN bits): {@code IP_TOS} on an IPv4 socket, {@code
     * IPV6_TCLASS} on an IPv6 one, by each attempt's family. Default: not set (0). The kernel keeps
     * the ECN bits of TCP to itself.
     *
     * @throws IllegalArgumentException a value outside 0..255
     */
    public Builder trafficClass(int trafficClass) {
      if (trafficClass < 0 || trafficClass > 255) {
        throw new IllegalArgumentException(
            "traffic class " + trafficClass + " is not within 0..255");
      }
      this.trafficClass = trafficClass;
      return this;
    }

    /**
     * {@code TCP_FASTOPEN_CONNECT} (Linux 4.11+, RFC 7413): with a Fast Open cookie from an earlier
     * connection to the server, the kernel defers the SYN until the first send and carries that
     * data in it. The connection is then reported connected before the handshake, and a peer that
     * does not answer shows on the first send or receive, not in the dial. Without a cookie (the
     * first connection) the connect is an ordinary one. Default false.
     */
    public Builder fastOpen(boolean on) {
      this.fastOpen = on;
      return this;
    }

    /**
     * Multipath TCP (RFC 8684; Linux 5.6+): each attempt's socket is made with {@code
     * IPPROTO_MPTCP}, which the peer may use over several paths, and which is plain TCP towards a
     * peer without MPTCP. Where the kernel refuses the protocol (EPROTONOSUPPORT: built without it;
     * ENOPROTOOPT or EINVAL: {@code net.mptcp.enabled} is 0) the attempt falls back to plain TCP
     * and the listener sees {@link DialEvent.MultipathFallback}. Default false.
     */
    public Builder multipath(boolean on) {
      this.multipath = on;
      return this;
    }

    /**
     * Go's {@code Dialer.Control}: a hook that sees each attempt's socket after {@code socket(2)}
     * and the options above, before {@code connect(2)}; what it throws fails that attempt (its
     * errno if it is a {@link NetError}, else EIO with the exception as the cause). Default null:
     * none.
     */
    public Builder control(@Nullable SocketControl control) {
      this.control = control;
      return this;
    }

    /** The event loop dials run on; default the shared {@code dial4j-dialer} loops. */
    public Builder loop(EventLoop loop) {
      this.loop = Objects.requireNonNull(loop, "loop");
      this.group = null;
      return this;
    }

    /** Event loops dials are spread over, round robin; default the shared loops. */
    public Builder loops(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      this.loop = null;
      return this;
    }

    /** The dialer. */
    public Dialer build() {
      return new Dialer(this);
    }
  }
}
