package org.dial4j.soak;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.dial4j.loop.LatencyHistogram;

/**
 * What a soak counted: each attempt's end by phase, fault, face and outcome; how late each
 * ETIMEDOUT came after its deadline; the accounting before and after; every anomaly (the first
 * {@value #KEPT} with their text). Thread-safe. A child writes it as tab-separated lines on its
 * standard output ({@link #write}), the parent reads them back ({@link #read}) and adds them up.
 */
final class Tally {
  /** How many anomalies keep their text; the rest are counted. */
  static final int KEPT = 60;

  private static final String PREFIX = "soak";

  /** One count's key. */
  record Key(Phase phase, Fault fault, Face face, String outcome) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = phase.compareTo(o.phase);
      c = c != 0 ? c : fault.compareTo(o.fault);
      c = c != 0 ? c : face.compareTo(o.face);
      return c != 0 ? c : outcome.compareTo(o.outcome);
    }
  }

  /** How late ETIMEDOUT came, in nanoseconds, on one face of one phase. */
  record Overshoot(long count, long p50, long p99, long p999, long max) {}

  /** One accounting figure: at a point of a phase ({@code start}, {@code before}, ...). */
  record Figure(Phase phase, String point, String key, long value) {}

  private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<Phase, Map<Face, LatencyHistogram>> histograms = new ConcurrentHashMap<>();
  private final Map<String, Overshoot> overshoots = new ConcurrentHashMap<>();
  private final LongAdder anomalies = new LongAdder();
  private final List<String> anomalyTexts = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<Phase, Long> elapsedNanos = new ConcurrentHashMap<>();

  /** Counts one attempt's end. */
  void count(Phase phase, Fault fault, Face face, String outcome) {
    add(new Key(phase, fault, face, outcome), 1);
  }

  private void add(Key key, long n) {
    counts.computeIfAbsent(key, k -> new LongAdder()).add(n);
  }

  /** Records how late an ETIMEDOUT came; a negative value is an anomaly, recorded by the caller. */
  void overshoot(Phase phase, Face face, long nanos) {
    LatencyHistogram h =
        histograms
            .computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
            .computeIfAbsent(face, f -> new LatencyHistogram());
    synchronized (h) {
      h.record(nanos);
    }
  }

  /** Records an anomaly: anything the soak did not expect. */
  void anomaly(String text) {
    anomalies.increment();
    synchronized (anomalyTexts) {
      if (anomalyTexts.size() < KEPT) {
        anomalyTexts.add(text.replace('\t', ' ').replace('\n', ' '));
      }
    }
  }

  void figure(Phase phase, String point, String key, long value) {
    synchronized (figures) {
      figures.add(new Figure(phase, point, key, value));
    }
  }

  /** A line of fact for the report (how many ports were held, how many rounds ran, ...). */
  void note(String text) {
    synchronized (notes) {
      notes.add(text.replace('\t', ' ').replace('\n', ' '));
    }
  }

  void elapsed(Phase phase, long nanos) {
    elapsedNanos.merge(phase, nanos, Long::sum);
  }

  long anomalies() {
    return anomalies.sum();
  }

  List<String> anomalyTexts() {
    synchronized (anomalyTexts) {
      return List.copyOf(anomalyTexts);
    }
  }

  List<Figure> figures() {
    synchronized (figures) {
      return List.copyOf(figures);
    }
  }

  List<String> notes() {
    synchronized (notes) {
      return List.copyOf(notes);
    }
  }

  Map<Phase, Long> elapsed() {
    return new TreeMap<>(elapsedNanos);
  }

  /** Every count, in order of phase, fault, face and outcome. */
  SortedMap<Key, Long> counts() {
    SortedMap<Key, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /**
   * The overshoot of each phase and face ({@code phase/face}), and of each phase ({@code phase}).
   */
  SortedMap<String, Overshoot> overshoots() {
    SortedMap<String, Overshoot> out = new TreeMap<>(overshoots);
    histograms.forEach(
        (phase, byFace) -> {
          LatencyHistogram all = new LatencyHistogram();
          byFace.forEach(
              (face, h) -> {
                LatencyHistogram copy;
                synchronized (h) {
                  copy = h.copy();
                }
                out.put(phase.label() + "/" + face.label(), summary(copy));
                all.merge(copy);
              });
          out.put(phase.label(), summary(all));
        });
    return out;
  }

  private static Overshoot summary(LatencyHistogram h) {
    return new Overshoot(
        h.count(),
        (long) h.quantile(0.50),
        (long) h.quantile(0.99),
        (long) h.quantile(0.999),
        h.max());
  }

  /** Writes everything as lines a parent {@link #read}s. */
  void write(PrintStream out) {
    counts()
        .forEach(
            (k, n) ->
                line(
                    out,
                    "count",
                    k.phase().label(),
                    k.fault().label(),
                    k.face().label(),
                    k.outcome(),
                    Long.toString(n)));
    overshoots()
        .forEach(
            (where, o) ->
                line(
                    out,
                    "overshoot",
                    where,
                    Long.toString(o.count()),
                    Long.toString(o.p50()),
                    Long.toString(o.p99()),
                    Long.toString(o.p999()),
                    Long.toString(o.max())));
    for (Figure f : figures()) {
      line(out, "figure", f.phase().label(), f.point(), f.key(), Long.toString(f.value()));
    }
    elapsedNanos.forEach((p, n) -> line(out, "elapsed", p.label(), Long.toString(n)));
    for (String n : notes()) {
      line(out, "note", n);
    }
    line(out, "anomalies", Long.toString(anomalies()));
    for (String a : anomalyTexts()) {
      line(out, "anomaly", a);
    }
    out.flush();
  }

  private static void line(PrintStream out, String... fields) {
    out.println(PREFIX + "\t" + String.join("\t", fields));
  }

  /**
   * Adds what a child wrote ({@link #write}) to this tally; lines of other output are skipped.
   * Returns how many of the child's lines were read.
   */
  int read(String output) {
    int read = 0;
    long childAnomalies = 0;
    int childTexts = 0;
    for (String line : output.split("\n", -1)) {
      String[] f = line.split("\t", -1);
      if (f.length < 2 || !f[0].equals(PREFIX)) {
        continue;
      }
      read++;
      switch (f[1]) {
        case "count" ->
            add(
                new Key(Phase.ofLabel(f[2]), Fault.ofLabel(f[3]), Face.ofLabel(f[4]), f[5]),
                Long.parseLong(f[6]));
        case "overshoot" ->
            overshoots.put(
                f[2],
                new Overshoot(
                    Long.parseLong(f[3]),
                    Long.parseLong(f[4]),
                    Long.parseLong(f[5]),
                    Long.parseLong(f[6]),
                    Long.parseLong(f[7])));
        case "figure" -> figure(Phase.ofLabel(f[2]), f[3], f[4], Long.parseLong(f[5]));
        case "elapsed" -> elapsed(Phase.ofLabel(f[2]), Long.parseLong(f[3]));
        case "note" -> note(f[2]);
        case "anomalies" -> childAnomalies = Long.parseLong(f[2]);
        case "anomaly" -> {
          childTexts++;
          anomaly(f[2]);
        }
        default -> anomaly("a child wrote a line the parent does not know: " + line);
      }
    }
    // The anomalies the child counted beyond the texts it kept.
    for (long i = childTexts; i < childAnomalies; i++) {
      anomalies.increment();
    }
    return read;
  }

  @Override
  public String toString() {
    return "Tally[" + counts.size() + " counts, " + anomalies() + " anomalies]";
  }

  /** The attempts counted, optionally of one phase only (null: all). */
  long attempts(Phase phase) {
    long n = 0;
    for (Map.Entry<Key, Long> e : counts().entrySet()) {
      if (phase == null || Objects.equals(e.getKey().phase(), phase)) {
        n += e.getValue();
      }
    }
    return n;
  }
}
