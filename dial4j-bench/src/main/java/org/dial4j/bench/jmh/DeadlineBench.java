package org.dial4j.bench.jmh;

import java.time.Duration;
import org.dial4j.Deadline;
import org.dial4j.MonotonicClock;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@link Deadline} arithmetic on an injected clock (a field read, so the figures are the
 * arithmetic's, not {@code System.nanoTime}'s): making one from a timeout, the time left, epoll's
 * timeout in whole milliseconds rounded up, and the earlier of two.
 */
public class DeadlineBench extends MicroBench {
  private long now = 1_000_000_000L;
  private final MonotonicClock clock = () -> now;
  private Duration timeout = Duration.ofMillis(1500);
  private Deadline soon = Deadline.at(1_250_000_001L);
  private Deadline later = Deadline.at(1_500_000_000L);

  /** {@code Deadline.after(1.5 s, clock)}. */
  @Benchmark
  public Deadline after() {
    return Deadline.after(timeout, clock);
  }

  /** Nanoseconds left. */
  @Benchmark
  public long remainingNanos() {
    return soon.remainingNanos(clock);
  }

  /** The epoll timeout: whole milliseconds, rounded up. */
  @Benchmark
  public int pollTimeoutMillis() {
    return soon.pollTimeoutMillis(clock);
  }

  /** The earlier of two points in time. */
  @Benchmark
  public Deadline earliest() {
    return later.earliest(soon);
  }

  /** Whether it has passed. */
  @Benchmark
  public boolean hasPassed() {
    return soon.hasPassed(clock);
  }
}
