package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * LatencyHistogram against sorted samples. The true quantile is the value of rank {@code ceil(q *
 * n)} (cconnect's rank rule), so the only difference left is the bucket's width.
 */
class LatencyHistogramTest {
  private static final int N = 100_000;
  private static final double[] QUANTILES = {
    0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1
  };

  @Test
  @DisplayName("an empty histogram has no count, no max, and every quantile is 0")
  void empty() {
    LatencyHistogram h = new LatencyHistogram();
    assertThat(h.count()).isZero();
    assertThat(h.max()).isZero();
    assertThat(h.quantile(0.5)).isZero();
    assertThat(h.quantile(1)).isZero();
  }

  @Test
  @DisplayName("values below 64 are exact, and the rank is ceil(q * count)")
  void smallValuesAreExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 5; v++) {
      h.record(v);
    }
    assertThat(h.count()).isEqualTo(5);
    assertThat(h.max()).isEqualTo(5);
    assertThat(h.quantile(0)).isEqualTo(1.0);
    assertThat(h.quantile(0.2)).isEqualTo(1.0);
    assertThat(h.quantile(0.21)).isEqualTo(2.0);
    assertThat(h.quantile(0.5)).isEqualTo(3.0);
    assertThat(h.quantile(1)).isEqualTo(5.0);

    LatencyHistogram all = new LatencyHistogram();
    for (long v = 0; v < 64; v++) {
      all.record(v);
    }
    for (int rank = 1; rank <= 64; rank++) {
      assertThat(all.quantile(rank / 64.0)).isEqualTo(rank - 1.0);
    }
  }

  @Test
  @DisplayName("above 64 a quantile is the middle of its bucket, but never more than the max")
  void middleOfBucketCappedAtMax() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(1000); // bucket [1000, 1008): 64 buckets of 8 between 512 and 1024
    assertThat(h.quantile(0.5)).isEqualTo(1000.0);
    h.record(2000);
    assertThat(h.quantile(0.5)).isEqualTo(1004.0);
    assertThat(h.quantile(1)).isEqualTo(2000.0);
    assertThat(h.max()).isEqualTo(2000);
  }

  @Test
  @DisplayName("uniform sample: every quantile within 1.6%, max exact")
  void uniform() {
    SplittableRandom random = new SplittableRandom(20240501L);
    checkAgainstSortedSample(() -> random.nextLong(0, 10_000_000L));
  }

  @Test
  @DisplayName("log-normal sample (median 50 us, sigma 1): every quantile within 1.6%, max exact")
  void logNormal() {
    SplittableRandom random = new SplittableRandom(7L);
    double mu = Math.log(50_000);
    checkAgainstSortedSample(() -> (long) Math.exp(mu + random.nextGaussian()));
  }

  private static void checkAgainstSortedSample(LongSupplier values) {
    long[] sample = new long[N];
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < N; i++) {
      sample[i] = values.getAsLong();
      h.record(sample[i]);
    }
    Arrays.sort(sample);
    assertThat(h.count()).isEqualTo(N);
    assertThat(h.max()).isEqualTo(sample[N - 1]);
    for (double q : QUANTILES) {
      long exact = sample[(int) Math.max(1, Math.ceil(q * N)) - 1];
      assertThat(h.quantile(q)).as("q=%s", q).isCloseTo((double) exact, within(0.016 * exact));
    }
  }

  @Test
  @DisplayName("merge gives the same histogram as recording both samples into one")
  void mergeEqualsRecordingBoth() {
    SplittableRandom random = new SplittableRandom(99L);
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    LatencyHistogram both = new LatencyHistogram();
    for (int i = 0; i < 10_000; i++) {
      long fast = random.nextLong(0, 100_000L);
      long slow = (long) Math.exp(Math.log(5_000_000) + random.nextGaussian());
      a.record(fast);
      b.record(slow);
      both.record(fast);
      both.record(slow);
    }
    long bCount = b.count();
    long bMax = b.max();
    a.merge(b);
    assertSameHistogram(a, both);
    assertThat(b.count()).isEqualTo(bCount);
    assertThat(b.max()).isEqualTo(bMax);

    LatencyHistogram empty = new LatencyHistogram();
    empty.merge(both);
    assertSameHistogram(empty, both);
  }

  @Test
  @DisplayName("0 and Long.MAX_VALUE are recorded; the max stays exact")
  void zeroAndHuge() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(0);
    assertThat(h.quantile(1)).isZero();
    h.record(Long.MAX_VALUE);
    assertThat(h.count()).isEqualTo(2);
    assertThat(h.max()).isEqualTo(Long.MAX_VALUE);
    assertThat(h.quantile(0.5)).isZero();
    double top = h.quantile(1);
    assertThat(top).isCloseTo((double) Long.MAX_VALUE, within(0.016 * Long.MAX_VALUE));
    assertThat(top).isLessThanOrEqualTo((double) Long.MAX_VALUE);
  }

  @Test
  @DisplayName("negative values are recorded as 0")
  void negativeClampedToZero() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(-5);
    h.record(Long.MIN_VALUE);
    assertThat(h.count()).isEqualTo(2);
    assertThat(h.max()).isZero();
    assertThat(h.quantile(1)).isZero();
  }

  @Test
  @DisplayName("copy is independent of the original; reset empties it")
  void copyAndReset() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(500);
    h.record(70_000);
    LatencyHistogram copy = h.copy();
    h.record(9_000_000);
    assertThat(copy.count()).isEqualTo(2);
    assertThat(copy.max()).isEqualTo(70_000);
    h.reset();
    assertThat(h.count()).isZero();
    assertThat(h.max()).isZero();
    assertThat(h.quantile(0.99)).isZero();
    assertThat(copy.count()).isEqualTo(2);
    h.record(3);
    assertThat(h.quantile(1)).isEqualTo(3.0);
  }

  @Test
  @DisplayName("a quantile outside 0..1 is refused")
  void quantileOutOfRange() {
    LatencyHistogram h = new LatencyHistogram();
    assertThatThrownBy(() -> h.quantile(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.quantile(1.01)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSameHistogram(LatencyHistogram actual, LatencyHistogram expected) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.max()).isEqualTo(expected.max());
    for (int i = 0; i <= 1000; i++) {
      double q = i / 1000.0;
      assertThat(actual.quantile(q)).as("q=%s", q).isEqualTo(expected.quantile(q));
    }
  }
}
