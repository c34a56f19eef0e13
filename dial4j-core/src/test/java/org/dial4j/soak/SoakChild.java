package org.dial4j.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.Network;
import org.dial4j.error.NetError;
import org.dial4j.socket.PosixSocket;
import org.dial4j.socket.SocketBackends;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Syscalls;
import org.dial4j.testing.ClassPreload;

/**
 * One phase of the soak, in a child JVM that the parent started inside the phase's network
 * namespace ({@code ip netns exec}; for {@link Phase#EMFILE} under {@code prlimit --nofile}): it
 * checks it is isolated, runs the phase's attempts against the parent's peers, accounts before and
 * after, and writes its {@link Tally} on standard output. Exit status 0 when it saw no anomaly.
 *
 * <p>Arguments: {@code --phase P --attempts N --seed S --concurrency C --parent-netns LINK
 * [--target KIND=ENDPOINT]... [--syscalls CLASS] [--allow-errno NAME]... [--heap-growth-mib M]}.
 */
public final class SoakChild {
  /** How long the closes of what the attempts held may take to land before what is left counts. */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  private SoakChild() {}

  /** Runs the phase the arguments name; see the class comment. */
  public static void main(String[] args) throws Exception {
    Map<String, List<String>> opts = options(args);
    Phase phase = Phase.ofLabel(one(opts, "phase"));
    Tally tally = new Tally();
    String unsafe = isolation(one(opts, "parent-netns"));
    if (unsafe != null) {
      tally.anomaly(phase.label() + ": refusing to dial anything: " + unsafe);
      tally.write(System.out);
      System.exit(2);
    }
    ClassPreload.dial4j();
    SocketBackends.pollerWaiters(); // the poller's threads and epoll descriptors live for the JVM
    run(phase, opts, tally);
    tally.write(System.out);
    System.exit(tally.anomalies() == 0 ? 0 : 1);
  }

  private static void run(Phase phase, Map<String, List<String>> opts, Tally tally)
      throws IOException {
    long attempts = Long.parseLong(one(opts, "attempts"));
    Targets targets = Targets.parse(opts.getOrDefault("target", List.of()));
    Syscalls sys = syscalls(opts.getOrDefault("syscalls", List.of()));
    Injections injections =
        new Injections(sys, new HashSet<>(opts.getOrDefault("allow-errno", List.of())));
    Referee referee = new Referee(phase, targets, tally, injections);
    long heapGrowth = Long.parseLong(opts.getOrDefault("heap-growth-mib", List.of("64")).get(0));
    Accounting start = Accounting.take(true);
    start.record(tally, phase, "start");
    long t0 = System.nanoTime();
    List<PosixSocket> held = new ArrayList<>();
    try (PhaseRun run =
        new PhaseRun(
            referee,
            targets,
            sys,
            Integer.parseInt(one(opts, "concurrency")),
            Long.parseLong(one(opts, "seed")))) {
      if (phase == Phase.PORTS) {
        holdEveryPort(targets, held, tally);
      }
      EmfileRounds rounds = phase == Phase.EMFILE ? new EmfileRounds(run, tally) : null;
      long warm = Math.min(attempts / 10, 2_000);
      body(run, rounds, warm);
      run.drainTo(null, DRAIN, "after the warm-up");
      Accounting before = Accounting.take(true);
      before.record(tally, phase, "before");
      run.recordHolding("before");
      body(run, rounds, attempts - warm);
      run.drainTo(before, DRAIN, "after the attempts");
      Accounting after = Accounting.take(true);
      after.record(tally, phase, "after");
      run.recordHolding("after");
      long growth = after.heap() - before.heap();
      if (growth > heapGrowth << 20) {
        tally.anomaly(
            phase.label()
                + ": the heap after GC grew "
                + (growth >> 20)
                + " MiB over the attempts (bound "
                + heapGrowth
                + " MiB)");
      }
      run.notes();
      if (injections.table() != null) {
        tally.note(phase.label() + ": system calls " + injections.table());
      }
      String excused = injections.excused();
      if (!excused.isEmpty()) {
        tally.note(phase.label() + ": outcomes an injected failure explains: " + excused);
      }
      if (rounds != null) {
        rounds.notes();
      }
      for (PosixSocket s : held) {
        s.close();
      }
    }
    tally.elapsed(phase, System.nanoTime() - t0);
    Accounting end = start.awaitSame(true, DRAIN);
    end.record(tally, phase, "end");
    for (String d : start.differences(end)) {
      tally.anomaly(phase.label() + ", from start to end: " + d);
    }
  }

  private static void body(PhaseRun run, EmfileRounds rounds, long n) {
    if (rounds != null) {
      rounds.run(n);
    } else {
      run.mixed(n);
    }
  }

  /**
   * Connects to {@link Target#EXHAUSTED4} until the namespace's ephemeral ports run out
   * (EADDRNOTAVAIL), keeping each connection: from then on that destination has no port left.
   */
  private static void holdEveryPort(Targets targets, List<PosixSocket> held, Tally tally)
      throws IOException {
    Endpoint at = targets.of(Target.EXHAUSTED4);
    for (int i = 0; i < 64; i++) {
      PosixSocket s = PosixSocket.open(Family.INET, Network.SocketType.STREAM);
      try {
        s.connect(at, Deadline.after(Duration.ofSeconds(5)));
        held.add(s);
      } catch (IOException e) {
        s.close();
        if (e instanceof NetError n && n.errno().name().equals("EADDRNOTAVAIL")) {
          tally.note("ports: " + held.size() + " connections hold every ephemeral port");
          return;
        }
        throw e;
      }
    }
    tally.anomaly("ports: 64 connections and the ephemeral ports had not run out");
  }

  /**
   * Why dialing from here would be unsafe, or null: this process must be in a network namespace of
   * its own (not its parent's) whose only interface is {@code lo}, so that no address the soak
   * dials can be reached beyond it.
   */
  static String isolation(String parentNetns) throws IOException {
    String mine = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    if (mine.equals(parentNetns)) {
      return "this process is in its parent's network namespace " + mine;
    }
    List<String> interfaces;
    try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
      interfaces = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    if (!interfaces.equals(List.of("lo"))) {
      return "the namespace has interfaces besides lo: " + interfaces;
    }
    return null;
  }

  /**
   * The system call table: the kernel's ({@link LinuxSyscalls#INSTANCE}), or an instance of the
   * class {@code --syscalls} names (a {@link Syscalls}, or a {@code Supplier<Syscalls>}, with a
   * public no-argument constructor): the seam for a fault-injecting table.
   */
  static Syscalls syscalls(List<String> className) {
    return className.isEmpty()
        ? LinuxSyscalls.INSTANCE
        : FaultySyscalls.tableNamed(className.get(0));
  }

  private static Map<String, List<String>> options(String[] args) {
    Map<String, List<String>> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("not an option: " + args[i]);
      }
      opts.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[i + 1]);
    }
    return opts;
  }

  private static String one(Map<String, List<String>> opts, String name) {
    List<String> v = opts.get(name);
    if (v == null || v.size() != 1) {
      throw new IllegalArgumentException("--" + name + " must be given once");
    }
    return v.get(0);
  }
}
