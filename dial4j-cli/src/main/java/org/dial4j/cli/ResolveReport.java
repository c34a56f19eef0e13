package org.dial4j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dial4j.InetEndpoint;
import org.dial4j.dial.DnsLookupResult;
import org.dial4j.dial.DnsQueryEvent;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code dial4j resolve} found: its text (dig's answer section), its trace lines, its JSON
 * object and its exit status.
 *
 * @param name NAME as given
 * @param answers one per type asked, in order
 * @param queries every query's event, in the order they ended
 * @param startNanos the command's start, on {@code System.nanoTime}'s clock (the resolver loop's)
 * @param elapsedNanos from the start to the last answer
 */
record ResolveReport(
    String name,
    List<ResolveReport.Answer> answers,
    List<DnsQueryEvent> queries,
    long startNanos,
    long elapsedNanos) {

  /**
   * One type's lookup.
   *
   * @param type the type asked
   * @param result what was found (records, or none: NODATA), or null on failure
   * @param error the failure, or null
   */
  record Answer(String type, @Nullable DnsLookupResult result, @Nullable IOException error) {

    /** "found", "nodata", "nxdomain", "timed_out" or "failed". */
    String outcome() {
      if (result != null) {
        return result.records().isEmpty() ? "nodata" : "found";
      }
      Errno errno = errno();
      return errno == Errno.ENOENT ? "nxdomain" : errno == Errno.ETIMEDOUT ? "timed_out" : "failed";
    }

    @Nullable Errno errno() {
      return error == null ? null : NetError.errnoOf(error).orElse(null);
    }
  }

  /**
   * 0 when a type has records; else 4 when a lookup timed out, 1 when one failed another way, 3
   * when the name does not exist or has none of the types asked.
   */
  int status() {
    List<String> outcomes = answers.stream().map(Answer::outcome).toList();
    if (outcomes.contains("found")) {
      return 0;
    }
    if (outcomes.contains("timed_out")) {
      return 4;
    }
    if (outcomes.contains("failed")) {
      return 1;
    }
    return 3;
  }

  /** dig's answer section: each type's CNAME chain, then its records or why there are none. */
  List<String> textLines() {
    List<String> lines = new ArrayList<>();
    for (Answer a : answers) {
      DnsLookupResult r = a.result();
      if (r == null) {
        lines.add(";; " + a.type() + ": " + message(a.error()));
        continue;
      }
      List<String> chain = r.aliases();
      for (int i = 0; i < chain.size(); i++) {
        String to = i + 1 < chain.size() ? chain.get(i + 1) : r.canonicalName();
        lines.add(chain.get(i) + " IN CNAME " + to);
      }
      if (r.records().isEmpty()) {
        lines.add(";; no " + a.type() + " records");
      }
      for (DnsLookupResult.Entry e : r.records()) {
        lines.add(r.canonicalName() + " " + e.ttl() + " IN " + e.type() + " " + e.data());
      }
    }
    return lines;
  }

  /**
   * One line per query: {@code ;; query www.example. A @127.0.0.1:53 udp: NOERROR, 0.412 ms, 1
   * records}; an answer from the cache: {@code ;; query www.example. A (cache): cached}.
   */
  List<String> traceLines() {
    List<String> lines = new ArrayList<>();
    for (DnsQueryEvent q : queries) {
      if (q.cached()) {
        lines.add(";; query " + q.name() + " " + q.type() + " (cache): " + q.outcome());
      } else {
        lines.add(
            ";; query "
                + q.name()
                + " "
                + q.type()
                + " @"
                + server(q)
                + " "
                + transport(q)
                + ": "
                + (q.rcode() < 0 ? "no answer" : rcode(q.rcode()))
                + ", "
                + Json.millis(q.took()).toPlainString()
                + " ms, "
                + q.outcome());
      }
    }
    return lines;
  }

  /** The JSON object, on one line (the schema is in {@link ResolveCommand}'s help footer). */
  String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("types", answers.stream().map(Answer::type).toList());
    Map<String, Object> byType = new LinkedHashMap<>();
    for (Answer a : answers) {
      Map<String, Object> t = new LinkedHashMap<>();
      DnsLookupResult r = a.result();
      t.put("outcome", a.outcome());
      t.put("canonical_name", r == null ? null : r.canonicalName());
      t.put("aliases", r == null ? List.of() : r.aliases());
      List<Map<String, Object>> records = new ArrayList<>();
      if (r != null) {
        for (DnsLookupResult.Entry e : r.records()) {
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("name", r.canonicalName());
          rec.put("type", e.type());
          rec.put("ttl", e.ttl());
          rec.put("data", e.data());
          records.add(rec);
        }
      }
      t.put("records", records);
      Errno errno = a.errno();
      t.put("errno", errno == null ? null : errno.name());
      t.put("message", a.error() == null ? null : message(a.error()));
      byType.put(a.type(), t);
    }
    m.put("answers", byType);
    List<Map<String, Object>> qs = new ArrayList<>();
    for (DnsQueryEvent q : queries) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("name", q.name());
      j.put("type", q.type());
      j.put("server", server(q));
      j.put("transport", transport(q));
      j.put("cached", q.cached());
      j.put("sent_ms", Json.millis(Duration.ofNanos(q.sentNanos() - startNanos)));
      j.put("took_ms", Json.millis(q.took()));
      j.put("rcode", q.rcode() < 0 ? null : rcode(q.rcode()));
      j.put("outcome", q.outcome());
      qs.add(j);
    }
    m.put("queries", qs);
    m.put("elapsed_ms", Json.millis(Duration.ofNanos(elapsedNanos)));
    return Json.write(m);
  }

  private static String message(@Nullable IOException e) {
    return e == null ? "" : String.valueOf(e.getMessage());
  }

  /** The server asked, as an endpoint; null for an answer from the cache. */
  private static @Nullable String server(DnsQueryEvent q) {
    InetSocketAddress s = q.server();
    return s == null ? null : InetEndpoint.of(s.getAddress(), s.getPort()).toString();
  }

  private static String transport(DnsQueryEvent q) {
    return q.cached() ? "cache" : q.tcp() ? "tcp" : "udp";
  }

  /** The response code's name (RFC 1035 section 4.1.1, RFC 6895 section 2.3). */
  static String rcode(int rcode) {
    return switch (rcode) {
      case 0 -> "NOERROR";
      case 1 -> "FORMERR";
      case 2 -> "SERVFAIL";
      case 3 -> "NXDOMAIN";
      case 4 -> "NOTIMP";
      case 5 -> "REFUSED";
      case 6 -> "YXDOMAIN";
      case 7 -> "YXRRSET";
      case 8 -> "NXRRSET";
      case 9 -> "NOTAUTH";
      case 10 -> "NOTZONE";
      default -> "RCODE" + rcode;
    };
  }
}
