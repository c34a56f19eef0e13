package org.dial4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.dial4j.Deadline;
import org.dial4j.dial.DnsLookupResult;
import org.dial4j.dial.DnsQueryEvent;
import org.dial4j.dial.DnsResolver;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
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
 * {@code dial4j resolve NAME}: a stub's dig. Asks dial4j's own resolver ({@link DnsResolver#query})
 * for records of NAME, one query per type, and prints them as dig's answer section, each query as
 * it went ({@code --trace}) or one JSON object ({@code --json}).
 */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "Look NAME up with dial4j's DNS resolver and print the records, as dig does.",
    description = {
      "Asks for AAAA and A records of NAME (or the types of -t), one query per type, all at once,"
          + " with dial4j's stub resolver: the --server given, else the nameservers of"
          + " /etc/resolv.conf, with its timeout, attempts and options. NAME is asked as given, as"
          + " dig does: no search list, and neither the hosts file nor getaddrinfo answers it (a"
          + " .invalid name fails at once, RFC 6761).",
      "Prints each type's records as dig's answer section, 'NAME. TTL IN TYPE DATA', after"
          + " the CNAME chain that led to them, 'ALIAS. IN CNAME TARGET.' (without a TTL:"
          + " the resolver reports one TTL, the smallest of the chain's, on the records);"
          + " ';; no TYPE records' when the name has none of that type (NODATA), ';; TYPE:"
          + " MESSAGE' when the lookup failed.",
      ""
    },
    footerHeading = "%nJSON (--json): one object on standard output, its fields in this order:%n",
    footer = {
      "  name        NAME as given",
      "  types       the types asked, e.g. [\"AAAA\",\"A\"]",
      "  answers     an object, one field per type asked, in order, each:",
      "    outcome   \"found\", \"nodata\", \"nxdomain\", \"timed_out\" or \"failed\"",
      "    canonical_name  the end of the CNAME chain, absolute (null on failure)",
      "    aliases   the chain's names, the name asked first ([] without a CNAME)",
      "    records   [{name, type, ttl, data}], in the answer's order",
      "    errno     the errno's name on failure (ENOENT, ETIMEDOUT, EAGAIN, ...)",
      "    message   the error's message on failure; else null",
      "  queries     each query as it ended (cached answers too):",
      "    name, type, server (\"IP:port\"), transport (\"udp\" or \"tcp\"),",
      "    cached (true: answered from the cache, no packet), sent_ms (since",
      "    the command's start), took_ms, rcode (\"NOERROR\", \"NXDOMAIN\", ...;",
      "    null without an answer), outcome (\"1 records\", \"timed out\", ...)",
      "  elapsed_ms  the command's start to the last answer",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:records of at least one type asked were found",
      "1:the lookup failed otherwise (EAGAIN: no server answered, SERVFAIL, ...)",
      "2:a usage error (a bad -t, --server or NAME)",
      "3:the name does not exist (NXDOMAIN) or has no records of the types asked",
      "4:timed out (--timeout passed)"
    })
final class ResolveCommand implements Callable<Integer> {

  /** The types dial4j asks for; ANY stands for AAAA, A and HTTPS. */
  static final List<String> TYPES = List.of("A", "AAAA", "HTTPS", "SVCB", "CNAME");

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The name to look up, e.g. example.com.")
  String name;

  @Option(
      names = {"-t", "--type"},
      paramLabel = "TYPE",
      description =
          "A, AAAA, HTTPS, SVCB, CNAME, or ANY for AAAA, A and HTTPS (each asked on its own:"
              + " dial4j never sends a QTYPE ANY query). Default: AAAA and A.")
  @Nullable String type;

  @Option(
      names = "--server",
      paramLabel = "IP[:port]",
      description =
          "Ask this name server (IP, IP:port or [IPv6]:port; port 53 by default) instead of"
              + " resolv.conf's. Repeatable: tried in order.")
  List<String> servers = new ArrayList<>();

  @Option(names = "--tcp", description = "Query over TCP only (resolv.conf's use-vc).")
  boolean tcp;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      converter = Timeout.Converter.class,
      description =
          "Give up after this long, every query together, e.g. 2s, 250ms. Default: none (each"
              + " server's tries end the lookup: resolv.conf's timeout and attempts).")
  @Nullable Timeout timeout;

  @Option(
      names = "--trace",
      description =
          "Before the answers, print each query as it ended: server, transport, name, type,"
              + " rcode, time and outcome (answers from the cache too).")
  boolean trace;

  @Option(names = "--json", description = "Print one JSON object (see below) instead.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (trace && json) {
      throw usage("--trace and --json exclude each other (the JSON has the queries)");
    }
    List<String> types = types();
    DnsResolver.Builder b = DnsResolver.builder().search(List.of());
    try {
      for (String s : servers) {
        b.server(s);
      }
    } catch (IllegalArgumentException e) {
      throw usage("--server: " + e.getMessage());
    }
    if (tcp) {
      b.tcp(true);
    }
    long start = System.nanoTime();
    Deadline deadline = timeout == null ? Deadline.NEVER : Deadline.after(timeout.duration());
    List<DnsQueryEvent> queries = Collections.synchronizedList(new ArrayList<>());
    List<ResolveReport.Answer> answers = new ArrayList<>();
    try (EventLoop loop = loop()) {
      DnsResolver resolver = b.loop(loop).build();
      List<CompletableFuture<DnsLookupResult>> asked = new ArrayList<>();
      for (String t : types) {
        asked.add(resolver.query(name, t, deadline, queries::add));
      }
      for (int i = 0; i < types.size(); i++) {
        answers.add(answer(types.get(i), asked.get(i)));
      }
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("dial4j resolve: the event loop did not start: " + e.getMessage());
      return 1;
    }
    ResolveReport report =
        new ResolveReport(name, answers, List.copyOf(queries), start, System.nanoTime() - start);
    for (ResolveReport.Answer a : answers) {
      IOException e = a.error();
      if (e != null && NetError.errnoOf(e).orElse(null) == Errno.EINVAL) {
        throw usage(e.getMessage()); // NAME is no DNS name
      }
    }
    if (json) {
      out.println(report.json());
    } else {
      if (trace) {
        report.traceLines().forEach(out::println);
      }
      report.textLines().forEach(out::println);
    }
    return report.status();
  }

  /** The types to ask, in order; a bad -t is a usage error. */
  private List<String> types() {
    if (type == null) {
      return List.of("AAAA", "A");
    }
    String t = type.toUpperCase(Locale.ROOT);
    if (t.equals("ANY")) {
      return List.of("AAAA", "A", "HTTPS");
    }
    if (!TYPES.contains(t)) {
      throw usage("-t takes A, AAAA, HTTPS, SVCB, CNAME or ANY, not '" + type + "'");
    }
    return List.of(t);
  }

  /** Waits for one type's lookup; an interrupt cancels it. */
  private static ResolveReport.Answer answer(String type, CompletableFuture<DnsLookupResult> f) {
    try {
      return new ResolveReport.Answer(type, f.get(), null);
    } catch (java.util.concurrent.ExecutionException e) {
      return new ResolveReport.Answer(type, null, ioCause(e.getCause()));
    } catch (CompletionException | CancellationException e) {
      return new ResolveReport.Answer(type, null, ioCause(e));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return new ResolveReport.Answer(
          type,
          null,
          NetError.of(Errno.ECANCELED, Operation.RESOLVE, "looking up " + type + ": interrupted"));
    }
  }

  private static IOException ioCause(@Nullable Throwable t) {
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof InvalidArgumentException ia) {
      return new IOException(ia.getMessage(), ia);
    }
    return new IOException(t == null ? "failed" : String.valueOf(t.getMessage()), t);
  }

  /** A loop of the command's own, quiet (the shared one logs its start at INFO on stderr). */
  private static EventLoop loop() throws IOException {
    return EventLoop.builder()
        .name("dial4j-resolve")
        .logLevel(LogLevel.ERROR)
        .daemon(true)
        .build()
        .start();
  }

  private ParameterException usage(@Nullable String message) {
    return new ParameterException(spec.commandLine(), "dial4j resolve: " + message);
  }
}
