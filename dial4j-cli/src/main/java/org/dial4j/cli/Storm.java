package org.dial4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.DnsResolver;
import org.dial4j.error.Errno;
import org.dial4j.loop.ConnectStats;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.EventLoopGroup;
import org.dial4j.loop.LatencyHistogram;
import org.dial4j.loop.LogLevel;
import org.dial4j.socket.DescriptorLimit;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@code dial4j storm}: cconnect's {@code main} over event loops instead of threads.
 * Starts the loops, hands each its share ({@link StormWorker}), waits until every share is over,
 * prints the JSON line ({@link StormReport}), keeps held connections for {@code -k} seconds, and
 * closes the loops, which closes every descriptor they hold.
 */
final class Storm {
  /** How long past the time limit to wait for a loop before calling it broken. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final StormPlan plan;
  private final CountDownLatch started;
  private final CountDownLatch signalled = new CountDownLatch(1);
  private final CountDownLatch reported = new CountDownLatch(1);
  private volatile List<StormWorker> workers = List.of();

  /** RLIMIT_NOFILE as the run found (and, with --hold, raised) it; null if unknown. */
  private @Nullable DescriptorLimit nofile;

  Storm(StormPlan plan) {
    this.plan = plan;
    this.started = new CountDownLatch(plan.loops());
  }

  /**
   * Runs it: the JSON line goes to {@code out}, warnings and failures to {@code err}.
   *
   * @return 0 if all of TOTAL succeeded, 1 if not (or the run could not start), 2 if {@code
   *     --control} cannot be served
   */
  int run(PrintWriter out, PrintWriter err) {
    if (plan.hold()) {
      // As cconnect: the soft limit up to the hard one (HotSpot does it too, unless
      // -XX:-MaxFDLimit), so that the hold stops at the real ceiling.
      try {
        nofile = DescriptorLimit.raiseSoftToHard();
      } catch (IOException e) {
        err.println("dial4j storm: " + e.getMessage());
      }
    }
    if (plan.warmup() > 0) {
      warmUp(err);
    }
    try (ProcSelf proc = ProcSelf.open();
        EventLoopGroup group =
            EventLoopGroup.start("dial4j-storm", plan.loops(), plan.logLevel())) {
      AutoCloseable control = null;
      if (plan.control() != null) {
        control = StormControl.open(group.loops().getFirst(), plan.control(), err);
        if (control == null) {
          return 2;
        }
      }
      StopSignals signals = StopSignals.install(this::signal);
      int status = 1;
      try {
        status = storm(group, proc, out, err);
        return status;
      } finally {
        signals.over(status); // a signal's hook may end the process from here on
        signals.close();
        closeQuietly(control, err); // before its loop closes
      }
    } catch (IOException | UncheckedIOException e) {
      err.println("dial4j storm: " + e.getMessage());
      return 1;
    }
  }

  /**
   * With {@code --dialer}: one Dialer per source address (or one without), on {@code loop}, with
   * {@code resolver} (with {@code --name}) or the default one.
   */
  private static Dialer[] dialers(
      EventLoop loop, InetEndpoint[] srcs, @Nullable DnsResolver resolver) {
    if (srcs.length == 0) {
      return new Dialer[] {builder(loop, resolver).build()};
    }
    Dialer[] ds = new Dialer[srcs.length];
    for (int i = 0; i < srcs.length; i++) {
      ds[i] = builder(loop, resolver).source(srcs[i]).build();
    }
    return ds;
  }

  private static Dialer.Builder builder(EventLoop loop, @Nullable DnsResolver resolver) {
    Dialer.Builder b = Dialer.builder().loop(loop);
    return resolver == null ? b : b.resolver(resolver);
  }

  /** With {@code --name}: the run's one resolver, its queries on the first loop. */
  private @Nullable DnsResolver resolver(EventLoop first) {
    if (plan.name() == null) {
      return null;
    }
    DnsResolver.Builder b = DnsResolver.builder().loop(first);
    for (String s : plan.dnsServers()) {
      b.server(s);
    }
    return b.build();
  }

  private int storm(EventLoopGroup group, ProcSelf proc, PrintWriter out, PrintWriter err) {
    int n = group.loops().size();
    CountDownLatch finished = new CountDownLatch(n);
    CountDownLatch paused = new CountDownLatch(n);
    StormHold reserve = null;
    if (plan.hold()) {
      try {
        reserve = StormHold.open();
      } catch (IOException e) {
        err.println("dial4j storm: no descriptors for the reserve: " + e.getMessage());
        return 1;
      }
    }
    try {
      return storm(group, proc, out, err, finished, paused, reserve);
    } finally {
      if (reserve != null) {
        reserve.release();
      }
    }
  }

  private int storm(
      EventLoopGroup group,
      ProcSelf proc,
      PrintWriter out,
      PrintWriter err,
      CountDownLatch finished,
      CountDownLatch paused,
      @Nullable StormHold reserve) {
    List<EventLoop> loops = group.loops();
    int n = loops.size();
    InetEndpoint[] dsts = plan.dsts().toArray(InetEndpoint[]::new);
    InetEndpoint[] srcs = plan.srcs().toArray(InetEndpoint[]::new);
    long rssStart = proc.statusKb("VmRSS:");
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (plan.limitSeconds() * 1e9);
    List<StormWorker> ws = new ArrayList<>(n);
    DnsResolver resolver = resolver(loops.get(0));
    String name = plan.name();
    // Every connect dials this one name (IPv4: one A query, answered from the cache after the
    // first); the port is the destinations'.
    Endpoint nameTarget =
        name == null ? null : Endpoint.parse(Network.TCP4, name + ":" + dsts[0].port());
    for (int i = 0; i < n; i++) {
      // cconnect's split: the first (x % T) threads take one more.
      ws.add(
          new StormWorker(
              loops.get(i),
              i,
              n,
              share(plan.concurrency(), n, i),
              share(plan.total(), n, i),
              dsts,
              srcs,
              plan.hold(),
              deadline,
              started,
              finished,
              paused,
              share(plan.measureAt(), n, i),
              plan.dialer() ? dialers(loops.get(i), srcs, resolver) : null,
              nameTarget));
    }
    workers = ws;
    for (int i = 0; i < n; i++) {
      loops.get(i).execute(ws.get(i)::start);
    }
    if (signalled.getCount() == 0) {
      stopAll(); // a signal came before the workers were there to stop
    }
    StormHold.Point first = null;
    long pausedNanos = 0; // the first memory point's: not part of the run's time
    try {
      if (plan.measureAt() > 0) {
        // The first memory point, the connects paused (or over: the limit came first).
        if (!paused.await(
            Math.max(0, deadline - System.nanoTime()) + GRACE_NANOS, TimeUnit.NANOSECONDS)) {
          err.println("dial4j storm: an event loop did not pause at --measure-at; giving up");
          return 1;
        }
        long pausedAt = System.nanoTime();
        if (finished.getCount() > 0) {
          first = Objects.requireNonNull(reserve, "made with --hold").first(held(ws), proc);
          StormHold.nativeMemory("baseline");
        }
        pausedNanos = System.nanoTime() - pausedAt;
        for (StormWorker w : ws) {
          w.loop().execute(w::resume);
        }
      }
      if (!finished.await(
          Math.max(0, deadline - System.nanoTime()) + GRACE_NANOS, TimeUnit.NANOSECONDS)) {
        err.println("dial4j storm: an event loop did not stop at the time limit; giving up");
        return 1;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("dial4j storm: interrupted");
      return 1;
    }
    double seconds = (System.nanoTime() - t0 - pausedNanos) / 1e9;
    StormReport.Held heldFigures = null;
    if (reserve != null) {
      reserve.release(); // before anything else: the hold may have taken every other descriptor
      heldFigures = heldFigures(ws, first, reserve, proc, err);
    }

    ConnectStats all = new ConnectStats();
    long ok = 0;
    long failed = 0;
    String stopped = null;
    LatencyHistogram dials = new LatencyHistogram();
    for (StormWorker w : ws) {
      all.merge(w.stats());
      dials.merge(w.dialLatency());
      ok += w.ok();
      failed += w.failedCount();
      if (stopped == null) {
        stopped = w.stopped();
      }
    }
    ProcSelf.Cpu cpu = proc.cpu();
    long rssEnd = proc.statusKb("VmRSS:");
    StormReport report =
        new StormReport(
            plan.total(),
            ok,
            failed,
            all.failuresByErrno(),
            plan.concurrency(),
            n,
            dsts.length,
            srcs.length,
            plan.hold(),
            stopped,
            seconds,
            // With --dialer, the dials' own latency (call to callback), not the loop's connects'.
            plan.dialer() ? dials : all.latency(),
            cpu,
            proc.statusKb("VmHWM:"),
            rssStart,
            rssEnd,
            heldFigures);
    out.println(report.json());
    out.flush();
    reported.countDown();
    if (plan.logLevel() != LogLevel.ERROR) { // -v
      for (int i = 0; i < ws.size(); i++) {
        StormWorker w = ws.get(i);
        long bytes = w.allocatedBytes();
        long made = w.ok() + w.failedCount();
        if (bytes >= 0 && made > 0) {
          err.printf(
              java.util.Locale.ROOT,
              "dial4j storm: loop %d allocated %d bytes over %d connects: %.1f bytes per connect%n",
              i,
              bytes,
              made,
              (double) bytes / made);
        }
      }
      err.flush();
    }

    if (plan.hold() && plan.keepSeconds() > 0) {
      keep(loops.getFirst(), dsts, srcs, out);
    }
    return ok == plan.total() ? 0 : 1;
  }

  /**
   * --hold -k: keeps them a while (to look with ss, or on the control port), with --probe timing
   * connects on loop 0 meanwhile; a signal ends it.
   */
  private void keep(EventLoop first, InetEndpoint[] dsts, InetEndpoint[] srcs, PrintWriter out) {
    CountDownLatch over = new CountDownLatch(1);
    StormProbe probe =
        plan.probeMillis() > 0
            ? new StormProbe(first, dsts[0], srcs.length == 0 ? null : srcs[0], plan.probeMillis())
            : null;
    Thread prober = null;
    if (probe != null) {
      prober =
          Thread.ofPlatform()
              .name("dial4j-storm-probe")
              .daemon()
              .start(
                  () -> {
                    try {
                      probe.run(over);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
    }
    try {
      signalled.await((long) (plan.keepSeconds() * 1e9), TimeUnit.NANOSECONDS);
      over.countDown();
      if (prober != null && probe != null) {
        prober.join();
        out.println(probe.json());
        out.flush();
      }
    } catch (InterruptedException e) {
      over.countDown();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * With --hold: {@code --warmup} connects made and closed on a loop of their own before the hold,
   * so that the JIT has compiled the connect path (and its code cache and compiler arenas have
   * grown) before the first memory point, and that growth is not counted as the held connections'.
   */
  private void warmUp(PrintWriter err) {
    InetEndpoint[] dsts = plan.dsts().toArray(InetEndpoint[]::new);
    InetEndpoint[] srcs = plan.srcs().toArray(InetEndpoint[]::new);
    CountDownLatch over = new CountDownLatch(1);
    try (EventLoopGroup g = EventLoopGroup.start("dial4j-storm-warmup", 1, plan.logLevel())) {
      EventLoop loop = g.loops().getFirst();
      StormWorker w =
          new StormWorker(
              loop,
              0,
              1,
              (int) Math.min(plan.concurrency(), plan.warmup()),
              plan.warmup(),
              dsts,
              srcs,
              false,
              System.nanoTime() + (long) (plan.limitSeconds() * 1e9),
              new CountDownLatch(1),
              over,
              new CountDownLatch(1),
              0,
              null,
              null);
      loop.execute(w::start);
      if (!over.await((long) (plan.limitSeconds() * 1e9) + GRACE_NANOS, TimeUnit.NANOSECONDS)) {
        err.println("dial4j storm: the warm-up did not end");
      }
    } catch (IOException e) {
      err.println("dial4j storm: warm-up: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Connects held now, over the shares (each paused or over, so none of them changes). */
  private static long held(List<StormWorker> ws) {
    long h = 0;
    for (StormWorker w : ws) {
      h += w.ok();
    }
    return h;
  }

  /**
   * The hold's own figures: which limit stopped it, and (once the connects still in flight are
   * closed and the reserve is given back) the second memory point and the growth since the first.
   */
  private StormReport.@Nullable Held heldFigures(
      List<StormWorker> ws,
      StormHold.@Nullable Point first,
      StormHold reserve,
      ProcSelf proc,
      PrintWriter err) {
    Errno by = null;
    for (StormWorker w : ws) {
      if (by == null) {
        by = w.stoppedBy();
      }
    }
    DescriptorLimit limit = nofile;
    String why = StormHold.limit(by, limit == null ? -1 : limit.soft());
    // Connects in flight when the share ended are closed as they end: wait for it, so that the
    // descriptors count only held connections.
    long until = System.nanoTime() + GRACE_NANOS;
    for (StormWorker w : ws) {
      try {
        while (w.loop().submit(w::inflight).get(10, TimeUnit.SECONDS) > 0) {
          if (System.nanoTime() - until > 0) {
            err.println("dial4j storm: connects still in flight after the run");
            break;
          }
          Thread.sleep(1);
        }
      } catch (ExecutionException | TimeoutException e) {
        err.println("dial4j storm: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    StormHold.Point last = reserve.last(held(ws), proc);
    String nmt = first == null ? null : StormHold.nativeMemory("summary.diff");
    if (nmt != null) {
      err.println("dial4j storm: native memory from the first point to the last:");
      err.println(nmt);
    }
    return new StormReport.Held(
        why, limit, first == null ? null : StormHold.growth(first, last), last.fds());
  }

  /** cconnect's share of {@code x} for thread {@code i} of {@code n}. */
  static int share(int x, int n, int i) {
    return x / n + (i < x % n ? 1 : 0);
  }

  /** cconnect's share of {@code x} for thread {@code i} of {@code n}. */
  static long share(long x, int n, int i) {
    return x / n + (i < x % n ? 1 : 0);
  }

  /**
   * SIGINT or SIGTERM (or a test): every share stops with {@code "signal"}, and a {@code -k} wait
   * ends. From any thread.
   */
  void signal() {
    signalled.countDown();
    stopAll();
  }

  private void stopAll() {
    for (StormWorker w : workers) {
      try {
        w.loop().execute(() -> w.stop(StormWorker.SIGNAL));
      } catch (RejectedExecutionException e) {
        // That loop is closing: its share is over already.
      }
    }
  }

  /** Waits until every loop has started its share (tests); true if they did within the time. */
  boolean awaitStarted(long timeout, TimeUnit unit) throws InterruptedException {
    return started.await(timeout, unit);
  }

  /** Waits until the JSON line is out (tests, e.g. to look at held sockets during {@code -k}). */
  boolean awaitReported(long timeout, TimeUnit unit) throws InterruptedException {
    return reported.await(timeout, unit);
  }

  private static void closeQuietly(@Nullable AutoCloseable c, PrintWriter err) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      err.println("dial4j storm: closing the control port: " + e.getMessage());
    }
  }
}
