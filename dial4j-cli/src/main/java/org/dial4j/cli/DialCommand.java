package org.dial4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.DnsResolver;
import org.dial4j.dial.Resolver;
import org.dial4j.dial.ServiceBinding;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LogLevel;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dial4j dial TARGET}: one dial through {@link Dialer} (resolution, the RFC 8305 race, one
 * deadline), reported as one line, a trace of its {@link DialEvent}s or one JSON object. The
 * connection is closed as soon as it is made.
 */
@Command(
    name = "dial",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "Dial TARGET with the Dialer (Happy Eyeballs, RFC 8305) and report how it went.",
    description = {
      "Dials TARGET (host:port, IPv4:port or [IPv6]:port): a name is resolved for AAAA and A at"
          + " once, its addresses are ordered (RFC 6724, then the families interleaved) and"
          + " raced, a new attempt every --happy-delay or as soon as one fails; the first to"
          + " connect wins. The connection is closed at once.",
      "Prints 'connected to REMOTE from LOCAL in T ms' on standard output, or 'dial failed:"
          + " MESSAGE' on standard error.",
      ""
    },
    footerHeading = "%nJSON (--json): one object on standard output, its fields in this order:%n",
    footer = {
      "  outcome     \"connected\", or the failure: \"refused\", \"unreachable\",",
      "              \"timed_out\", \"cancelled\", \"resolve_failed\", \"failed\" (other)",
      "  target      TARGET as given",
      "  network     \"tcp\", \"tcp4\" (-4, or an IPv4 --source) or \"tcp6\"",
      "  remote      the address connected to, e.g. \"[::1]:8080\"; null on failure",
      "  local       the connection's local address; null on failure",
      "  elapsed_ms  dial start to connected or failed (a number, 3 decimals)",
      "  errno       the errno's name on failure, e.g. \"ECONNREFUSED\"; else null",
      "  operation   \"connect\" or \"resolve\" on failure; else null",
      "  message     the error's message on failure; else null",
      "  events      the dial's events in order, each an object with at_ms (time",
      "              since the dial's start), event, and the event's details:",
      "    resolve_start      host, families (e.g. [\"IPv6\",\"IPv4\"])",
      "    dns_query          family, name, type, server (null: the cache or the C",
      "                       library), transport (udp, tcp, cache, libc), took_ms,",
      "                       rcode (-1: no answer), outcome (dial4j's resolver only)",
      "    resolve_answer     family, addresses (in the resolver's order)",
      "    resolve_failed     family, errno, message",
      "    resolve_cancelled  family (its query was out when the dial ended)",
      "    resolve_end        plan (the addresses in the order they are tried)",
      "    attempt_start      attempt (from 1), family, address, source (or null)",
      "    attempt_connected  attempt, family, address, local, took_ms",
      "    attempt_failed     attempt, family, address, errno, message, took_ms",
      "    attempt_cancelled  attempt, family, address, took_ms, late_success",
      "    won                attempt, family, address, local",
      "    failed             errno, message",
      "  With --service, service_answer (bindings, as in an HTTPS record) and",
      "  won's service (the binding connected through, when there is one).",
      "  An IP literal TARGET has no resolve events. Events that come after the",
      "  dial has returned (a late success, closed) are not reported.",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:connected",
      "1:the connect failed (refused, unreachable, or any other errno)",
      "2:a usage error: a bad option or TARGET (not host:port, port 0, an IPv6 literal with -4,"
          + " an IPv4 one with -6, a --source of the other family)",
      "3:the name did not resolve (to an address of the family asked for)",
      "4:timed out (--timeout passed)",
      "5:cancelled (SIGINT or SIGTERM during the dial)"
    })
final class DialCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "TARGET",
      description = "host:port, IPv4:port or [IPv6]:port, e.g. localhost:8080 or [::1]:8080.")
  String target;

  @Option(names = "-4", description = "IPv4 only (network tcp4).")
  boolean ipv4;

  @Option(names = "-6", description = "IPv6 only (network tcp6).")
  boolean ipv6;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      converter = Timeout.Converter.class,
      description =
          "Give up after this long, resolution and every attempt together, e.g. 2s, 250ms,"
              + " 1.5s (units ns, us, ms, s, m, h). Default: none (the kernel's SYN retries end"
              + " an unanswered connect, about 2 minutes).")
  @Nullable Timeout timeout;

  @Option(
      names = "--source",
      paramLabel = "IP",
      description =
          "Connect from this local address (port chosen by the kernel). Only addresses of its"
              + " family are tried: an IPv4 IP implies -4, an IPv6 one -6. Default: the kernel"
              + " picks.")
  @Nullable String source;

  @Option(
      names = "--happy-delay",
      paramLabel = "D",
      converter = Timeout.Converter.class,
      description =
          "RFC 8305 Connection Attempt Delay: how long an attempt runs alone before the next"
              + " address is tried too; kept within 10ms..2s. Default: 250ms.")
  @Nullable Timeout happyDelay;

  @Option(
      names = "--resolve",
      paramLabel = "NAME=IP,IP,...",
      description =
          "Answer NAME with these addresses, in this order, for both families, instead of"
              + " asking dial4j's resolver (which still answers every other name)."
              + " Repeatable.")
  List<String> resolve = new ArrayList<>();

  @Option(
      names = "--dns-server",
      paramLabel = "IP[:port]",
      description =
          "Resolve with dial4j's DNS resolver asking this name server (IP, IP:port or"
              + " [IPv6]:port; port 53 by default) instead of resolv.conf's; the hosts file and"
              + " the rest of resolv.conf still apply. Repeatable: tried in order.")
  List<String> dnsServers = new ArrayList<>();

  @Option(
      names = "--resolver",
      paramLabel = "dns|system",
      description =
          "dns: dial4j's own DNS resolver (resolv.conf, hosts, nsswitch.conf, or --dns-server);"
              + " system: getaddrinfo(3), one call per family. Default: dns.")
  String resolver = "dns";

  @Option(
      names = "--service",
      paramLabel = "SCHEME",
      description =
          "Happy Eyeballs v3: also ask the name's service bindings for this URI scheme (https:"
              + " HTTPS records; another: SVCB records of _PORT._SCHEME.NAME) and try their"
              + " endpoints first, in priority order, their address hints until the target's"
              + " answer. The line then ends 'via BINDING' when the connection came through one.")
  @Nullable String service;

  @Option(
      names = "--trace",
      description =
          "Print each event as it happens, with its time since the dial's start: resolution"
              + " per family, each attempt's start, outcome, errno and duration, the winner.")
  boolean trace;

  @Option(names = "--json", description = "Print one JSON object (see below) instead.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (ipv4 && ipv6) {
      throw usage("-4 and -6 exclude each other");
    }
    if (trace && json) {
      throw usage("--trace and --json exclude each other (the JSON has the events)");
    }
    String network = network();
    DialRecorder recorder = new DialRecorder(trace ? out : null);
    Dialer.Builder dialer;
    ResolveTable table;
    DnsResolver.Builder dns = dnsServers();
    try {
      dialer = dialer(network, recorder);
      table = ResolveTable.parse(resolve);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    DialReport report;
    Thread caller = Thread.currentThread();
    // SIGINT/SIGTERM interrupt the dial, which cancels it (ECANCELED, status 5).
    try (StopSignals signals = StopSignals.install(caller::interrupt);
        EventLoop loop = loop();
        Dialer d = withResolver(dialer, resolver(dns, table, loop)).loop(loop).build()) {
      // First use of the code, before the clock: what the dial reports is then the network's.
      WarmUp.await(
          new WarmUp.Plan(!resolve.isEmpty() || !WarmUp.Plan.isLiteral(target), trace, json));
      report = dial(d, target, network, recorder);
      print(report, out, err);
      signals.over(report.outcome().status);
    } catch (InvalidArgumentException e) {
      throw usage(e.getMessage());
    } catch (IOException e) {
      err.println("dial4j dial: the event loop did not start: " + e.getMessage());
      return 1;
    }
    return report.outcome().status;
  }

  /**
   * tcp4 with -4, tcp6 with -6, else tcp; a --source narrows it to its family. The Dialer documents
   * that a source of one family keeps a dial to that family, but dials the other family unbound all
   * the same, so the command narrows the network itself.
   */
  private String network() {
    Family from = source == null ? null : sourceFamily(source);
    if ((from == Family.INET6 && ipv4) || (from == Family.INET && ipv6)) {
      throw usage(
          "--source "
              + source
              + " is "
              + DialEventFields.family(from)
              + ", but "
              + (ipv4 ? "-4 asks for IPv4" : "-6 asks for IPv6"));
    }
    return ipv4 || from == Family.INET ? "tcp4" : ipv6 || from == Family.INET6 ? "tcp6" : "tcp";
  }

  /** The family of a --source, read as {@link Dialer.Builder#source(String)} reads it. */
  private Family sourceFamily(String ip) {
    try {
      try {
        return Endpoint.parseInet(ip).family();
      } catch (IllegalArgumentException notWithPort) {
        return Endpoint.parseInet(ip.contains(":") ? "[" + ip + "]:0" : ip + ":0").family();
      }
    } catch (IllegalArgumentException e) {
      throw usage("--source takes an IP address, not '" + ip + "'");
    }
  }

  /** A loop of the command's own, quiet (the shared one logs its start at INFO on stderr). */
  private static EventLoop loop() throws IOException {
    return EventLoop.builder()
        .name("dial4j-dial")
        .logLevel(LogLevel.ERROR)
        .daemon(true)
        .build()
        .start();
  }

  /** The dialer's settings from the options; bad values throw IllegalArgumentException. */
  private Dialer.Builder dialer(String network, DialRecorder recorder) {
    Dialer.Builder b = Dialer.builder().network(network).listener(recorder);
    if (timeout != null) {
      b.timeout(timeout.duration());
    }
    if (happyDelay != null) {
      b.attemptDelay(happyDelay.duration());
    }
    if (source != null) {
      b.source(source);
    }
    if (service != null) {
      b.service(service);
    }
    return b;
  }

  /**
   * The DNS resolver's builder for --dns-server, or null to use {@link DnsResolver#system()}; a bad
   * --resolver, a --dns-server with --resolver system or a bad server address is a usage error.
   */
  private DnsResolver.@Nullable Builder dnsServers() {
    if (!resolver.equals("dns") && !resolver.equals("system")) {
      throw usage("--resolver takes dns or system, not '" + resolver + "'");
    }
    if (dnsServers.isEmpty()) {
      return null;
    }
    if (resolver.equals("system")) {
      throw usage("--dns-server needs --resolver dns (getaddrinfo asks resolv.conf's servers)");
    }
    DnsResolver.Builder b = DnsResolver.builder();
    try {
      for (String s : dnsServers) {
        b.server(s);
      }
    } catch (IllegalArgumentException e) {
      throw usage("--dns-server: " + e.getMessage());
    }
    return b;
  }

  /**
   * The dial's resolver: --resolver's (a DnsResolver with the --dns-server on the command's loop),
   * behind the --resolve table if there is one; null for the Dialer's default, {@link
   * DnsResolver#system()}.
   */
  private @Nullable Resolver resolver(
      DnsResolver.@Nullable Builder dns, ResolveTable table, EventLoop loop) {
    Resolver base =
        resolver.equals("system")
            ? Resolver.system()
            : dns != null ? dns.loop(loop).build() : DnsResolver.system();
    if (!table.isEmpty()) {
      return table.before(base);
    }
    return dns != null || resolver.equals("system") ? base : null;
  }

  private static Dialer.Builder withResolver(Dialer.Builder b, @Nullable Resolver r) {
    return r == null ? b : b.resolver(r);
  }

  /** Dials, closes the connection, and says how it went (also {@link WarmUp}'s dials). */
  static DialReport dial(Dialer dialer, String target, String network, DialRecorder recorder) {
    long start = System.nanoTime();
    try {
      Connection c = dialer.dial(target);
      List<DialEvent> events = recorder.seal();
      try (c) {
        return new DialReport(
            DialReport.Outcome.CONNECTED,
            target,
            network,
            c.remote(),
            c.local(),
            endAt(events, start),
            null,
            events);
      }
    } catch (IOException e) {
      List<DialEvent> events = recorder.seal();
      return new DialReport(
          DialReport.Outcome.of(e), target, network, null, null, endAt(events, start), e, events);
    }
  }

  /** The time of the dial's last event, Won or Failed; the time measured here without one. */
  private static Duration endAt(List<DialEvent> events, long start) {
    for (DialEvent e : events.reversed()) {
      if (e instanceof DialEvent.Won || e instanceof DialEvent.Failed) {
        return e.at();
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private void print(DialReport r, PrintWriter out, PrintWriter err) {
    if (json) {
      out.println(r.json());
    } else if (r.outcome() == DialReport.Outcome.CONNECTED) {
      ServiceBinding via = binding(r.events());
      out.println(
          "connected to "
              + r.remote()
              + " from "
              + r.local()
              + " in "
              + r.elapsedText()
              + (via == null ? "" : " via " + via));
    } else {
      err.println("dial failed: " + Objects.requireNonNull(r.error()).getMessage());
    }
  }

  /** The binding the dial won through (the Connection's serviceBinding()), or null. */
  private static @Nullable ServiceBinding binding(List<DialEvent> events) {
    for (DialEvent e : events) {
      if (e instanceof DialEvent.Won w) {
        return w.binding();
      }
    }
    return null;
  }

  private ParameterException usage(@Nullable String message) {
    // picocli prints it with the usage and exits 2, as for its own option errors.
    return new ParameterException(spec.commandLine(), "dial4j dial: " + message);
  }
}
