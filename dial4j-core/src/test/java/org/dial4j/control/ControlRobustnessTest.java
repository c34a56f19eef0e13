package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdInfo;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad input never hurts the loop: garbage, binary, huge lines, too many clients, idle clients. */
class ControlRobustnessTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private EventLoop loop;
  private ControlPort port;

  @BeforeEach
  void open() throws IOException {
    loop = EventLoop.start("ctl-robust");
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
  }

  private static ControlPort.Options.Builder options() {
    return ControlPort.Options.builder("127.0.0.1:0");
  }

  /** The loop's own view: how many control descriptors (listener and sessions) it holds. */
  private long controlFds() throws Exception {
    List<FdInfo> fds = loop.submit(loop::fds).get(5, TimeUnit.SECONDS);
    return fds.stream().filter(f -> f.name().equals(ControlPort.NAME)).count();
  }

  private void awaitNoSession() {
    Await.until(
        "no control session left",
        () -> {
          try {
            return port.clients() == 0 && controlFds() == 1;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        BOUND);
  }

  @Test
  @DisplayName(
      "control port: garbage and binary bytes (NUL, 0xff) are unknown commands; a valid command"
          + " still works")
  void garbageAndBinary() throws IOException {
    open(options());
    try (LineClient c = new LineClient(port.address())) {
      c.sendBytes(new byte[] {'f', 0, 'd', 's', '\n'});
      assertThat(c.reply().status()).isEqualTo("error: unknown command \"f\\x00ds\"; try help");
      c.sendBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '"', '\\', '\n'});
      assertThat(c.reply().status())
          .isEqualTo("error: unknown command \"\\xff\\xfex\\x22\\x5c\"; try help");
      byte[] noise = new byte[300];
      for (int i = 0; i < noise.length; i++) {
        byte b = (byte) (i * 37 + 11);
        noise[i] = b == '\n' ? 1 : b; // every byte value but the newline
      }
      c.sendBytes(noise);
      c.send("\n");
      LineClient.Reply r = c.reply();
      assertThat(r.status()).startsWith("error: unknown command \"").endsWith("...\"; try help");
      assertThat(r.status().length()).isLessThan(4 * Escapes.QUOTE_BYTES + 40);
      c.send("\u00e9t\u00e9 \u2028\n"); // valid UTF-8, but U+2028 is no control: an unknown word
      assertThat(c.reply().status())
          .isEqualTo("error: unknown command \"\\xc3\\xa9t\\xc3\\xa9\"; try help");
      assertThat(c.command("help").ok()).isTrue();
    }
    awaitNoSession();
  }

  @Test
  @DisplayName(
      "control port: a 1 MB line without newline gets a message and is closed; the loop serves the"
          + " next client")
  void hugeLine() throws Exception {
    open(options());
    try (LineClient c = new LineClient(port.address())) {
      byte[] huge = new byte[1 << 20];
      Arrays.fill(huge, (byte) 'a');
      try {
        c.sendBytes(huge);
      } catch (IOException expected) {
        // The port closes after the first 1025 bytes; the rest meets a reset.
      }
      assertThat(c.readLine()).isEqualTo("error: line longer than 1024 bytes; closing");
      assertThat(c.closedByServer()).isTrue();
    }
    awaitNoSession();
    try (LineClient next = new LineClient(port.address())) {
      // Exactly the limit is fine, and so is its \r\n.
      LineClient.Reply r = next.command("help " + "x".repeat(1024 - 5) + "\r");
      assertThat(r.status()).startsWith("error: unknown command \"xxxx");
      assertThat(next.command("log").ok()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "control port: a client past maxClients gets one message and is closed; a freed slot is"
          + " reused")
  void tooManyClients() throws Exception {
    open(options().maxClients(2));
    try (LineClient a = new LineClient(port.address());
        LineClient b = new LineClient(port.address())) {
      assertThat(a.command("log").ok()).isTrue();
      assertThat(b.command("log").ok()).isTrue();
      try (LineClient c = new LineClient(port.address())) {
        assertThat(c.readLine()).isEqualTo("error: too many control clients (at most 2); closing");
        assertThat(c.closedByServer()).isTrue();
      }
      assertThat(port.clients()).isEqualTo(2);
      assertThat(a.command("quit").ok()).isTrue();
      Await.until("a slot to free", () -> port.clients() == 1, BOUND);
      try (LineClient d = new LineClient(port.address())) {
        assertThat(d.command("help").ok()).isTrue();
      }
    }
    awaitNoSession();
  }

  @Test
  @DisplayName(
      "control port: an idle client gets a message and is closed when the idle timeout passes")
  void idle() throws Exception {
    open(options().idleTimeout(Duration.ofMillis(200)));
    try (LineClient c = new LineClient(port.address())) {
      assertThat(c.command("log").ok()).isTrue();
      awaitNoSession();
      assertThat(c.readLine()).isEqualTo("error: idle for 200 ms; closing");
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(loop.submit(loop::timerCount).get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  @DisplayName("control port: a client that closes mid-line is cleaned up, with no timer left")
  void closeMidLine() throws Exception {
    open(options());
    try (LineClient c = new LineClient(port.address())) {
      assertThat(c.command("log").ok()).isTrue();
      c.send("hel");
    }
    awaitNoSession();
    assertThat(loop.submit(loop::timerCount).get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  @DisplayName(
      "control port: a client that sends commands and never reads is dropped once its unread"
          + " replies pass the cap, and closed at the linger bound")
  void neverReads() throws Exception {
    // It never reads the message either: closed when the idle timeout passes after it.
    open(options().maxPendingBytes(64 * 1024).idleTimeout(Duration.ofMillis(500)));
    try (LineClient c = new LineClient(port.address(), 4096)) {
      // 40,000 help commands ask for about 16 MB of replies, more than the kernel's buffers
      // (4 MB send, 4 KB receive here) and the 64 KiB cap.
      byte[] commands =
          "help\n".repeat(40_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      try {
        c.sendBytes(commands);
      } catch (IOException expected) {
        // The port closed the connection while it was still sending.
      }
      awaitNoSession();
    }
    try (LineClient next = new LineClient(port.address())) {
      assertThat(next.command("fds").ok()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "control port: closing the port closes its sessions, cancels their timers and leaves the loop"
          + " running")
  void closeClosesSessions() throws Exception {
    open(options());
    try (LineClient c = new LineClient(port.address())) {
      assertThat(c.command("log").ok()).isTrue();
      port.close();
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(controlFds()).isZero();
    assertThat(loop.submit(loop::timerCount).get(5, TimeUnit.SECONDS)).isZero();
    assertThat(loop.isRunning()).isTrue();
  }
}
