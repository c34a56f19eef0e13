package org.dial4j.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.testing.ChildJvm;
import org.dial4j.testing.Netns;
import org.dial4j.testing.ProcessRunner;

/**
 * The reliability soak (issue 13, section 2): one run of {@code attempts} connects through every
 * face of dial4j (the Dialer blocking on virtual threads, its future and callback faces, the event
 * loop's named connect, PosixSocket on virtual and platform threads) against every fault the issue
 * names, in four phases ({@link Phase}), each a child JVM in a network namespace this parent makes
 * and removes, and a report of what happened: attempts by face and by fault with their outcomes,
 * the accounting before and after (descriptors by kind, threads, loop registrations and timers,
 * dials in progress, the poller's waiters, heap after GC), deadline overshoot, and every anomaly.
 *
 * <p>Run by {@code ReliabilitySoakTest} (50,000 attempts in CI; {@code -Ddial4j.soak.attempts=N}
 * for more), or as a main on the test class path: {@code --attempts N [--seed S] [--concurrency C]
 * [--phases loopback,routes,ports,emfile] [--syscalls CLASS [--faults-seed S] [--allow-errno
 * NAME]...] [--report FILE]}; exit status 0 only without anomalies. With {@code --syscalls}, each
 * phase's child gets a fault seed ({@code --faults-seed}, else a new one per phase), which the
 * report names with the command that replays the phase. Needs root (the namespaces).
 */
public final class ReliabilitySoak {
  /** What a run is asked to do. */
  record Options(
      long attempts,
      long seed,
      int concurrency,
      List<Phase> phases,
      String syscalls,
      List<String> allowErrnos,
      Long faultsSeed) {

    /** The mix at {@code attempts}, 64 in flight, the kernel's own system calls. */
    static Options of(long attempts) {
      return new Options(attempts, 13, 64, List.of(Phase.values()), null, List.of(), null);
    }

    Options withSyscalls(String className, List<String> allow) {
      return new Options(attempts, seed, concurrency, phases, className, allow, faultsSeed);
    }

    Options withPhases(List<Phase> only) {
      return new Options(attempts, seed, concurrency, only, syscalls, allowErrnos, faultsSeed);
    }

    /**
     * The seed every child's fault-injecting table starts from ({@code -Ddial4j.faults.seed} in the
     * child); null: a new one per phase.
     */
    Options withFaultsSeed(Long s) {
      return new Options(attempts, seed, concurrency, phases, syscalls, allowErrnos, s);
    }
  }

  /** What a run found. */
  record Result(Tally tally, String report) {
    long anomalies() {
      return tally.anomalies();
    }
  }

  private ReliabilitySoak() {}

  /** Runs the soak; see the class comment. Needs {@code Netns.available()}. */
  static Result run(Options o) throws IOException {
    Tally tally = new Tally();
    String parentNetns = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    Accounting parentBefore = Accounting.take(false);
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    long t0 = System.nanoTime();
    long total = 0;
    for (Phase p : Phase.values()) {
      if (o.phases().contains(p)) {
        total += p.share;
      }
    }
    for (Phase phase : o.phases()) {
      long n = o.attempts() * phase.share / Math.max(1, total);
      if (phase == o.phases().getLast()) {
        n = o.attempts() - planned(o, total);
      }
      if (n > 0) {
        runPhase(phase, n, o, parentNetns, tally);
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    tally.note(
        "the machine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs; load average (1, 5, 15 min) "
            + loadBefore
            + " at the start, "
            + loadAverage()
            + " at the end");
    for (String d :
        parentBefore.differences(parentBefore.awaitSame(false, Duration.ofSeconds(30)))) {
      tally.anomaly("the parent, from start to end: " + d);
    }
    return new Result(tally, SoakReport.markdown(tally, o, started, elapsed));
  }

  /** The attempts of every phase but the last. */
  private static long planned(Options o, long total) {
    long n = 0;
    for (Phase p : o.phases().subList(0, o.phases().size() - 1)) {
      n += o.attempts() * p.share / Math.max(1, total);
    }
    return n;
  }

  private static void runPhase(Phase phase, long n, Options o, String parentNetns, Tally tally)
      throws IOException {
    try (Netns ns = Netns.create("d4j-soak")) {
      if (phase == Phase.ROUTES) {
        Target.ROUTES.forEach(r -> ns.ip(r.toArray(String[]::new)));
      }
      try (Peers peers = ns.call(() -> Peers.open(phase))) {
        if (phase == Phase.PORTS) {
          // After the peers bound their ports (from the usual range), so that the eight are the
          // child's alone.
          ns.sysctl("net.ipv4.ip_local_port_range", Phase.PORT_RANGE);
        }
        List<String> args =
            new ArrayList<>(
                List.of(
                    "--phase", phase.label(),
                    "--attempts", Long.toString(n),
                    "--seed", Long.toString(o.seed() * 31 + phase.label().hashCode()),
                    "--concurrency", Integer.toString(o.concurrency()),
                    "--parent-netns", parentNetns));
        args.addAll(peers.targets().arguments());
        if (o.syscalls() != null) {
          args.addAll(List.of("--syscalls", o.syscalls()));
        }
        for (String e : o.allowErrnos()) {
          args.addAll(List.of("--allow-errno", e));
        }
        List<String> jvm = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx1g"));
        Long faultsSeed = null;
        if (o.syscalls() != null) {
          // Chosen here, so that the report names it for every phase and a run replays from it.
          faultsSeed = o.faultsSeed() != null ? o.faultsSeed() : FaultySyscalls.chooseSeed();
          jvm.add("-D" + FaultySyscalls.SEED_PROPERTY + "=" + faultsSeed);
        }
        List<String> command = new ArrayList<>();
        if (phase == Phase.EMFILE) {
          command.addAll(List.of("prlimit", "--nofile=" + Phase.NOFILE + ":" + Phase.NOFILE));
        }
        // The core's and the test classes' directories alone: a jar on the class path is opened
        // the first time a lookup scans past it, which the accounting would count as a leak.
        command.addAll(
            ChildJvm.command(
                ChildJvm.options(jvm, ChildJvm.classPath()),
                SoakChild.class,
                args.toArray(String[]::new)));
        Duration bound = Duration.ofMinutes(2).plusMillis(2 * n);
        ProcessRunner.Result r = ns.exec(bound, command);
        int lines = tally.read(r.output());
        if (r.exitCode() != 0 || lines == 0) {
          tally.anomaly(
              phase.label()
                  + ": the child exited with "
                  + r.exitCode()
                  + (lines == 0 ? " and wrote no result; its output: " + tail(r.output()) : ""));
        }
        tally.note(phase.label() + ": the peers accepted " + peers.accepted() + " connections");
        if (faultsSeed != null) {
          tally.note(
              phase.label()
                  + ": fault seed "
                  + faultsSeed
                  + "; replay: "
                  + replay(phase, n, o, faultsSeed));
        }
      }
    }
  }

  /**
   * The command (from {@code dial4j-core}, after {@code mvn -B test-compile}, as root) that runs
   * {@code phase} again as this run did: its attempts, the soak's seed (the child's own seed comes
   * from it), the table and its fault seed. The draws replay; where several threads make calls of
   * one kind, their interleaving is the machine's.
   */
  static String replay(Phase phase, long n, Options o, long faultsSeed) {
    StringBuilder b =
        new StringBuilder(
            "`java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes"
                + " org.dial4j.soak.ReliabilitySoak");
    b.append(" --phases ").append(phase.label());
    b.append(" --attempts ").append(n);
    b.append(" --seed ").append(o.seed());
    b.append(" --concurrency ").append(o.concurrency());
    b.append(" --syscalls '").append(o.syscalls()).append('\'');
    b.append(" --faults-seed ").append(faultsSeed);
    o.allowErrnos().forEach(e -> b.append(" --allow-errno ").append(e));
    return b.append('`').toString();
  }

  /** The first three fields of /proc/loadavg: how busy the machine was (other work included). */
  private static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ", -1);
    return f[0] + " " + f[1] + " " + f[2];
  }

  private static String tail(String output) {
    return output.length() <= 4000 ? output : "..." + output.substring(output.length() - 4000);
  }

  /**
   * Runs the soak from the command line (see the class comment), prints the report, writes it to
   * {@code --report FILE} if given, and exits 0 only without anomalies (2 for bad arguments or no
   * namespaces).
   */
  public static void main(String[] args) throws IOException {
    Options defaults = Options.of(50_000);
    long attempts = defaults.attempts();
    long seed = defaults.seed();
    int concurrency = defaults.concurrency();
    List<Phase> phases = defaults.phases();
    String syscalls = null;
    Long faultsSeed = null;
    List<String> allow = new ArrayList<>();
    Path report = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--attempts" -> attempts = Long.parseLong(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--phases" -> phases = Arrays.stream(v.split(",", -1)).map(Phase::ofLabel).toList();
        case "--syscalls" -> syscalls = v;
        case "--allow-errno" -> allow.add(v);
        case "--faults-seed" -> faultsSeed = Long.parseLong(v);
        case "--report" -> report = Path.of(v);
        default -> {
          System.err.println("unknown option " + args[i] + "; see ReliabilitySoak's Javadoc");
          System.exit(2);
        }
      }
    }
    if (!Netns.available()) {
      System.err.println("the soak needs network namespaces: " + Netns.unavailableReason());
      System.exit(2);
    }
    Result r = run(new Options(attempts, seed, concurrency, phases, syscalls, allow, faultsSeed));
    System.out.println(r.report());
    if (report != null) {
      Files.writeString(report, r.report());
    }
    System.exit(r.anomalies() == 0 ? 0 : 1);
  }
}
