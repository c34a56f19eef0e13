package org.dial4j.control;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.Timer;

/**
 * How long a loop keeps its timers waiting: a timer that re-arms itself every millisecond and keeps
 * the worst lateness (when it ran minus when it was due). A turn of the loop runs its timers after
 * the callbacks of that turn, so the lateness is what those callbacks took, plus the timer's own
 * millisecond granularity.
 */
final class StallProbe implements AutoCloseable {
  private static final Duration PERIOD = Duration.ofMillis(1);

  private final EventLoop loop;
  private final AtomicLong worstNanos = new AtomicLong();
  private final AtomicLong ticks = new AtomicLong();
  private volatile boolean stopped;

  /** Only touched on the loop thread. */
  private Timer timer;

  private long dueNanos;

  private StallProbe(EventLoop loop) {
    this.loop = loop;
  }

  /** Starts probing {@code loop}. */
  static StallProbe start(EventLoop loop) throws Exception {
    StallProbe p = new StallProbe(loop);
    loop.submit(
            () -> {
              p.arm();
              return null;
            })
        .get(5, TimeUnit.SECONDS);
    return p;
  }

  private void arm() {
    if (stopped) {
      return;
    }
    dueNanos = System.nanoTime() + PERIOD.toNanos();
    timer = loop.schedule(this::tick, PERIOD);
  }

  private void tick() {
    long late = System.nanoTime() - dueNanos;
    worstNanos.accumulateAndGet(late, Math::max);
    ticks.incrementAndGet();
    arm();
  }

  /** The worst lateness so far. */
  Duration worst() {
    return Duration.ofNanos(worstNanos.get());
  }

  /** How many times the timer has run. */
  long ticks() {
    return ticks.get();
  }

  /** Forgets the worst lateness so far. */
  void reset() {
    worstNanos.set(0);
  }

  /** Stops the timer (and waits for the loop to have cancelled it). */
  @Override
  public void close() throws java.io.IOException {
    stopped = true;
    if (loop.isRunning()) {
      try {
        loop.submit(
                () -> {
                  if (timer != null) {
                    timer.cancel();
                  }
                  return null;
                })
            .get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while stopping the probe");
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new java.io.IOException("the probe's timer could not be cancelled", e);
      }
    }
  }
}
