package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LogLevel;
import org.dial4j.loop.Status;
import org.dial4j.testing.Await;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The measurement: fifteen control clients that pipeline {@code fds} (one full read of the
 * port each, 2,048 lines) and never read, on a loop that holds 1,000 connections, while the loop
 * also runs a 1 ms timer and makes a connect every 5 ms. Reports the worst timer lateness and the
 * worst connect latency (connect call to CONNECTED callback), and bounds both.
 */
class ControlAbuse15Test {
  private static final int ABUSERS = 15;
  private static final Duration BOUND = Duration.ofSeconds(60);

  private EventLoop loop;
  private ControlPort port;

  private final RecordingLogger logger = new RecordingLogger();

  @BeforeEach
  void open() throws IOException {
    // WARNING: the drops, and no INFO line per connect.
    loop =
        EventLoop.builder()
            .name("ctl-abuse")
            .logger(logger)
            .logLevel(LogLevel.WARNING)
            .build()
            .start();
    port = ControlPort.open(loop, "127.0.0.1:0");
  }

  private long drops() {
    return logger.lines().stream()
        .filter(l -> l.text().contains("dropping client") && l.text().contains("unread"))
        .count();
  }

  @AfterEach
  void close() {
    port.close();
    loop.close();
  }

  @Test
  @DisplayName(
      "control port: 15 clients pipelining fds without reading (1,000 held connections) keep the"
          + " loop's timers and connects prompt")
  void fifteenAbusers() throws Exception {
    try (HeldConnections held = HeldConnections.open(loop, 1000, Duration.ofSeconds(30))) {
      try (LineClient warm = new LineClient(port.address())) {
        // Warm: a render compiled by the JIT takes a few ms, a cold one a hundred or more.
        for (int i = 0; i < 30; i++) {
          assertThat(warm.command("fds").ok()).isTrue();
        }
      }
      Await.until("the warm-up session to close", () -> port.clients() == 0, BOUND);
      List<LineClient> abusers = new ArrayList<>();
      AtomicLong worstConnect = new AtomicLong();
      AtomicInteger connects = new AtomicInteger();
      ScheduledExecutorService dialer = Executors.newSingleThreadScheduledExecutor();
      try (StallProbe probe = StallProbe.start(loop)) {
        FdCallback timed =
            (fd, name, status, data) -> {
              if ((status & (Status.CONNECTED | Status.FAILED)) != 0) {
                long took = System.nanoTime() - (Long) data;
                worstConnect.accumulateAndGet(took, Math::max);
                connects.incrementAndGet();
                fd.close();
              }
            };
        var _ =
            dialer.scheduleAtFixedRate(
                () -> {
                  try {
                    loop.connect("probe", timed, System.nanoTime(), null, held.target());
                  } catch (IOException e) {
                    throw new AssertionError(e);
                  }
                },
                0,
                5,
                TimeUnit.MILLISECONDS);
        byte[] flood = "fds\n".repeat(2048).getBytes(StandardCharsets.US_ASCII); // 8 KiB
        long t0 = System.nanoTime();
        for (int i = 0; i < ABUSERS; i++) {
          LineClient c = new LineClient(port.address());
          abusers.add(c);
          c.sendBytes(flood);
        }
        Await.until("every abusive session to pass the reply cap", () -> drops() == ABUSERS, BOUND);
        long took = System.nanoTime() - t0;
        dialer.shutdown();
        assertThat(dialer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(port.clients()).isZero();
        Duration worstTimer = probe.worst();
        Duration worstDial = Duration.ofNanos(worstConnect.get());
        System.out.printf(
            "[measure] %d abusers ended in %.0f ms; worst timer lateness %.1f ms"
                + " (%d ticks); worst connect latency %.1f ms (%d connects)%n",
            ABUSERS,
            took / 1e6,
            worstTimer.toNanos() / 1e6,
            probe.ticks(),
            worstDial.toNanos() / 1e6,
            connects.get());
        // Before the fix: 430 ms of connect latency. Each turn now runs at most one fds per
        // session: 15 renders of 1,000 rows.
        assertThat(worstTimer).isLessThan(Duration.ofMillis(300));
        assertThat(worstDial).isLessThan(Duration.ofMillis(300));
        for (LineClient c : abusers) {
          LineClient.Reply r = c.reply();
          while (r.ok()) {
            assertThat(r.body()).hasSizeGreaterThan(1000);
            r = c.reply();
          }
          assertThat(r.status())
              .matches("error: \\d+ bytes of replies unread \\(at most 1048576\\); closing");
          assertThat(c.closedByServer()).isTrue();
        }
      } finally {
        dialer.shutdownNow();
        for (LineClient c : abusers) {
          c.close();
        }
      }
    }
  }
}
