package org.dial4j.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.dial4j.Family;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.Resolver;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LoopBackends;
import org.dial4j.socket.SocketBackends;
import org.dial4j.sys.Syscalls;

/**
 * One phase's attempts in a child: a dispatcher that keeps {@code concurrency} attempts in flight
 * (each batch on a virtual thread of its own), the client loop and dialers they share, the threads
 * that do each fault's deed at its random moment, and the wait until everything the attempts held
 * is let go ({@link #drainTo}).
 */
final class PhaseRun implements AutoCloseable {
  /** The deadline of every attempt that is not a timeout: far beyond anything it waits for. */
  static final Duration LONG_DEADLINE = Duration.ofSeconds(10);

  /** How long past its deadline an attempt may take to end before it counts as missing. */
  static final Duration GRACE = Duration.ofSeconds(20);

  private static final long MS = 1_000_000L;

  /** How many times the soak starts a loop of its own that an injected failure broke. */
  private static final int SET_UP_TRIES = 10;

  private final Phase phase;
  private final Targets targets;
  private final Tally tally;
  private final Syscalls sys;
  private final Faces faces;
  private final Referee referee;
  private final int concurrency;
  private final Semaphore permits;
  private final SplittableRandom rng;
  private final Set<Attempt> inFlight = ConcurrentHashMap.newKeySet();
  private final EventLoop client;
  private final Dialer dialer;
  private final Dialer names;
  private final ScheduledThreadPoolExecutor chaos;
  private final LongAdder firstAttemptV6 = new LongAdder();
  private final LongAdder firstAttemptV4 = new LongAdder();
  private final AtomicInteger doomed = new AtomicInteger();
  private final LongAdder loopsClosed = new LongAdder();
  private final LongAdder dialersClosed = new LongAdder();
  private final LongAdder setUpRetries = new LongAdder();
  private long next;

  PhaseRun(Referee referee, Targets targets, Syscalls sys, int concurrency, long seed)
      throws IOException {
    this.referee = referee;
    this.phase = referee.phase();
    this.tally = referee.tally();
    this.targets = targets;
    this.sys = sys;
    this.faces = new Faces(referee, sys, phase == Phase.PORTS);
    this.concurrency = concurrency;
    this.permits = new Semaphore(concurrency);
    this.rng = new SplittableRandom(seed);
    this.client = LoopBackends.builder(sys).name("soak-client").build().start();
    this.dialer = Dialer.builder().loop(client).build();
    // The names' dialer: a short attempt delay, so that a silent first address costs 10 ms; its
    // listener sees which family each dial tried first (RFC 6724 ranks the IPv6 address first).
    this.names =
        Dialer.builder()
            .loop(client)
            .resolver(Resolver.fixed(Targets.names()))
            .attemptDelay(Duration.ofMillis(10))
            .listener(
                e -> {
                  if (e instanceof DialEvent.AttemptStart s && s.attempt() == 1) {
                    (s.target().family() == Family.INET6 ? firstAttemptV6 : firstAttemptV4)
                        .increment();
                  }
                })
            .build();
    AtomicInteger chaosThreads = new AtomicInteger();
    ThreadFactory named =
        r ->
            Thread.ofPlatform()
                .name("soak-chaos-" + chaosThreads.incrementAndGet())
                .daemon()
                .unstarted(r);
    this.chaos = new ScheduledThreadPoolExecutor(2, named);
    chaos.setRemoveOnCancelPolicy(true);
    chaos.prestartAllCoreThreads();
  }

  /** {@code n} attempts of the phase's mix. */
  void mixed(long n) {
    dispatch(n, phase::pick);
  }

  /** {@code n} attempts, each of a fault {@code pick} draws. */
  void round(long n, Function<SplittableRandom, Fault> pick) {
    dispatch(n, pick);
  }

  SplittableRandom random() {
    return rng;
  }

  private void dispatch(long n, Function<SplittableRandom, Fault> pick) {
    long issued = 0;
    while (issued < n) {
      Fault f = pick.apply(rng);
      int size = f.action.batch() ? (int) Math.min(1 + rng.nextInt(6), n - issued) : 1;
      long base = next;
      next += size;
      SplittableRandom r = rng.split();
      permits.acquireUninterruptibly(size);
      Thread.ofVirtual()
          .name("soak-attempt")
          .start(
              () -> {
                try {
                  run(f, size, base, r);
                } catch (RuntimeException | Error e) {
                  tally.anomaly("the soak's own batch " + f.label() + " #" + base + " threw " + e);
                } finally {
                  permits.release(size);
                }
              });
      issued += size;
    }
    Duration bound = LONG_DEADLINE.plus(GRACE).plus(GRACE);
    boolean all;
    try {
      all = permits.tryAcquire(concurrency, bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all = false;
    }
    if (all) {
      permits.release(concurrency);
    } else {
      tally.anomaly(
          "batches still running " + bound.toSeconds() + " s after the last began: " + inFlight);
    }
  }

  private void run(Fault f, int size, long base, SplittableRandom r) {
    long delay = chaosDelay(r, f.action.batch());
    switch (f.action) {
      case DIALER_CLOSE -> dialerClose(f, size, base, r, delay);
      case LOOP_CLOSE -> loopClose(f, size, base, r, delay);
      default -> single(f, base, r, delay);
    }
  }

  /**
   * When the fault strikes, in nanoseconds after the start: at once (0), within 300 us (a loopback
   * connect's own time), within 3 ms, within 30 ms; for a batch, sometimes before it starts (-1).
   */
  private static long chaosDelay(SplittableRandom r, boolean batch) {
    int p = r.nextInt(100);
    if (batch && p < 8) {
      return -1;
    }
    if (p < 15) {
      return 0;
    }
    if (p < 55) {
      return r.nextLong(300_000);
    }
    if (p < 85) {
      return r.nextLong(3 * MS);
    }
    return r.nextLong(30 * MS);
  }

  private Attempt attempt(long index, Fault f, SplittableRandom r, Dialer d, EventLoop loop) {
    Face face = pickFace(f.faces, r);
    Target t = f.targets.get(r.nextInt(f.targets.size()));
    long deadline =
        System.nanoTime()
            + (f.action == Fault.Action.TIMEOUT
                ? 5 * MS + r.nextLong(45 * MS)
                : LONG_DEADLINE.toNanos());
    Attempt a =
        new Attempt(index, f, face, t, targets.of(t), deadline, d != null ? d : dialerOf(t), loop);
    inFlight.add(a);
    return a;
  }

  private Dialer dialerOf(Target t) {
    return t.isName() ? names : dialer;
  }

  private static Face pickFace(List<Face> faces, SplittableRandom r) {
    int total = faces.stream().mapToInt(x -> x.weight).sum();
    int p = r.nextInt(total);
    for (Face f : faces) {
      p -= f.weight;
      if (p < 0) {
        return f;
      }
    }
    throw new AssertionError("weights add up to " + total);
  }

  private void single(Fault f, long index, SplittableRandom r, long delay) {
    Attempt a = attempt(index, f, r, null, client);
    faces.start(a);
    Runnable deed = a.chaos;
    Future<?> struck = f.action.chaos() && deed != null ? strike(a.toString(), delay, deed) : null;
    await(a);
    awaitStrike(a.toString(), struck);
    // A cancel that said it cancelled promised the outcome: ECANCELED, or a cancelled future.
    if (Boolean.TRUE.equals(a.cancelled)) {
      String promised = f == Fault.FUTURE_CANCEL ? Outcomes.CANCELLED : "ECANCELED";
      if (!promised.equals(a.outcome)) {
        tally.anomaly(a + ": cancel() answered true, yet it ended " + a.outcome);
      }
    }
    inFlight.remove(a);
  }

  private void dialerClose(Fault f, int size, long base, SplittableRandom r, long delay) {
    Dialer d = Dialer.builder().loop(client).build();
    closeDuring("closing a dialer", batch(f, size, base, r, d, client), delay, d::close);
    if (d.inProgress() != 0) {
      tally.anomaly("a closed dialer has " + d.inProgress() + " dials in progress");
    }
    dialersClosed.increment();
  }

  private void loopClose(Fault f, int size, long base, SplittableRandom r, long delay) {
    EventLoop loop = doomedLoop();
    if (loop == null) {
      return;
    }
    Dialer d = Dialer.builder().loop(loop).build();
    closeDuring("closing a loop", batch(f, size, base, r, d, loop), delay, loop::close);
    try {
      if (!loop.awaitTermination(GRACE)) {
        tally.anomaly(loop + " had not ended " + GRACE.toSeconds() + " s after its close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    d.close();
    if (d.inProgress() != 0) {
      tally.anomaly("a dialer on a closed loop has " + d.inProgress() + " dials in progress");
    }
    loopsClosed.increment();
  }

  /**
   * A loop of the soak's own to close under a batch. Its start is the soak's set-up, not an
   * attempt: a start that an injected failure broke (the table's {@code epoll_ctl} ADD of the
   * eventfd, say) is made again, up to {@value #SET_UP_TRIES} times, and counted in the notes; any
   * other failure, or one that lasts, is an anomaly (and its batch's attempts are missing).
   */
  private EventLoop doomedLoop() {
    for (int tries = 1; ; tries++) {
      try {
        return LoopBackends.builder(sys)
            .name("soak-doomed-" + doomed.incrementAndGet())
            .build()
            .start();
      } catch (IOException e) {
        if (tries < SET_UP_TRIES && referee.injections().injected(e)) {
          setUpRetries.increment();
          continue;
        }
        tally.anomaly("a loop to close could not start (try " + tries + "): " + e);
        return null;
      }
    }
  }

  private List<Attempt> batch(
      Fault f, int size, long base, SplittableRandom r, Dialer d, EventLoop loop) {
    List<Attempt> batch = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      batch.add(attempt(base + i, f, r, d, loop));
    }
    return batch;
  }

  /**
   * Starts {@code batch} and does {@code close} at its random moment ({@code delay}; before the
   * start for -1), then waits for every attempt's end.
   */
  private void closeDuring(String what, List<Attempt> batch, long delay, Runnable close) {
    if (delay < 0) {
      close.run();
    }
    batch.forEach(faces::start);
    Future<?> struck = delay >= 0 ? strike(what, delay, close) : null;
    batch.forEach(this::await);
    awaitStrike(what, struck);
    batch.forEach(inFlight::remove);
  }

  /** Does {@code deed} {@code delayNanos} from now on a chaos thread (at once here for 0). */
  private Future<?> strike(String what, long delayNanos, Runnable deed) {
    Runnable guarded =
        () -> {
          try {
            deed.run();
          } catch (RuntimeException e) {
            tally.anomaly(what + ": the fault's deed threw " + e);
          }
        };
    if (delayNanos <= 0) {
      guarded.run();
      return CompletableFuture.completedFuture(null);
    }
    return chaos.schedule(guarded, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void awaitStrike(String what, Future<?> struck) {
    if (struck == null) {
      return;
    }
    try {
      struck.get(GRACE.toNanos(), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      tally.anomaly(what + ": the fault's deed did not finish: " + e);
    }
  }

  /** Waits for {@code a}'s end until its deadline and {@link #GRACE} have passed. */
  private void await(Attempt a) {
    long bound = Math.max(0, a.deadlineNanos - System.nanoTime()) + GRACE.toNanos();
    boolean ended;
    try {
      ended = a.ended.await(bound, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    if (!ended) {
      referee.ended(a, Outcomes.MISSING, System.nanoTime());
    }
  }

  /**
   * What the shared machinery still holds: the client loop's registrations and timers, the dials in
   * progress, the poller's waiters (each named when not 0); empty when nothing.
   */
  List<String> holding() {
    List<String> held = new ArrayList<>();
    int[] loopCounts;
    try {
      loopCounts =
          client
              .submit(() -> new int[] {client.registeredCount(), client.timerCount()})
              .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      held.add("the client loop did not answer: " + e);
      return held;
    }
    if (loopCounts[0] != 0) {
      held.add("client loop registrations " + loopCounts[0]);
    }
    if (loopCounts[1] != 0) {
      held.add("client loop timers " + loopCounts[1]);
    }
    if (dialer.inProgress() + names.inProgress() != 0) {
      held.add("dials in progress " + (dialer.inProgress() + names.inProgress()));
    }
    if (SocketBackends.pollerWaiters() != 0) {
      held.add("poller waiters " + SocketBackends.pollerWaiters());
    }
    return held;
  }

  /** Writes what {@link #holding} counts under {@code point}, zeros too. */
  void recordHolding(String point) {
    try {
      int[] c =
          client
              .submit(() -> new int[] {client.registeredCount(), client.timerCount()})
              .get(5, TimeUnit.SECONDS);
      tally.figure(phase, point, "loop registrations", c[0]);
      tally.figure(phase, point, "loop timers", c[1]);
    } catch (Exception e) {
      tally.anomaly("the client loop did not answer at " + point + ": " + e);
    }
    tally.figure(phase, point, "dials in progress", dialer.inProgress() + names.inProgress());
    tally.figure(phase, point, "poller waiters", SocketBackends.pollerWaiters());
  }

  /**
   * Waits, up to {@code bound}, until nothing is held ({@link #holding}) and the process's
   * descriptors and threads are {@code reference}'s again; reports what still differs then as
   * anomalies. With {@code reference} null, only the first.
   */
  boolean drainTo(Accounting reference, Duration bound, String when) {
    long end = System.nanoTime() + bound.toNanos();
    while (true) {
      List<String> left = new ArrayList<>(holding());
      if (reference != null) {
        left.addAll(reference.differences(Accounting.take(false)));
      }
      if (left.isEmpty()) {
        return true;
      }
      if (System.nanoTime() - end > 0) {
        for (String l : left) {
          tally.anomaly(phase.label() + ", " + when + ": " + l);
        }
        return false;
      }
      LockSupport.parkNanos(5 * MS);
    }
  }

  /** The facts worth a line in the report. */
  void notes() {
    long firstV6 = firstAttemptV6.sum();
    long firstV4 = firstAttemptV4.sum();
    if (firstV6 + firstV4 > 0) {
      tally.note(
          phase.label()
              + ": dials of the two names tried IPv6 first "
              + firstV6
              + " times, IPv4 first "
              + firstV4
              + " times");
      if (firstV4 > 0) {
        tally.anomaly(phase.label() + ": a name's dial tried IPv4 first " + firstV4 + " times");
      }
    }
    if (setUpRetries.sum() > 0) {
      tally.note(
          phase.label()
              + ": "
              + setUpRetries.sum()
              + " starts of the soak's own loops failed with an injected errno and were made"
              + " again");
    }
    if (dialersClosed.sum() + loopsClosed.sum() > 0) {
      tally.note(
          phase.label()
              + ": "
              + dialersClosed.sum()
              + " dialers and "
              + loopsClosed.sum()
              + " event loops closed with attempts in flight");
    }
  }

  @Override
  public void close() {
    dialer.close();
    names.close();
    chaos.shutdownNow();
    try {
      if (!chaos.awaitTermination(GRACE.toSeconds(), TimeUnit.SECONDS)) {
        tally.anomaly("the chaos threads did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
