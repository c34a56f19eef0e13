package org.dial4j.dial;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.HostEndpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.jspecify.annotations.Nullable;

/**
 * One dial's state machine: resolve, plan, race (RFC 8305), on one driver thread. The blocking,
 * future and callback faces of {@link Dialer} all run this; tests run it on a virtual clock.
 *
 * <p>The steps, each a method called on the driver's thread:
 *
 * <ul>
 *   <li>{@link #start}: arms the deadline; an IP literal goes straight to its attempt; a host name
 *       asks the resolver for AAAA and A at once (RFC 8305 section 3).
 *   <li>{@link #answer}: an AAAA answer is used at once; an A answer that comes while AAAA is still
 *       out is held for the Resolution Delay (50 ms by default), then used (section 3). Answers
 *       that come while attempts run join the addresses not yet tried, re-interleaved (section 3).
 *   <li>{@link #startNext}: starts the next address, then again after the Connection Attempt Delay
 *       (section 5), or at once when an attempt fails, up to the cap on attempts in flight.
 *   <li>The first attempt that connects wins; every other is cancelled; a late success is closed.
 *       The dial fails when every address has failed, when its deadline passes (ETIMEDOUT) or when
 *       it is cancelled (ECANCELED).
 * </ul>
 *
 * @param <C> the connection type the driver makes
 */
final class DialRace<C> implements Runnable {
  /** How the race ends: exactly one of these is called, once, on the driver's thread. */
  interface Outcome<C> {
    /**
     * The dial connected.
     *
     * @param binding the service binding the winning address came from (Happy Eyeballs v3), or null
     */
    void won(C connection, @Nullable ServiceBinding binding);

    void failed(IOException error);

    /**
     * The race starts now, on the driver's thread: null to go on, or why it cannot (it is then
     * cancelled with that reason). The dialer's task joins its loop's close hooks here.
     */
    default @Nullable String starting() {
      return null;
    }
  }

  /**
   * What only a name needs (its resolution, its plan of several addresses): an IP literal, the
   * connect path, makes none of it.
   */
  private static final class Names {
    final String host;
    final int port;

    /** The dial's name as its attempts show in the loop's {@code fds} view. */
    final String name;

    final Deadline deadline;

    final AttemptPlan plan;

    /** The families' lookups still out. */
    final Map<Family, CompletableFuture<List<InetAddress>>> queries = new EnumMap<>(Family.class);

    /**
     * Addresses held back for the Resolution Delay: an A answer while AAAA is out (RFC 8305 section
     * 3), or, with a service, any address while AAAA or the bindings are out (Happy Eyeballs v3).
     */
    @Nullable List<InetEndpoint> held;

    DialDriver.@Nullable Cancel resolutionDelayTimer;

    /** Happy Eyeballs v3: the service bindings' bookkeeping, or null without a service. */
    final @Nullable ServicePlan services;

    /** The bindings' query while it is out. */
    @Nullable CompletableFuture<List<ServiceBinding>> servicesQuery;

    /** The lookups of the bindings' other targets still out. */
    final List<CompletableFuture<List<InetAddress>>> targetQueries = new ArrayList<>(0);

    /** When the last answer came (-1 until then); a literal's is the dial's start. */
    long resolvedAt = -1;

    /**
     * When the next address may start (the Connection Attempt Delay after the last start, RFC 8305
     * section 5): a literal has one address, so only a name needs it.
     */
    long nextAllowedAt;

    DialDriver.@Nullable Cancel attemptTimer;

    Names(
        HostEndpoint target,
        String name,
        Deadline deadline,
        DialSettings settings,
        boolean observed) {
      this.host = target.host();
      this.port = target.port();
      this.name = name;
      this.deadline = deadline;
      // Only a name's resolve-end report shows the whole plan, started targets included.
      this.plan = new AttemptPlan(settings, observed);
      if (settings.service() != null) {
        ServicePlan sp = new ServicePlan(host, port);
        this.services = sp;
        plan.rankBy(sp::rank);
      } else {
        this.services = null;
      }
    }
  }

  /** A literal's dial name: its address is the attempt's remote address already. */
  static final String LITERAL_NAME = "dial";

  private final DialSettings settings;
  private final DialDriver<C> driver;
  private final Outcome<C> outcome;
  private final Network network;

  /** The target as asked for: a {@link HostEndpoint} (then {@link #names}) or an IP literal. */
  private final Endpoint shown;

  private final long startedAt;
  private final boolean hasDeadline;
  private final long deadline;

  /** Where each step is reported (the listener and JFR), or {@link RaceObserver#NONE}. */
  private final RaceObserver observer;

  /** Whether anyone observes: without, no report is built at all (the connect path). */
  private final boolean observed;

  /** A name's state, or null for an IP literal. */
  private final @Nullable Names names;

  /**
   * A literal's one address is left to start: set as the race starts (unless it is skipped for want
   * of a source), cleared as it starts. The address is {@link #shown}.
   */
  private boolean literalLeft;

  /**
   * The attempts running (and those cancelled, until they end), oldest first, linked; few (one for
   * a literal), so their count and the last are found by walking (a field each saved per dial).
   */
  private @Nullable DialAttempt<C> first;

  /** Made at the first failure only. */
  private @Nullable DialErrors errors;

  private int started;
  private DialDriver.@Nullable Cancel deadlineTimer;
  private boolean done;

  /** Whether the outcome has been given (done, and the caller told). */
  private boolean settled;

  /**
   * When the race was decided: the time its last events and its error carry, read before the error
   * is built, so that building it (cold code, the first time) never shows as lateness.
   */
  private long endedAt;

  private boolean ended;

  /**
   * @param target a {@link HostEndpoint} to resolve or an {@link InetEndpoint} to dial as it is
   * @param deadline the one deadline over resolution and every attempt
   */
  DialRace(
      DialSettings settings,
      DialDriver<C> driver,
      long dialNo,
      Network network,
      Endpoint target,
      Deadline deadline,
      Outcome<C> outcome) {
    this(settings, driver, dialNo, network, target, deadline, driver.nanoTime(), outcome);
  }

  /**
   * @param calledAt when the dial was asked for (nanoTime on the driver's clock): event times and
   *     the deadline's story count from there, not from when the loop got to it
   */
  DialRace(
      DialSettings settings,
      DialDriver<C> driver,
      long dialNo,
      Network network,
      Endpoint target,
      Deadline deadline,
      long calledAt,
      Outcome<C> outcome) {
    this.settings = settings;
    this.driver = driver;
    this.outcome = outcome;
    this.network = network;
    this.shown = target;
    this.startedAt = calledAt;
    this.hasDeadline = !deadline.isNever();
    long now = driver.nanoTime();
    this.deadline = hasDeadline ? now + deadline.remainingNanos(() -> now) : 0;
    String name = target instanceof HostEndpoint ? "dial " + target : LITERAL_NAME;
    this.observer = DialObserver.open(settings.listener(), dialNo, name);
    this.observed = observer != RaceObserver.NONE;
    this.names =
        target instanceof HostEndpoint he
            ? new Names(he, name, deadline, settings, observed)
            : null;
  }

  /** The network the dial is on. */
  Network network() {
    return network;
  }

  /** The target as asked for. */
  Endpoint target() {
    return shown;
  }

  /** Where the race runs. */
  DialDriver<C> driver() {
    return driver;
  }

  /** Where its outcome goes. */
  Outcome<C> outcome() {
    return outcome;
  }

  /** The source address an attempt to {@code target} starts from (the dialer's, by family). */
  @Nullable InetEndpoint source(InetEndpoint target) {
    return settings.source(target.family());
  }

  /** A name's state (only called where there is a name). */
  private Names names() {
    return Objects.requireNonNull(names, "a name's state, where there is a name");
  }

  // ---------------------------------------------------------------- entry points

  // Every way into the race (the start, an answer, a timer, an attempt's end, a cancel) goes
  // through one of these: a bug that throws must still end the dial, never leave it hanging.

  // start, connected and failed are the connect path: written out, because a capturing lambda
  // there costs an object per dial (35 B a dial more, measured with storm --dialer -v).

  /** {@link #start()}, as the task the dialer hands the loop (no object of its own per dial). */
  @Override
  public void run() {
    start();
  }

  void start() {
    try {
      startStep();
    } catch (RuntimeException | Error e) {
      crash(e);
    }
  }

  void answer(Family f, CompletableFuture<?> q, List<InetAddress> list, @Nullable Throwable err) {
    guarded(() -> answerStep(f, q, list, err));
  }

  private void resolutionDelayPassed() {
    guarded(this::resolutionDelayStep);
  }

  private void attemptDelayPassed() {
    guarded(this::attemptDelayStep);
  }

  private void deadlinePassed() {
    guarded(this::deadlineStep);
  }

  void cancel(String why) {
    guarded(() -> cancelStep(why));
  }

  /** {@code a} connected (its driver's report). */
  void attemptConnected(DialAttempt<C> a, C connection) {
    try {
      connectedStep(a, connection);
    } catch (RuntimeException | Error e) {
      crash(e);
    }
  }

  /** {@code a} failed (its driver's report, or a failure known as it started). */
  void attemptFailed(DialAttempt<C> a, IOException error) {
    try {
      failedStep(a, error);
    } catch (RuntimeException | Error e) {
      crash(e);
    }
  }

  /** The kernel refused {@code a} a Multipath TCP socket; it goes on over plain TCP. */
  void multipathRefused(DialAttempt<C> a, Errno errno) {
    if (observed) {
      observer.multipathFallback(since(), a.number, a.target, errno);
    }
  }

  /** Runs one step; a bug that throws ends the dial (EIO) instead of leaving it hanging. */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | Error e) {
      crash(e);
    }
  }

  /**
   * An unexpected exception inside the race: ends the dial with EIO, once, the bug as its cause.
   * Logged (at ERROR) only when the dial had ended already: then no caller will see it. A loop that
   * refused a timer because its close began ({@link DialDriver#stopped}) is no bug: ECANCELED.
   */
  private void crash(Throwable e) {
    if (e instanceof VirtualMachineError fatal) {
      throw fatal;
    }
    String stopped = e instanceof RejectedExecutionException && !settled ? driver.stopped() : null;
    if (stopped != null) {
      // Not a bug: the loop began to close while this step ran (a close on another thread, in
      // the loop's last turn), and refused a timer. Its close hook would cancel the dial next.
      try {
        cancelStep(stopped);
        return;
      } catch (RuntimeException | Error again) {
        e.addSuppressed(again);
      }
    }
    if (settled) {
      System.getLogger(Dialer.class.getName())
          .log(
              System.Logger.Level.ERROR,
              "dial " + shown + ": internal error after the dial ended",
              e);
      return;
    }
    settled = true;
    done = true;
    decide();
    IOException io = errors().internal(phase(), e);
    try {
      stopEverything();
    } catch (RuntimeException | Error again) {
      io.addSuppressed(again);
    }
    outcome.failed(io);
  }

  // ---------------------------------------------------------------- start and resolve

  private void startStep() {
    if (done) {
      return; // cancelled before it started (its loop closed)
    }
    String refused = outcome.starting();
    if (refused != null) {
      cancelStep(refused);
      return;
    }
    // Against now, not the call's time: the deadline was clamped to no earlier than the moment
    // it was read, so one that had passed already equals that moment, which is after the call.
    if (hasDeadline && deadline - decide() <= 0) {
      fail(errors().timedOutBeforeStart(phase()));
      return;
    }
    if (hasDeadline) {
      deadlineTimer = driver.schedule(deadline, this::deadlinePassed);
    }
    Names n = names;
    if (n == null) {
      // AttemptPlan.usable's rule: with a source for one family only, the other is skipped.
      literalLeft = !literalSkipped();
      startNext();
      return;
    }
    String host = n.host;
    Map<Family, CompletableFuture<List<InetAddress>>> queries = n.queries;
    List<Family> families = new ArrayList<>(2);
    if (network.allowsIpv6()) {
      families.add(Family.INET6); // AAAA first (RFC 8305 section 3)
    }
    if (network.allowsIpv4()) {
      families.add(Family.INET);
    }
    if (observed) {
      observer.resolveStart(since(), host, families);
    }
    for (Family f : families) {
      CompletableFuture<List<InetAddress>> q;
      try {
        q =
            observed
                ? settings.resolver().lookup(host, f, n.deadline, e -> dnsQuery(f, e))
                : settings.resolver().lookup(host, f, n.deadline);
      } catch (RuntimeException e) {
        q = CompletableFuture.failedFuture(e);
      }
      queries.put(f, q);
    }
    ServicePlan sp = n.services;
    String service = settings.service();
    if (sp != null && service != null) {
      CompletableFuture<List<ServiceBinding>> sq;
      try {
        sq = settings.resolver().services(host, n.port, service, n.deadline);
      } catch (RuntimeException e) {
        sq = CompletableFuture.completedFuture(List.of()); // the bindings are optional to a dial
      }
      n.servicesQuery = sq;
      CompletableFuture<List<ServiceBinding>> asked = sq;
      var _ =
          sq.whenComplete(
              (list, err) -> {
                if (!(err instanceof CancellationException)) {
                  driver.execute(() -> servicesAnswer(asked, list));
                }
              });
    }
    for (Family f : families) {
      CompletableFuture<List<InetAddress>> q = Objects.requireNonNull(queries.get(f));
      if (q.state() == Future.State.SUCCESS) {
        // Answered already (a cached name, the hosts file): taken here, on the driver's thread,
        // without a trip through its task queue.
        answerStep(f, q, q.resultNow(), null);
        continue;
      }
      // The stage whenComplete returns is not needed: its action only hands the answer to the
      // driver, and a loop that refuses it is closing, whose close hooks end this dial.
      var _ =
          q.whenComplete(
              (list, err) -> {
                if (!(err instanceof CancellationException)) {
                  driver.execute(() -> answer(f, q, list, err));
                }
              });
    }
  }

  /** A DNS query of a family's lookup ended (any thread): reported on the driver's thread. */
  private void dnsQuery(Family f, DnsQueryEvent e) {
    try {
      driver.execute(
          () ->
              guarded(
                  () -> {
                    if (!settled) {
                      observer.dnsQuery(since(), f, e);
                    }
                  }));
    } catch (RuntimeException closing) {
      // the driver's loop is closing: the dial ends with it, and this report with it
    }
  }

  /** One family's answer (or failure), on the driver's thread. */
  private void answerStep(
      Family f, CompletableFuture<?> q, List<InetAddress> list, @Nullable Throwable err) {
    Names n = names();
    if (done || n.queries.get(f) != q) {
      return;
    }
    n.queries.remove(f);
    List<InetEndpoint> found = new ArrayList<>();
    if (err != null) {
      IOException e = errors().resolveFailed(err);
      if (observed) {
        observer.resolveFailed(since(), f, e);
      }
    } else {
      ServicePlan sp = n.services;
      if (sp != null) {
        found.addAll(sp.answer(n.host, f, list));
        n.plan.removeUntried(sp::superseded);
      } else {
        for (InetAddress a : list) {
          found.add(InetEndpoint.of(a, n.port));
        }
      }
      if (observed) {
        observer.resolveAnswer(since(), f, found);
      }
    }
    proceed(found);
  }

  /**
   * Whether addresses must wait for the Resolution Delay: before the first attempt, while the AAAA
   * answer (RFC 8305 section 3) or, with a service, the bindings are out (Happy Eyeballs v3,
   * draft-ietf-happy-happyeyeballs-v3-04 section 4.2: attempts start when there are addresses and
   * the preferred family's and the bindings' answers are in, or the Resolution Delay has passed).
   */
  private boolean mustWait() {
    if (started != 0) {
      return false;
    }
    Names n = names();
    ServicePlan sp = n.services;
    if (sp == null) {
      return n.queries.containsKey(Family.INET6);
    }
    // draft-ietf-happy-happyeyeballs-v3-04 section 4.2: hints are positive answers, so IPv6 hints
    // answer the preferred family (its example 6: an HTTPS answer with hints alone starts).
    return n.servicesQuery != null
        || (n.queries.containsKey(Family.INET6) && !sp.hasHints(Family.INET6));
  }

  /** New addresses: held for the Resolution Delay, or planned (with what was held) and started. */
  private void proceed(List<InetEndpoint> found) {
    Names n = names();
    if (!found.isEmpty() && mustWait()) {
      if (n.held == null) {
        n.held = new ArrayList<>();
        n.resolutionDelayTimer =
            driver.schedule(
                driver.nanoTime() + settings.resolutionDelay(), this::resolutionDelayPassed);
      }
      Objects.requireNonNull(n.held, "made above").addAll(found);
      return;
    }
    List<InetEndpoint> h = n.held;
    if (h != null && !mustWait()) {
      Objects.requireNonNull(n.resolutionDelayTimer, "set with held").cancel();
      n.resolutionDelayTimer = null;
      n.held = null;
      found = new ArrayList<>(found);
      found.addAll(h);
      if (n.services != null) {
        found.removeIf(n.services::superseded);
      }
    }
    addAddresses(found);
  }

  /** Happy Eyeballs v3: the service bindings came (an empty list if none or on failure). */
  private void servicesAnswer(CompletableFuture<?> q, @Nullable List<ServiceBinding> list) {
    guarded(() -> servicesStep(q, list == null ? List.of() : list));
  }

  private void servicesStep(CompletableFuture<?> q, List<ServiceBinding> list) {
    Names n = names();
    ServicePlan sp = n.services;
    if (done || sp == null || n.servicesQuery != q) {
      return;
    }
    n.servicesQuery = null;
    List<InetEndpoint> found = sp.bindings(list);
    if (observed) {
      observer.serviceAnswer(since(), list);
    }
    for (String target : sp.targets()) {
      for (Family f : List.of(Family.INET6, Family.INET)) {
        if (f == Family.INET6 ? !network.allowsIpv6() : !network.allowsIpv4()) {
          continue;
        }
        CompletableFuture<List<InetAddress>> tq;
        try {
          tq = settings.resolver().lookup(target, f, n.deadline);
        } catch (RuntimeException e) {
          continue; // a target that cannot be looked up: its hints, if any, stand alone
        }
        n.targetQueries.add(tq);
        var _ =
            tq.whenComplete(
                (addresses, err) -> {
                  if (!(err instanceof CancellationException)) {
                    driver.execute(() -> guarded(() -> targetStep(tq, target, f, addresses, err)));
                  }
                });
      }
    }
    proceed(found);
  }

  /** One family's addresses of a binding's other target came (or its lookup failed). */
  private void targetStep(
      CompletableFuture<?> q,
      String target,
      Family f,
      @Nullable List<InetAddress> addresses,
      @Nullable Throwable err) {
    Names n = names();
    ServicePlan sp = n.services;
    // By identity: a future's equals is Object's, and each lookup is its own.
    if (done || sp == null || !n.targetQueries.removeIf(t -> t == q)) {
      return;
    }
    List<InetEndpoint> found = List.of();
    if (err == null && addresses != null) {
      found = sp.answer(target, f, addresses);
      n.plan.removeUntried(sp::superseded);
    }
    proceed(found);
  }

  /** Whether an answer that may bring addresses is still out. */
  private boolean answersOut() {
    Names n = names;
    return n != null
        && (!n.queries.isEmpty()
            || n.held != null
            || n.servicesQuery != null
            || !n.targetQueries.isEmpty());
  }

  private void resolutionDelayStep() {
    Names n = names();
    n.resolutionDelayTimer = null;
    List<InetEndpoint> found = n.held;
    if (done || found == null) {
      return;
    }
    n.held = null;
    if (n.services != null) {
      found.removeIf(n.services::superseded);
    }
    addAddresses(found);
  }

  private void addAddresses(List<InetEndpoint> found) {
    AttemptPlan plan = names().plan;
    plan.add(found);
    Names n = names();
    if (!answersOut() && n.resolvedAt < 0) {
      n.resolvedAt = driver.nanoTime();
      if (observed) {
        observer.resolveEnd(since(), plan.whole());
      }
    }
    startNext();
  }

  // ---------------------------------------------------------------- the plan, either kind

  /** A literal of a family that has no source when only the other family has one (skipped). */
  private boolean literalSkipped() {
    return (settings.sourceV4() != null || settings.sourceV6() != null)
        && settings.source(((InetEndpoint) shown).family()) == null;
  }

  private boolean planEmpty() {
    return names == null ? !literalLeft : names.plan.isEmpty();
  }

  /** How many addresses are planned and not started. */
  private int untried() {
    return names == null ? (literalLeft ? 1 : 0) : names.plan.untried();
  }

  /** Addresses skipped for want of a source of their family. */
  private int skipped() {
    return names == null ? (literalSkipped() ? 1 : 0) : names.plan.skipped();
  }

  /** Takes the next address to try (the plan is not empty). */
  private InetEndpoint nextTarget() {
    if (names != null) {
      return names.plan.next();
    }
    if (!literalLeft) {
      throw new IllegalStateException("a literal started already");
    }
    literalLeft = false;
    return (InetEndpoint) shown;
  }

  /** The dial's name as its attempts show in the loop's {@code fds} view. */
  private String name() {
    return names == null ? LITERAL_NAME : names.name;
  }

  // ---------------------------------------------------------------- running attempts

  private void addRunning(DialAttempt<C> a) {
    a.next = null;
    DialAttempt<C> last = first;
    if (last == null) {
      a.prev = null;
      first = a;
      return;
    }
    while (last.next != null) {
      last = last.next;
    }
    a.prev = last;
    last.next = a;
  }

  /** How many attempts are running (or cancelled and not ended yet). */
  private int runningCount() {
    int n = 0;
    for (DialAttempt<C> a = first; a != null; a = a.next) {
      n++;
    }
    return n;
  }

  private void removeRunning(DialAttempt<C> a) {
    DialAttempt<C> p = a.prev;
    DialAttempt<C> n = a.next;
    if (p == null) {
      if (first != a) {
        return; // not running
      }
      first = n;
    } else {
      p.next = n;
    }
    if (n != null) {
      n.prev = p;
    }
    a.prev = a.next = null;
  }

  /** The running attempts as a list (for an error's story; not on the connect path). */
  private List<DialAttempt<C>> runningList() {
    List<DialAttempt<C>> list = new ArrayList<>(runningCount());
    for (DialAttempt<C> a = first; a != null; a = a.next) {
      list.add(a);
    }
    return list;
  }

  // ---------------------------------------------------------------- attempts

  /** Starts what may start now; ends the dial when nothing is left to try. */
  private void startNext() {
    while (!done) {
      if (planEmpty()) {
        if (first == null && !answersOut()) {
          decide();
          fail(allFailed());
        }
        return;
      }
      if (settings.maxInFlight() > 0 && runningCount() >= settings.maxInFlight()) {
        return; // the next starts when one of these ends
      }
      long now = driver.nanoTime();
      // A literal's one address has no delay to wait for: only a name's next address has.
      Names n = names;
      if (n != null && first != null && n.nextAllowedAt - now > 0) {
        if (n.attemptTimer == null) {
          n.attemptTimer = driver.schedule(n.nextAllowedAt, this::attemptDelayPassed);
        }
        return;
      }
      InetEndpoint target = nextTarget();
      DialAttempt<C> a = driver.attempt(this, ++started, target, now);
      addRunning(a);
      if (n != null) {
        if (n.attemptTimer != null) {
          n.attemptTimer.cancel();
          n.attemptTimer = null;
        }
        long delay =
            settings.rtt() == null
                ? settings.attemptDelay()
                : settings
                    .rtt()
                    .delayAfter(target, settings.attemptDelay(), DialSettings.MIN_ATTEMPT_DELAY);
        n.nextAllowedAt = now + delay;
      }
      InetEndpoint source = settings.source(target.family());
      if (observed) {
        observer.attemptStart(since(), a.number, source, target);
      }
      Deadline attemptDeadline =
          DialBudget.attemptDeadline(now, hasDeadline, deadline, untried() + 1);
      try {
        driver.start(name(), source, a, attemptDeadline);
      } catch (IOException e) {
        String stopped = driver.stopped();
        if (stopped != null) {
          // The loop began to close (see crash): it refused the connect (ENETDOWN), and its close
          // hook would cancel the dial next. End it as that cancel would.
          cancelStep(stopped);
          return;
        }
        attemptFailed(a, e);
        return; // attemptFailed went on with the next one
      }
      // Loop: more may start now if none is running any more (all failed at once) or the delay is
      // 0.
    }
  }

  private void attemptDelayStep() {
    Names n = names();
    n.attemptTimer = null;
    if (!done) {
      n.nextAllowedAt = driver.nanoTime();
      startNext();
    }
  }

  private void connectedStep(DialAttempt<C> a, C connection) {
    long now = driver.nanoTime();
    if (done || a.over) {
      // A second success after the race was decided (Go's TestDialParallelSpuriousConnection).
      a.over = true;
      driver.discard(connection);
      if (observed) {
        observer.attemptCancelled(
            since(now), a.number, a.target, Duration.ofNanos(now - a.startedAt), true);
      }
      return;
    }
    a.over = true;
    removeRunning(a);
    if (settings.rtt() != null) {
      settings.rtt().record(a.target, now - a.startedAt);
    }
    InetEndpoint local = observed ? driver.local(connection) : null;
    if (observed) {
      observer.attemptConnected(
          since(now), a.number, a.target, local, Duration.ofNanos(now - a.startedAt));
    }
    done = true;
    decide(now);
    stopEverything();
    ServicePlan services = names == null ? null : names.services;
    ServiceBinding binding = services == null ? null : services.bindingOf(a.target);
    if (observed) {
      observer.won(since(now), a.number, a.target, local, binding);
    }
    settled = true;
    outcome.won(connection, binding);
  }

  private void failedStep(DialAttempt<C> a, IOException error) {
    if (done || a.over) {
      return;
    }
    a.over = true;
    long now = driver.nanoTime();
    removeRunning(a);
    Errno errno = NetError.errnoOf(error).orElse(Errno.EIO);
    IOException e = errors().attemptFailed(a, errno, error, now);
    if (observed) {
      observer.attemptFailed(
          since(now), a.number, a.target, errno, e, Duration.ofNanos(now - a.startedAt));
    }
    if (hasDeadline && deadline - now <= 0) {
      // The attempt ran into the dial's own deadline (its share was all that was left): the dial
      // timed out, whichever of the two timers (both at the same instant) fired first.
      decide(now);
      fail(timedOut());
      return;
    }
    // RFC 8305 section 5: a failed attempt lets the next one start at once.
    if (names != null) {
      names.nextAllowedAt = now;
    }
    startNext();
  }

  // ---------------------------------------------------------------- endings

  private void deadlineStep() {
    deadlineTimer = null;
    if (!done) {
      decide();
      fail(timedOut());
    }
  }

  /** Ends the dial with ECANCELED (interrupt, future.cancel, dialer or loop closed). */
  private void cancelStep(String why) {
    if (done) {
      return;
    }
    decide();
    fail(errors().cancelled(phase(), why));
  }

  /** The race is decided now: the time its end carries. Returns it. */
  private long decide() {
    return decide(driver.nanoTime());
  }

  private long decide(long now) {
    endedAt = now;
    ended = true;
    return now;
  }

  /** Now, or the moment the race was decided once it has been. */
  private long endTime() {
    return ended ? endedAt : driver.nanoTime();
  }

  private void fail(IOException e) {
    done = true;
    stopEverything();
    if (observed) {
      observer.failed(since(endTime()), e);
    }
    settled = true;
    outcome.failed(e);
  }

  /** Cancels every timer, query and attempt still running. */
  private void stopEverything() {
    if (deadlineTimer != null) {
      deadlineTimer.cancel();
      deadlineTimer = null;
    }
    Names n = names;
    if (n != null) {
      if (n.attemptTimer != null) {
        n.attemptTimer.cancel();
        n.attemptTimer = null;
      }
      stopResolving(n);
    }
    long now = endTime();
    // (A cancel that ends its attempt at once finds it over and leaves it listed.)
    for (DialAttempt<C> a = first, next; a != null; a = next) {
      next = a.next;
      a.over = true;
      a.cancel();
      if (observed) {
        observer.attemptCancelled(
            since(now), a.number, a.target, Duration.ofNanos(now - a.startedAt), false);
      }
    }
    // Attempts still running stay listed: a late success must still be closed.
  }

  /** Cancels a name's resolution timer and every query still out. */
  private void stopResolving(Names n) {
    if (n.resolutionDelayTimer != null) {
      n.resolutionDelayTimer.cancel();
      n.resolutionDelayTimer = null;
    }
    for (Map.Entry<Family, CompletableFuture<List<InetAddress>>> q : n.queries.entrySet()) {
      q.getValue().cancel(false);
      if (observed) {
        observer.resolveCancelled(since(endTime()), q.getKey());
      }
    }
    n.queries.clear();
    n.held = null;
    CompletableFuture<List<ServiceBinding>> sq = n.servicesQuery;
    if (sq != null) {
      sq.cancel(false);
      n.servicesQuery = null;
    }
    for (CompletableFuture<List<InetAddress>> tq : n.targetQueries) {
      tq.cancel(false);
    }
    n.targetQueries.clear();
  }

  private IOException timedOut() {
    return errors().timedOut(phase(), deadline);
  }

  /** The operation a dial that ends now was in: resolve until the first attempt started. */
  private Operation phase() {
    return started == 0 && names != null ? Operation.RESOLVE : Operation.CONNECT;
  }

  private IOException allFailed() {
    return errors().allFailed();
  }

  private DialErrors errors() {
    if (errors == null) {
      errors =
          new DialErrors(
              network,
              shown,
              names == null ? null : names.host,
              startedAt,
              settings,
              new DialErrors.Progress() {
                @Override
                public long now() {
                  return endTime();
                }

                @Override
                public int started() {
                  return started;
                }

                @Override
                public int skipped() {
                  return DialRace.this.skipped();
                }

                @Override
                public int untried() {
                  return DialRace.this.untried();
                }

                @Override
                public long resolvedAt() {
                  return names == null ? startedAt : names.resolvedAt;
                }

                @Override
                public List<? extends DialErrors.Tried> running() {
                  return runningList();
                }
              });
    }
    return errors;
  }

  private Duration since() {
    return since(driver.nanoTime());
  }

  private Duration since(long now) {
    return Duration.ofNanos(now - startedAt);
  }

  static String ms(long nanos) {
    return DialText.millis(Duration.ofNanos(nanos));
  }
}
