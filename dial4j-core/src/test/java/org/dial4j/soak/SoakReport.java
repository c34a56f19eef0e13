package org.dial4j.soak;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A soak's {@link Tally} as Markdown: the figures RELIABILITY.md's "The soak" quotes. */
final class SoakReport {
  private SoakReport() {}

  static String markdown(Tally t, ReliabilitySoak.Options o, Instant started, Duration elapsed) {
    StringBuilder b = new StringBuilder();
    long attempts = t.attempts(null);
    b.append(
        String.format(
            Locale.ROOT,
            "Soak of %,d attempts (seed %d, %d in flight%s), started %s, %.1f s in all;"
                + " %d anomalies.%n%n",
            attempts,
            o.seed(),
            o.concurrency(),
            o.syscalls() == null ? "" : ", system calls " + o.syscalls(),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                    started.atOffset(ZoneOffset.UTC).withNano(0))
                + " UTC",
            elapsed.toMillis() / 1000.0,
            t.anomalies()));
    phases(b, t);
    byFace(b, t);
    byFault(b, t);
    accounting(b, t);
    overshoot(b, t);
    if (!t.notes().isEmpty()) {
      b.append("Notes:\n\n");
      t.notes().forEach(n -> b.append("- ").append(n).append('\n'));
      b.append('\n');
    }
    b.append("Anomalies: ").append(t.anomalies()).append('\n');
    t.anomalyTexts().forEach(a -> b.append("- ").append(a).append('\n'));
    return b.toString();
  }

  private static void phases(StringBuilder b, Tally t) {
    b.append("| phase | attempts | time (s) | attempts/s |\n|---|---:|---:|---:|\n");
    t.elapsed()
        .forEach(
            (p, nanos) -> {
              long n = t.attempts(p);
              b.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %,d | %.1f | %,.0f |%n",
                      p.label(),
                      n,
                      nanos / 1e9,
                      n / (nanos / 1e9)));
            });
    b.append('\n');
  }

  private static void byFace(StringBuilder b, Tally t) {
    Map<Face, SortedMap<String, Long>> rows = new TreeMap<>();
    t.counts()
        .forEach(
            (k, n) ->
                rows.computeIfAbsent(k.face(), f -> new TreeMap<>())
                    .merge(k.outcome(), n, Long::sum));
    b.append("| face | attempts | outcomes |\n|---|---:|---|\n");
    rows.forEach(
        (face, outcomes) ->
            b.append("| ")
                .append(face.label())
                .append(" | ")
                .append(String.format(Locale.ROOT, "%,d", sum(outcomes)))
                .append(" | ")
                .append(list(outcomes))
                .append(" |\n"));
    b.append('\n');
  }

  private static void byFault(StringBuilder b, Tally t) {
    Map<String, SortedMap<String, Long>> rows = new LinkedHashMap<>();
    Map<String, SortedMap<String, Long>> faces = new LinkedHashMap<>();
    t.counts()
        .forEach(
            (k, n) -> {
              String row = k.phase().label() + " | " + k.fault().label();
              rows.computeIfAbsent(row, r -> new TreeMap<>()).merge(k.outcome(), n, Long::sum);
              faces
                  .computeIfAbsent(row, r -> new TreeMap<>())
                  .merge(k.face().label(), n, Long::sum);
            });
    b.append("| phase | fault | attempts | outcomes | faces |\n|---|---|---:|---|---|\n");
    rows.forEach(
        (row, outcomes) ->
            b.append("| ")
                .append(row)
                .append(" | ")
                .append(String.format(Locale.ROOT, "%,d", sum(outcomes)))
                .append(" | ")
                .append(list(outcomes))
                .append(" | ")
                .append(list(faces.get(row)))
                .append(" |\n"));
    b.append('\n');
  }

  private static void accounting(StringBuilder b, Tally t) {
    Map<String, Map<String, Map<String, Long>>> byPhase = new LinkedHashMap<>();
    for (Tally.Figure f : t.figures()) {
      byPhase
          .computeIfAbsent(f.phase().label(), p -> new LinkedHashMap<>())
          .computeIfAbsent(f.point(), p -> new LinkedHashMap<>())
          .put(f.key(), f.value());
    }
    b.append(
        "| phase | point | descriptors | threads | loop registrations, timers | dials in"
            + " progress | poller waiters | heap after GC (MiB) |\n"
            + "|---|---|---|---|---|---:|---:|---:|\n");
    byPhase.forEach(
        (phase, points) ->
            points.forEach(
                (point, figures) -> {
                  String fds = kinds(figures, "fd ");
                  String threads = kinds(figures, "thread ");
                  Long heap = figures.get("heap");
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                          phase,
                          point,
                          fds,
                          threads,
                          figures.containsKey("loop registrations")
                              ? figures.get("loop registrations")
                                  + ", "
                                  + figures.get("loop timers")
                              : "",
                          figures.getOrDefault("dials in progress", null) == null
                              ? ""
                              : figures.get("dials in progress"),
                          figures.getOrDefault("poller waiters", null) == null
                              ? ""
                              : figures.get("poller waiters"),
                          heap == null
                              ? ""
                              : String.format(Locale.ROOT, "%.1f", heap / 1048576.0)));
                }));
    b.append('\n');
  }

  private static String kinds(Map<String, Long> figures, String prefix) {
    return figures.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getKey().substring(prefix.length()) + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void overshoot(StringBuilder b, Tally t) {
    SortedMap<String, Tally.Overshoot> o = t.overshoots();
    if (o.isEmpty()) {
      return;
    }
    b.append(
        """
        ETIMEDOUT after its deadline (full-queue timeouts, seen where the caller receives it):

        | where | timeouts | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) |
        |---|---:|---:|---:|---:|---:|
        """);
    o.forEach(
        (where, s) ->
            b.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.3f | %.3f | %.3f | %.3f |%n",
                    where,
                    s.count(),
                    s.p50() / 1e6,
                    s.p99() / 1e6,
                    s.p999() / 1e6,
                    s.max() / 1e6)));
    b.append('\n');
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String list(Map<String, Long> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %,d", k, v)));
    return String.join(", ", parts);
  }
}
