package org.dial4j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.dial.DialEvent;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;

/**
 * One {@link DialEvent} as an object of {@code dial4j dial --json}'s {@code events}: {@code at_ms},
 * {@code event} (the record's name in snake case) and the record's details, with families as {@code
 * "IPv4"}/{@code "IPv6"}, endpoints as text and durations in milliseconds.
 */
final class DialEventFields {
  private DialEventFields() {}

  /** The event's short name, e.g. {@code attempt_start} for {@link DialEvent.AttemptStart}. */
  static String name(DialEvent event) {
    return event
        .getClass()
        .getSimpleName()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT);
  }

  static Map<String, Object> of(DialEvent event) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at_ms", Json.millis(event.at()));
    m.put("event", name(event));
    switch (event) {
      case DialEvent.ResolveStart e -> {
        m.put("host", e.host());
        m.put("families", e.families().stream().map(DialEventFields::family).toList());
      }
      case DialEvent.ResolveAnswer e -> {
        m.put("family", family(e.family()));
        m.put("addresses", text(e.addresses()));
      }
      case DialEvent.ResolveFailed e -> {
        m.put("family", family(e.family()));
        error(m, e.error());
      }
      case DialEvent.ResolveCancelled e -> m.put("family", family(e.family()));
      case DialEvent.ResolveEnd e -> m.put("plan", text(e.plan()));
      case DialEvent.AttemptStart e -> {
        attempt(m, e.attempt(), e.target());
        m.put("source", e.source());
      }
      case DialEvent.MultipathFallback e -> {
        attempt(m, e.attempt(), e.target());
        m.put("errno", e.refused().name());
      }
      case DialEvent.AttemptConnected e -> {
        attempt(m, e.attempt(), e.target());
        m.put("local", e.local());
        m.put("took_ms", Json.millis(e.took()));
      }
      case DialEvent.AttemptFailed e -> {
        attempt(m, e.attempt(), e.target());
        m.put("errno", e.errno().name());
        m.put("message", e.error().getMessage());
        m.put("took_ms", Json.millis(e.took()));
      }
      case DialEvent.AttemptCancelled e -> {
        attempt(m, e.attempt(), e.target());
        m.put("took_ms", Json.millis(e.took()));
        m.put("late_success", e.lateSuccess());
      }
      case DialEvent.DnsQuery e -> {
        m.put("family", family(e.family()));
        m.put("name", e.query().name());
        m.put("type", e.query().type());
        InetSocketAddress server = e.query().server();
        m.put("server", server == null ? null : server.toString());
        m.put(
            "transport",
            e.query().cached()
                ? "cache"
                : server == null ? "libc" : e.query().tcp() ? "tcp" : "udp");
        m.put("took_ms", Json.millis(e.query().took()));
        m.put("rcode", e.query().rcode());
        m.put("outcome", e.query().outcome());
      }
      case DialEvent.ServiceAnswer e ->
          m.put("bindings", e.bindings().stream().map(Object::toString).toList());
      case DialEvent.Won e -> {
        attempt(m, e.attempt(), e.remote());
        m.put("local", e.local());
        if (e.binding() != null) {
          m.put("service", e.binding().toString());
        }
      }
      case DialEvent.Failed e -> error(m, e.error());
    }
    return m;
  }

  private static void attempt(Map<String, Object> m, int attempt, InetEndpoint address) {
    m.put("attempt", attempt);
    m.put("family", family(address.family()));
    m.put("address", address);
  }

  private static void error(Map<String, Object> m, IOException error) {
    m.put("errno", NetError.errnoOf(error).map(Errno::name).orElse(null));
    m.put("message", error.getMessage());
  }

  static String family(Family f) {
    return f == Family.INET ? "IPv4" : "IPv6";
  }

  private static List<String> text(List<InetEndpoint> endpoints) {
    return endpoints.stream().map(InetEndpoint::toString).toList();
  }
}
