package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdInfo;
import org.dial4j.testing.Await;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One client cannot take the loop or the port for itself: it pipelines commands, leaves replies
 * unread, or trickles bytes; the loop stays responsive, the client gets its message, and its slot
 * is freed.
 */
class ControlFairnessTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** A line of the {@code big} command's reply, with its newline: 1 KiB. */
  private static final String KIB_LINE = "x".repeat(1023);

  /** The {@code big} command's reply: 64 lines of 1 KiB, then {@code ok}. */
  private static final int BIG_REPLY = 64 * 1024 + 3;

  private final RecordingLogger logger = new RecordingLogger();
  private EventLoop loop;
  private ControlPort port;
  private final AtomicInteger bigRuns = new AtomicInteger();

  @BeforeEach
  void open() throws IOException {
    loop = EventLoop.builder().name("ctl-fair").logger(logger).build().start();
  }

  @AfterEach
  void close() {
    if (port != null) {
      port.close();
    }
    loop.close();
  }

  private void open(ControlPort.Options.Builder b) throws IOException {
    port = ControlPort.open(loop, b.build());
    port.addCommand(
        "big",
        "64 KiB of reply",
        (s, args) -> {
          bigRuns.incrementAndGet();
          for (int i = 0; i < 64; i++) {
            s.println(KIB_LINE);
          }
        });
  }

  private static ControlPort.Options.Builder options() {
    return ControlPort.Options.builder("127.0.0.1:0");
  }

  private static byte[] lines(String line, int n) {
    return (line + "\n").repeat(n).getBytes(StandardCharsets.US_ASCII);
  }

  /** The loop's row of the one accepted control session, or null; on the loop thread. */
  private FdInfo sessionRow() {
    return loop.fds().stream()
        .filter(f -> f.name().equals(ControlPort.NAME) && f.state().equals("accepted"))
        .findFirst()
        .orElse(null);
  }

  private void awaitNoSession() {
    Await.until(
        "no control session left",
        () -> {
          try {
            return port.clients() == 0
                && loop.submit(() -> sessionRow() == null).get(5, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        BOUND);
  }

  @Test
  @DisplayName(
      "control port: pipelined lines beyond one turn's share all run, with no more input to wake"
          + " them")
  void pipelinedLinesAllRun() throws IOException {
    open(options());
    try (LineClient c = new LineClient(port.address())) {
      c.sendBytes(lines("log", 300)); // one write, one read of the port: far more than a turn runs
      for (int i = 0; i < 300; i++) {
        assertThat(c.reply().body()).as("reply %d", i).containsExactly("info");
      }
      assertThat(c.command("stats").ok()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "control port: a client pipelining 500 costly commands in one read does not stall the loop's"
          + " timers")
  void pipelinedCommandsDoNotStallTheLoop() throws Exception {
    open(options());
    // 2 ms of loop time each, as an fds of 1,000 rows takes, with a reply of one short line.
    port.addCommand(
        "spin",
        "2 ms of loop time",
        (s, args) -> {
          long end = System.nanoTime() + 2_000_000;
          while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
          }
          s.println("spun");
        });
    int n = 500;
    try (LineClient c = new LineClient(port.address());
        LineClient other = new LineClient(port.address());
        StallProbe probe = StallProbe.start(loop)) {
      c.sendBytes(lines("spin", n)); // 2,500 bytes: one read of the port, a second of work
      for (int i = 0; i < n; i++) {
        assertThat(c.reply().body()).as("reply %d", i).containsExactly("spun");
        if (i == n / 2) {
          assertThat(other.command("log").body()).containsExactly("info");
        }
      }
      Duration worst = probe.worst();
      System.out.printf(
          "[measure] worst timer lateness over %d pipelined 2 ms commands: %.1f ms,"
              + " %d ticks%n",
          n, worst.toNanos() / 1e6, probe.ticks());
      // A turn runs 8 lines at most (16 ms). The lines of one read in one callback take 1 s.
      assertThat(worst).isLessThan(Duration.ofMillis(400));
    }
  }

  @Test
  @DisplayName(
      "control port: no command runs for a client whose replies wait unsent; it resumes when they"
          + " are written")
  void unreadRepliesStopCommands() throws Exception {
    open(options().maxPendingBytes(1 << 30)); // no cap: only the pause is under test
    int n = 500;
    try (LineClient c = new LineClient(port.address(), 4096)) {
      c.sendBytes(lines("big", n)); // 2,000 bytes of input asking for 32 MB, not read
      // At every moment at most one reply waits in user space: the one whose write the kernel
      // refused. Commands run so far against bytes the kernel took, in one view on the loop.
      long[] last = {-1, -1};
      Await.until(
          "the port to stop running commands for a client that does not read",
          () -> {
            long[] seen;
            try {
              seen =
                  loop.submit(() -> new long[] {bigRuns.get(), sessionRow().bytesOut()})
                      .get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new AssertionError(e);
            }
            assertThat(seen[0])
                .as("commands run with %d reply bytes in the kernel", seen[1])
                .isLessThanOrEqualTo(seen[1] / BIG_REPLY + 1);
            boolean still = seen[0] == last[0] && seen[1] == last[1];
            last[0] = seen[0];
            last[1] = seen[1];
            return still && seen[0] > 0;
          },
          BOUND);
      for (int turn = 0; turn < 20; turn++) {
        assertThat(loop.submit(() -> bigRuns.get()).get(5, TimeUnit.SECONDS))
            .as("commands run, loop turns after the client stopped reading")
            .isEqualTo(last[0]);
      }
      assertThat(last[0]).isLessThan(n);
      for (int i = 0; i < n; i++) {
        LineClient.Reply r = c.reply();
        assertThat(r.ok()).as("reply %d", i).isTrue();
        assertThat(r.body()).hasSize(64);
      }
      assertThat(bigRuns).hasValue(n);
      assertThat(c.command("log").ok()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "control port: the reply cap counts what the kernel holds; the client gets one message, then"
          + " the close")
  void capCountsKernelQueue() throws Exception {
    int cap = 256 * 1024;
    open(options().maxPendingBytes(cap));
    try (LineClient c = new LineClient(port.address(), 4096)) {
      c.sendBytes(lines("big", 200)); // 13 MB of replies asked for, not read
      // Waits for the drop itself: a count of no clients can come before the accept, and this
      // client would then read replies while the session still runs commands.
      Await.until(
          "the session to be dropped",
          () -> logger.has("dropping client", "bytes of replies unread"),
          BOUND);
      int replies = 0;
      LineClient.Reply r = c.reply();
      while (r.ok()) {
        replies++;
        r = c.reply();
      }
      assertThat(r.status())
          .matches("error: \\d+ bytes of replies unread \\(at most " + cap + "\\); closing");
      // Checked before each command: what was unsent then is at most the cap; the last command
      // adds one reply, and the client's own receive buffer (4 KiB asked) holds a little more.
      assertThat((long) replies * BIG_REPLY).isLessThanOrEqualTo(cap + 2L * BIG_REPLY);
      assertThat(c.closedByServer()).isTrue();
    }
    awaitNoSession();
    assertThat(logger.has("dropping client", "bytes of replies unread")).isTrue();
  }

  @Test
  @DisplayName(
      "control port: a client over the reply cap that never reads is closed at the linger bound")
  void capNeverReadsClosedAtLinger() throws Exception {
    open(options().maxPendingBytes(256 * 1024).idleTimeout(Duration.ofMillis(300)));
    try (LineClient c = new LineClient(port.address(), 4096)) {
      c.sendBytes(lines("big", 200));
      // The drop and the linger's close, waited for as events (no session counted yet may only
      // mean that the accept has not happened).
      Await.until(
          "the client closed at the linger bound",
          () -> logger.has("dropping client", "did not read its last reply"),
          BOUND);
      assertThat(logger.has("dropping client", "bytes of replies unread")).isTrue();
      awaitNoSession();
    }
    try (LineClient next = new LineClient(port.address())) {
      assertThat(next.command("log").ok()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "control port: a client that trickles bytes without ending a line is idle, and closed")
  void tricklingBytesIsIdle() throws Exception {
    open(options().idleTimeout(Duration.ofMillis(300)));
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    try (LineClient c = new LineClient(port.address())) {
      // One byte every 50 ms, never a newline: six bytes per idle timeout, 60 in the bound.
      var _ =
          pacer.scheduleAtFixedRate(
              () -> {
                try {
                  c.send("h");
                } catch (IOException closed) {
                  throw new RuntimeException(closed); // ends the repetition
                }
              },
              0,
              50,
              TimeUnit.MILLISECONDS);
      Await.until("the trickling session to end", () -> port.clients() == 0, Duration.ofSeconds(3));
      assertThat(c.readLine()).isEqualTo("error: idle for 300 ms; closing");
      pacer.shutdownNow();
      assertThat(pacer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
      assertThat(c.closedByServer()).isTrue();
    } finally {
      pacer.shutdownNow();
    }
    awaitNoSession();
  }

  @Test
  @DisplayName("control port: a client that completes a line within each idle timeout stays")
  void completeLinesKeepASession() throws Exception {
    open(options().idleTimeout(Duration.ofMillis(300)));
    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    try (LineClient c = new LineClient(port.address())) {
      // A line every 100 ms for 1.2 s: four idle timeouts, each with lines in it.
      AtomicInteger sent = new AtomicInteger();
      var _ =
          pacer.scheduleAtFixedRate(
              () -> {
                if (sent.get() < 12) {
                  try {
                    c.send("log\n");
                    sent.incrementAndGet();
                  } catch (IOException closed) {
                    throw new RuntimeException(closed);
                  }
                }
              },
              0,
              100,
              TimeUnit.MILLISECONDS);
      for (int i = 0; i < 12; i++) {
        assertThat(c.reply().body()).as("reply %d", i).containsExactly("info");
      }
      assertThat(port.clients()).isEqualTo(1);
    } finally {
      pacer.shutdownNow();
      assertThat(pacer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    awaitNoSession();
  }

  @Test
  @DisplayName(
      "control port: lines a client pipelined before quit still get their replies, then the close")
  void pipelinedThenQuit() throws IOException {
    open(options());
    try (LineClient c = new LineClient(port.address())) {
      c.sendBytes(lines("big", 12)); // 768 KiB of replies: within the 1 MiB cap
      c.send("quit\nlog\n");
      for (int i = 0; i < 12; i++) {
        assertThat(c.reply().body()).as("reply %d", i).hasSize(64);
      }
      LineClient.Reply bye = c.reply();
      assertThat(bye.body()).containsExactly("bye");
      assertThat(bye.ok()).isTrue();
      assertThat(c.closedByServer()).isTrue();
    }
    awaitNoSession();
  }
}
