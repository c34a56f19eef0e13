package org.dial4j.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * The connect counters of one event loop: attempts, successes with their latency, and failures by
 * errno. What the control port's {@code stats} command prints (see {@link #lines()}).
 *
 * <p>The record methods ({@link #attempt()}, {@link #success(long)}, {@link #failure(int)}) touch
 * only primitive fields and fixed arrays, so counting allocates nothing however busy the loop.
 *
 * <p><b>Not thread-safe.</b> One instance per loop, written by the loop's thread alone. Another
 * thread reads a {@link #copy()} made on the loop thread; totals across loops are copies {@link
 * #merge merged} together.
 */
public final class ConnectStats {
  /** One slot per Linux errno number (1..133, as {@link Errno}); slot 0 counts unknown numbers. */
  private static final int SLOTS = 134;

  /** The key under which failures with a number Linux does not define are counted. */
  private static final String UNKNOWN = "unknown";

  /** Names by number, made once so that a failure is counted without a lookup or an Optional. */
  private static final @Nullable String[] NAMES = new String[SLOTS];

  static {
    NAMES[0] = UNKNOWN;
    for (int n = 1; n < SLOTS; n++) {
      // Numbers Linux leaves unused (41, 58) stay null and are counted as unknown.
      NAMES[n] = Errno.lookup(n).map(Errno::name).orElse(null);
    }
  }

  private final long[] failuresByNumber;
  private final LatencyHistogram latency;
  private long attempts;
  private long successes;
  private long failures;

  /** Empty counters. */
  public ConnectStats() {
    this.failuresByNumber = new long[SLOTS];
    this.latency = new LatencyHistogram();
  }

  private ConnectStats(ConnectStats from) {
    this.failuresByNumber = from.failuresByNumber.clone();
    this.latency = from.latency.copy();
    this.attempts = from.attempts;
    this.successes = from.successes;
    this.failures = from.failures;
  }

  /** Counts one connect attempt begun. */
  public void attempt() {
    attempts++;
  }

  /** Counts one connect that succeeded after {@code latencyNanos} (negative is taken as 0). */
  public void success(long latencyNanos) {
    successes++;
    latency.record(latencyNanos);
  }

  /**
   * Counts one connect that failed with {@code errno}. A number Linux does not define (0, a
   * negative number, above 133, or an unused one) is counted as {@code unknown}, since a counter
   * must not throw on the loop.
   */
  public void failure(int errno) {
    failures++;
    int slot = errno > 0 && errno < SLOTS && NAMES[errno] != null ? errno : 0;
    failuresByNumber[slot]++;
  }

  /** Connect attempts begun. */
  public long attempts() {
    return attempts;
  }

  /** Connects that succeeded. */
  public long successes() {
    return successes;
  }

  /** Connects that failed, with any errno. */
  public long failures() {
    return failures;
  }

  /**
   * The failures by errno name ({@link Errno#name()}, e.g. {@code ECONNREFUSED}), plus {@code
   * unknown} for numbers Linux does not define; only errors seen at least once. A new map each
   * call, in name order (so {@code unknown}, lower case, comes last).
   */
  public SortedMap<String, Long> failuresByErrno() {
    SortedMap<String, Long> byName = new TreeMap<>();
    for (int n = 0; n < SLOTS; n++) {
      if (failuresByNumber[n] != 0) {
        byName.put(NAMES[n], failuresByNumber[n]);
      }
    }
    return byName;
  }

  /**
   * The latency of successful connects: the live histogram, subject to the same single-writer rule
   * as this object (take a {@link #copy()} to read from another thread).
   */
  public LatencyHistogram latency() {
    return latency;
  }

  /** Adds the counters of {@code other} into these (totals over several loops). */
  public void merge(ConnectStats other) {
    Objects.requireNonNull(other, "other");
    for (int n = 0; n < SLOTS; n++) {
      failuresByNumber[n] += other.failuresByNumber[n];
    }
    latency.merge(other.latency);
    attempts += other.attempts;
    successes += other.successes;
    failures += other.failures;
  }

  /**
   * An independent copy, histogram included. Call it on the owning loop's thread; the copy may then
   * be read by any thread.
   */
  public ConnectStats copy() {
    return new ConnectStats(this);
  }

  /**
   * The control port's {@code stats} output, one string per line without line ends:
   *
   * <pre>
   * attempts 1200
   * successes 1000
   * failures 200
   * failure ECONNREFUSED 150
   * failure ETIMEDOUT 50
   * latency_us p50 24.1 p90 30.2 p99 55.0 max 120.3 (n=1000)
   * </pre>
   *
   * <p>One {@code failure} line per errno seen, in the order of {@link #failuresByErrno()}.
   * Latencies are in microseconds with one decimal, as cconnect prints them; {@code latency_us
   * none} when nothing succeeded. Numbers are formatted in {@link Locale#ROOT}, so the output
   * parses the same everywhere.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("attempts " + attempts);
    lines.add("successes " + successes);
    lines.add("failures " + failures);
    failuresByErrno().forEach((name, n) -> lines.add("failure " + name + " " + n));
    if (latency.count() == 0) {
      lines.add("latency_us none");
    } else {
      lines.add(
          String.format(
              Locale.ROOT,
              "latency_us p50 %.1f p90 %.1f p99 %.1f max %.1f (n=%d)",
              latency.quantile(0.50) / 1e3,
              latency.quantile(0.90) / 1e3,
              latency.quantile(0.99) / 1e3,
              latency.max() / 1e3,
              latency.count()));
    }
    return List.copyOf(lines);
  }

  @Override
  public String toString() {
    return "ConnectStats[attempts="
        + attempts
        + ", successes="
        + successes
        + ", failures="
        + failures
        + "]";
  }
}
