package org.dial4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.LogLevel;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dial4j storm}: the C reference client {@code bench/cconnect} over dial4j's event loops,
 * with cconnect's options, semantics and JSON line, so that {@code bench/runbench.py} runs both and
 * the figures stand side by side. Loopback only: any address outside 127.0.0.0/8 is refused before
 * anything is opened.
 */
@Command(
    name = "storm",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header =
        "cconnect on dial4j's event loop: keep CONCURRENCY connects in flight until TOTAL succeed.",
    description = {
      "Keeps CONCURRENCY named connects in flight (one event loop per -T, each running its share"
          + " inside its own callbacks) until TOTAL have succeeded; a failed attempt is counted"
          + " under its errno and replaced. Then prints the JSON line that bench/cconnect prints,"
          + " with \"tool\":\"dial4j\": total, ok, failed, errors, concurrency, threads, dsts,"
          + " srcs, hold, stopped, seconds, connects_per_sec, latency_us {p50, p90, p99, max},"
          + " cpu_user_s, cpu_sys_s, peak_rss_kb, rss_kb_start, rss_kb_end, and with --hold also"
          + " held, limit (which limit stopped the hold, or null), nofile (RLIMIT_NOFILE, its soft"
          + " limit raised to the hard one first) and memory: measured at two held counts"
          + " (--measure-at, then the end), each after a full GC, the growth per held connection:"
          + " fds_per_held (/proc/self/fd), heap_bytes_per_held (the live heap by"
          + " GC.class_histogram, with heap_by_class), rss_bytes_per_held (VmRSS; native memory"
          + " alone when heap_fixed: -Xms = -Xmx with -XX:+AlwaysPreTouch).",
      "Latency: from just before socket() to just after SO_ERROR reads 0, as cconnect measures;"
          + " with --dialer, the dial's own, from the dial call to its callback (the Dialer's"
          + " hand-over to the loop, its race and the connect; successful dials only)."
          + " stopped: null, \"time limit\", \"too many errors\" (failures > TOTAL), \"socket()"
          + " failed\", \"hold limit\" (--hold out of ports or memory) or \"signal\" (SIGINT,"
          + " SIGTERM).",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:all TOTAL connects succeeded",
      "1:fewer succeeded (the JSON line says why), or the loops could not start",
      "2:a usage error: a bad or missing option, an address outside 127.0.0.0/8, a --control"
          + " port that cannot be opened"
    })
final class StormCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "-n",
      paramLabel = "TOTAL",
      required = true,
      description = "Successful connections to make.")
  long total;

  @Option(
      names = "-c",
      paramLabel = "CONCURRENCY",
      required = true,
      description = "Connects kept in flight, over all loops (at most TOTAL).")
  int concurrency;

  @Option(
      names = "-p",
      paramLabel = "PORT",
      required = true,
      description = "Server port (acceptd prints it).")
  int port;

  @Option(
      names = "-a",
      paramLabel = "DSTS",
      defaultValue = "127.0.0.1",
      description =
          "Destination loopback addresses, round-robin, e.g. 127.0.0.1,127.0.0.5 or"
              + " 127.0.0.1-8 (= 127.0.0.1..127.0.0.8). Default: ${DEFAULT-VALUE}.")
  String dsts;

  @Option(
      names = "-s",
      paramLabel = "SRCS",
      description =
          "Bind each socket to a source address from SRCS (same form), round-robin,"
              + " port 0 with IP_BIND_ADDRESS_NO_PORT. Default: not bound.")
  @Nullable String srcs;

  @Option(
      names = "-T",
      paramLabel = "LOOPS",
      defaultValue = "1",
      description =
          "Event loops (one thread each) sharing TOTAL and CONCURRENCY, 1..64"
              + " (at most CONCURRENCY). Default: ${DEFAULT-VALUE}.")
  int loops;

  @Option(
      names = "-t",
      paramLabel = "SECS",
      defaultValue = "60",
      description = "Stop after this long even if TOTAL is not reached. Default: ${DEFAULT-VALUE}.")
  double limitSeconds;

  @Option(
      names = "--hold",
      description =
          "Keep connected sockets open (not watched) instead of closing them: with -n above the"
              + " descriptor limit, as many as the process can hold. Raises the soft RLIMIT_NOFILE"
              + " to the hard one, keeps "
              + StormHold.RESERVE
              + " descriptors in reserve until the hold ends (to measure, and for --control and"
              + " --probe), and measures what each held connection costs.")
  boolean hold;

  @Option(
      names = "--measure-at",
      paramLabel = "HELD",
      description =
          "With --hold: the first memory point, when HELD are held (the connects pause there);"
              + " the second is the end. 0: none. Default: TOTAL / 4.")
  long measureAt = -1;

  @Option(
      names = "--probe",
      paramLabel = "MS",
      description =
          "With --hold and -k: during the keep, one connect every MS milliseconds on loop 0 (the"
              + " control port's), handed over from another thread; prints a second JSON line"
              + " with its latency (e.g. while 'fds' streams on the control port).")
  double probeMillis;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description =
          "With --hold: first make and close N connects on a loop of their own, so that the JIT's"
              + " own growth (compiled code, compiler arenas) comes before the first memory point"
              + " and is not counted as the held connections'. Default: 20000, at most TOTAL.")
  long warmup = -1;

  @Option(
      names = "-k",
      paramLabel = "SECS",
      defaultValue = "0",
      description =
          "With --hold: keep them this long after the JSON line. Default: ${DEFAULT-VALUE}.")
  double keepSeconds;

  @Option(
      names = "--control",
      paramLabel = "IP:PORT",
      description =
          "Serve the control port on loop 0 at this loopback address, port 0 for any ('fds'"
              + " lists the held connections, a page of rows per loop turn); its address is"
              + " printed on standard error.")
  @Nullable String control;

  @Option(
      names = "--dialer",
      description =
          "Make each connect through the Dialer's callback face (its Happy Eyeballs state machine,"
              + " one attempt per IP literal) instead of the loop's named connect, to measure what"
              + " the Dialer adds. Not with --hold.")
  boolean dialer;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "With --dialer: dial NAME:PORT (IPv4 only, one A query) through dial4j's resolver"
              + " instead of the -a literals, to measure what a name costs once its answer is"
              + " cached. Its address is the DNS server's answer.")
  @Nullable String name;

  @Option(
      names = "--dns-server",
      paramLabel = "IP[:PORT]",
      description = "With --name: the resolver's name server (repeatable). Default: resolv.conf's.")
  List<String> dnsServers = new ArrayList<>();

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Keep the loops' log at INFO (on standard error: what went wrong that no callback"
              + " saw; failed connects are DEBUG lines) and report each loop thread's allocated"
              + " bytes per connect; default ERROR only.")
  boolean verbose;

  /** A year: a longer limit is a typo, and the deadline arithmetic stays far from overflow. */
  private static final double MAX_SECONDS = 365 * 24 * 3600;

  @Override
  public Integer call() {
    return new Storm(plan()).run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** cconnect's checks and clamps; every refusal is a usage error (status 2). */
  StormPlan plan() {
    if (total < 1) {
      throw usage("-n TOTAL must be at least 1, not " + total);
    }
    if (concurrency < 1) {
      throw usage("-c CONCURRENCY must be at least 1, not " + concurrency);
    }
    if (port < 1 || port > 65535) {
      throw usage("-p PORT must be 1..65535, not " + port);
    }
    if (loops < 1 || loops > 64) {
      throw usage("-T LOOPS must be 1..64, not " + loops);
    }
    if (dialer && hold) {
      throw usage("--dialer does not go with --hold");
    }
    if (name != null && !dialer) {
      throw usage("--name needs --dialer (the loop's named connect takes addresses only)");
    }
    if (!dnsServers.isEmpty() && name == null) {
      throw usage("--dns-server needs --name");
    }
    if (!hold && (measureAt >= 0 || probeMillis != 0 || warmup >= 0)) {
      throw usage("--measure-at, --probe and --warmup need --hold");
    }
    if (warmup < -1) {
      throw usage("--warmup N must be 0 or more, not " + warmup);
    }
    if (probeMillis != 0 && !(probeMillis >= 0.1 && probeMillis <= 60_000)) {
      throw usage("--probe MS must be from 0.1 to 60000, not " + probeMillis);
    }
    if (measureAt < -1) {
      throw usage("--measure-at HELD must be 0 or more, not " + measureAt);
    }
    checkSeconds("-t", limitSeconds);
    checkSeconds("-k", keepSeconds);
    // As cconnect: no more in flight than TOTAL, no more loops than connects in flight.
    int c = (int) Math.min(concurrency, total);
    int t = Math.min(loops, c);
    List<InetEndpoint> to = addresses(dsts, port);
    List<InetEndpoint> from = srcs == null ? List.of() : addresses(srcs, 0);
    InetEndpoint at = control == null ? null : controlAddress(control);
    return new StormPlan(
        total,
        c,
        t,
        to,
        from,
        hold,
        limitSeconds,
        keepSeconds,
        at,
        verbose ? LogLevel.INFO : LogLevel.ERROR,
        dialer,
        name,
        List.copyOf(dnsServers),
        !hold ? 0 : measureAt >= 0 ? measureAt : total / 4,
        probeMillis,
        !hold ? 0 : warmup >= 0 ? warmup : Math.min(20_000, total));
  }

  private void checkSeconds(String option, double s) {
    if (!(s >= 0 && s <= MAX_SECONDS)) {
      throw usage(option + " SECS must be from 0 to " + (long) MAX_SECONDS + ", not " + s);
    }
  }

  private List<InetEndpoint> addresses(String list, int p) {
    try {
      return LoopbackAddresses.parse(list, p);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private InetEndpoint controlAddress(String text) {
    InetEndpoint e;
    try {
      e = Endpoint.parseInet(text);
    } catch (IllegalArgumentException bad) {
      throw usage("--control takes a loopback IP:port, not '" + text + "'");
    }
    if (!e.isLoopback()) {
      throw usage("refusing non-loopback control address " + e + ": loopback only");
    }
    return e;
  }

  private ParameterException usage(@Nullable String message) {
    // picocli prints it with the usage and exits 2, as for its own option errors.
    return new ParameterException(spec.commandLine(), "dial4j storm: " + message);
  }
}
