package org.dial4j.loop;

import java.util.Arrays;
import java.util.Objects;

/**
 * A log-linear histogram of non-negative nanosecond values: 64 sub-buckets per power of two, so a
 * quantile is off by less than 1.6% (cconnect's bound, one bucket's width; the middle of a bucket
 * is in fact within 0.8% of every value in it), and the maximum is kept exactly.
 *
 * <p>The bucket scheme and the quantile rule are those of the C reference tool {@code cconnect}
 * ({@code struct hist}, {@code hist_add} and {@code hist_quantile} in {@code bench/cconnect.c}), so
 * that the quantiles dial4j reports can be set beside cconnect's without a conversion: values below
 * 64 each have a bucket of their own; above that, every power of two is split into 64 equal
 * buckets, and a quantile is the middle of the bucket that holds it, never more than the maximum.
 *
 * <p>{@link #record(long)} is O(1) and allocates nothing: the buckets are one {@code long[]} made
 * in the constructor. About 29 KiB per histogram, so keep one per loop, not one per connection.
 *
 * <p><b>Not thread-safe.</b> A histogram is owned by one event loop thread, which alone records
 * into it (single writer, no locks or volatile writes on the hot path). Another thread that wants
 * to read it asks the owning thread for a {@link #copy()} (for example by a task run on the loop)
 * and reads the copy.
 */
public final class LatencyHistogram {
  /** log2 of the number of sub-buckets per power of two (cconnect's {@code SUB_BITS}). */
  private static final int SUB_BITS = 6;

  /** Sub-buckets per power of two (cconnect's {@code SUB}). */
  private static final int SUB = 1 << SUB_BITS;

  /**
   * cconnect sizes its array for unsigned 64-bit values ({@code (64 - SUB_BITS + 1) * SUB}); a
   * non-negative Java long never has bit 63 set, so the last power of two is not needed. Every
   * index below is the same as cconnect's.
   */
  private static final int BUCKETS = (63 - SUB_BITS + 1) * SUB;

  private final long[] buckets;
  private long count;
  private long max;

  /** An empty histogram. */
  public LatencyHistogram() {
    this.buckets = new long[BUCKETS];
  }

  private LatencyHistogram(LatencyHistogram from) {
    this.buckets = from.buckets.clone();
    this.count = from.count;
    this.max = from.max;
  }

  /**
   * Records one value in nanoseconds. A negative value (a clock read out of order) is recorded as 0
   * rather than thrown on, because the caller is a loop that must not fail on a measurement.
   */
  public void record(long nanos) {
    long v = Math.max(0, nanos);
    buckets[indexOf(v)]++;
    count++;
    if (v > max) {
      max = v;
    }
  }

  /** cconnect's {@code hist_add} index: exact below 64, then 64 buckets per power of two. */
  private static int indexOf(long v) {
    if (v < SUB) {
      return (int) v;
    }
    int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
    return (shift + 1) * SUB + (int) ((v >>> shift) - SUB);
  }

  /** The number of values recorded. */
  public long count() {
    return count;
  }

  /** The largest value recorded, exactly, in nanoseconds; 0 when empty. */
  public long max() {
    return max;
  }

  /**
   * The value at quantile {@code q} in nanoseconds, by cconnect's {@code hist_quantile}: the bucket
   * that holds the value of rank {@code ceil(q * count)} (at least 1), reported as the exact value
   * below 64 and as the middle of the bucket above, but never more than {@link #max()}. Hence
   * {@code quantile(1)} is the maximum. An empty histogram gives 0.
   *
   * @param q the quantile, from 0 to 1 ({@code 0.99} for p99)
   * @throws IllegalArgumentException if {@code q} is not within 0..1
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("a quantile is within 0..1, not " + q);
    }
    // Same rounding as cconnect (not Math.ceil), so ranks agree to the last value.
    long want = Math.max(1, (long) (q * (double) count + 0.999999));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += buckets[i];
      if (seen >= want) {
        if (i < SUB) {
          return i;
        }
        int shift = i / SUB - 1;
        double lo = (double) ((long) (SUB + i % SUB) << shift);
        double mid = lo + (double) (1L << shift) / 2;
        return Math.min(mid, (double) max);
      }
    }
    return max;
  }

  /** Adds the counts of {@code other} into this one, as if its values had been recorded here. */
  public void merge(LatencyHistogram other) {
    Objects.requireNonNull(other, "other");
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] += other.buckets[i];
    }
    count += other.count;
    max = Math.max(max, other.max);
  }

  /** Forgets every value recorded, keeping the buckets' memory. */
  public void reset() {
    Arrays.fill(buckets, 0);
    count = 0;
    max = 0;
  }

  /**
   * An independent copy. Call it on the owning thread; the copy may then be handed to and read by
   * any thread.
   */
  public LatencyHistogram copy() {
    return new LatencyHistogram(this);
  }

  @Override
  public String toString() {
    return "LatencyHistogram[count=" + count + ", max=" + max + "ns]";
  }
}
