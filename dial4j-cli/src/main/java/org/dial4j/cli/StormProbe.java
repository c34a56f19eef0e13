package org.dial4j.cli;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LatencyHistogram;
import org.dial4j.loop.Status;
import org.jspecify.annotations.Nullable;

/**
 * {@code dial4j storm --hold -k SECS --probe MS}: while the held connections are kept, one connect
 * every MS milliseconds on loop 0 (the loop the control port serves), each from this thread as an
 * application thread would make it: the time from just before it is handed to the loop ({@link
 * EventLoop#execute}) to its CONNECTED callback, which a busy loop (an {@code fds} over every held
 * connection) delays. One connect at a time, each closed at once.
 */
final class StormProbe {
  private final EventLoop loop;
  private final InetEndpoint dst;
  private final @Nullable InetEndpoint src;
  private final long periodNanos;
  private final LatencyHistogram latency = new LatencyHistogram(); // the probe thread's, in turn
  private long failed;

  StormProbe(EventLoop loop, InetEndpoint dst, @Nullable InetEndpoint src, double periodMillis) {
    this.loop = loop;
    this.dst = dst;
    this.src = src;
    this.periodNanos = (long) (periodMillis * 1e6);
  }

  /** One probe's end, on the loop thread. */
  private static final class Shot {
    final long t0;
    final CountDownLatch done = new CountDownLatch(1);
    volatile long took = -1;

    Shot(long t0) {
      this.t0 = t0;
    }
  }

  private static final FdCallback CALLBACK =
      (fd, name, status, data) -> {
        Shot s = (Shot) Objects.requireNonNull(data, "a probe's data");
        if ((status & Status.CONNECTED) != 0) {
          s.took = System.nanoTime() - s.t0;
        }
        if ((status & (Status.CONNECTED | Status.FAILED)) != 0) {
          if ((status & Status.CONNECTED) != 0) {
            fd.close();
          }
          s.done.countDown();
        }
      };

  /** Probes until {@code stop} counts down; then the figures are final. */
  void run(CountDownLatch stop) throws InterruptedException {
    long next = System.nanoTime();
    while (!stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      next += periodNanos;
      Shot s = new Shot(System.nanoTime());
      loop.execute(() -> start(s));
      if (!s.done.await(10, TimeUnit.SECONDS)) {
        failed++;
        continue;
      }
      if (s.took >= 0) {
        latency.record(s.took);
      } else {
        failed++;
      }
    }
  }

  private void start(Shot s) {
    try {
      var _ = loop.connect("probe", CALLBACK, s, src, dst, Deadline.NEVER);
    } catch (java.io.IOException e) {
      s.done.countDown(); // counted as failed
    }
  }

  /** The probe's JSON line. */
  String json() {
    return String.format(
        Locale.ROOT,
        "{\"probe\":\"connect\",\"loop\":0,\"period_ms\":%.1f,\"count\":%d,\"failed\":%d,"
            + "\"latency_us\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f}}",
        periodNanos / 1e6,
        latency.count(),
        failed,
        latency.quantile(0.50) / 1e3,
        latency.quantile(0.90) / 1e3,
        latency.quantile(0.99) / 1e3,
        latency.max() / 1e3);
  }
}
