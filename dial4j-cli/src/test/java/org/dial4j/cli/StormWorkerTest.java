package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.Resolver;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LatencyHistogram;
import org.dial4j.loop.LogLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StormWorker} driven directly: what its {@code --dialer} latency measures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StormWorkerTest {

  @Test
  @DisplayName(
      "storm --dialer: the latency is each dial's own, from the call to its callback: a name"
          + " answered 30 ms late (a loop timer) shows in every dial, one sample per success,"
          + " and not in the loop's connect latency")
  void dialLatencyIsTheDials() throws Exception {
    long late = Duration.ofMillis(30).toNanos();
    try (AcceptAndClose server = AcceptAndClose.on(1);
        EventLoop loop =
            EventLoop.builder()
                .name("storm-worker-test")
                .logLevel(LogLevel.ERROR)
                .build()
                .start()) {
      InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      // Every lookup answers 30 ms after it was asked, on the loop's timer: no cache, no sleep.
      Resolver slow =
          (host, family, deadline) -> {
            CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
            loop.schedule(() -> f.complete(List.of(lo)), Duration.ofNanos(late));
            return f;
          };
      Dialer dialer = Dialer.builder().loop(loop).resolver(slow).build();
      InetEndpoint dst = Endpoint.parseInet("127.0.0.1:" + server.port());
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch finished = new CountDownLatch(1);
      StormWorker w =
          new StormWorker(
              loop,
              0,
              1,
              8,
              40,
              new InetEndpoint[] {dst},
              new InetEndpoint[0],
              false,
              System.nanoTime() + Duration.ofSeconds(50).toNanos(),
              started,
              finished,
              new CountDownLatch(1),
              0,
              new Dialer[] {dialer},
              Endpoint.parse(Network.TCP4, "late.test:" + server.port()));
      loop.execute(w::start);
      assertThat(finished.await(50, TimeUnit.SECONDS)).isTrue();
      assertThat(w.ok()).isEqualTo(40);
      LatencyHistogram dials = w.dialLatency();
      assertThat(dials.count()).isEqualTo(40);
      // The smallest dial took the resolver's 30 ms at least (the histogram's buckets are within
      // a few percent), which the loop's socket()-to-SO_ERROR latency never includes.
      assertThat(dials.quantile(0)).isGreaterThanOrEqualTo(0.95 * late);
      assertThat(w.stats().latency().count()).isEqualTo(40);
      assertThat(w.stats().latency().quantile(0)).isLessThan(dials.quantile(0));
    }
  }
}
