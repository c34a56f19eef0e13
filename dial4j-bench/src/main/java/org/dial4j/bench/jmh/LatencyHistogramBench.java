package org.dial4j.bench.jmh;

import java.util.SplittableRandom;
import org.dial4j.loop.LatencyHistogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link LatencyHistogram#record}, once per connect on a loop thread: values spread log-uniformly
 * from 1 us to 100 ms (so the bucket index varies as a storm's latencies do), taken in turn from a
 * table made at set-up; and {@link LatencyHistogram#quantile}, read once per report.
 */
public class LatencyHistogramBench extends MicroBench {
  private static final int VALUES = 4096;

  private final LatencyHistogram histogram = new LatencyHistogram();
  private final long[] values = new long[VALUES];
  private int next;

  /** The values, and a histogram holding them all for the quantile. */
  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(14);
    for (int i = 0; i < VALUES; i++) {
      values[i] = (long) Math.pow(10, 3 + 5 * r.nextDouble());
      histogram.record(values[i]);
    }
  }

  /** One value recorded. */
  @Benchmark
  public void record() {
    histogram.record(values[next++ & (VALUES - 1)]);
  }

  /** The 99th percentile of what is recorded. */
  @Benchmark
  public double quantile99() {
    return histogram.quantile(0.99);
  }
}
