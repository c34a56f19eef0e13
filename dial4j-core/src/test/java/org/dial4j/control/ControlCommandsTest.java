package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LogLevel;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The control port's commands (libut's control port), spoken as {@code nc} would speak them. */
class ControlCommandsTest {
  private EventLoop loop;
  private ControlPort port;
  private LineClient client;

  @BeforeEach
  void open() throws IOException {
    loop = EventLoop.start("ctl-commands");
    port = ControlPort.open(loop, "127.0.0.1:0");
    client = new LineClient(port.address());
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    port.close();
    loop.close();
  }

  @Test
  @DisplayName("control port: help lists every command with its usage, help COMMAND describes one")
  void help() throws IOException {
    LineClient.Reply all = client.command("help");
    assertThat(all.ok()).isTrue();
    assertThat(all.body()).hasSize(5);
    assertThat(all.body()).anySatisfy(l -> assertThat(l).startsWith("fds ").contains("descriptor"));
    assertThat(all.body()).anySatisfy(l -> assertThat(l).startsWith("log [LEVEL] "));
    assertThat(all.body()).anySatisfy(l -> assertThat(l).startsWith("help [COMMAND] "));

    LineClient.Reply log = client.command("help log");
    assertThat(log.status()).isEqualTo("ok");
    assertThat(log.body()).first().isEqualTo("usage: log [LEVEL]");
    assertThat(log.body()).last().asString().contains("fatal error warning info debug");
    assertThat(client.command("HELP fds").body()).contains("usage: fds");
    assertThat(client.command("help nosuch").status())
        .isEqualTo("error: unknown command \"nosuch\"; try help");
  }

  @Test
  @DisplayName("control port: an unknown command gets one error line and the session goes on")
  void unknownThenContinue() throws IOException {
    LineClient.Reply r = client.command("frobnicate now please");
    assertThat(r.body()).isEmpty();
    assertThat(r.status()).isEqualTo("error: unknown command \"frobnicate\"; try help");
    assertThat(client.command("fds extra").status()).isEqualTo("error: usage: fds (no arguments)");
    // Blank lines get no reply; CRLF and surrounding blanks are accepted.
    client.send("\n   \r\n\t\n  stats  \r\n");
    assertThat(client.reply().body()).first().isEqualTo("attempts 0");
    assertThat(client.command("help").ok()).isTrue();
  }

  @Test
  @DisplayName(
      "control port: log shows the level, log LEVEL sets it, a bad level names the valid ones")
  void log() throws IOException {
    assertThat(client.command("log").body()).containsExactly("info");
    assertThat(client.command("log debug").body()).containsExactly("debug");
    assertThat(loop.logLevel()).isEqualTo(LogLevel.DEBUG);
    assertThat(client.command("log WARN").body()).containsExactly("warning");
    LineClient.Reply bad = client.command("log loud");
    assertThat(bad.body()).isEmpty();
    assertThat(bad.status())
        .isEqualTo("error: unknown log level \"loud\"; levels: fatal error warning info debug");
    assertThat(loop.logLevel()).isEqualTo(LogLevel.WARNING);
    assertThat(client.command("log info warning").status()).isEqualTo("error: usage: log [LEVEL]");
  }

  @Test
  @DisplayName("control port: quit says bye, ends the reply with ok and closes the session")
  void quit() throws Exception {
    LineClient.Reply r = client.command("quit");
    assertThat(r.body()).containsExactly("bye");
    assertThat(r.ok()).isTrue();
    assertThat(client.closedByServer()).isTrue();
    Await.until("the session to go", () -> port.clients() == 0, Duration.ofSeconds(5));
    try (LineClient next = new LineClient(port.address())) {
      assertThat(next.command("log").ok()).isTrue();
    }
  }

  @Test
  @DisplayName("control port: an application command runs with its arguments and shows in help")
  void customCommand() throws IOException {
    port.addCommand(
        "echo",
        "print the arguments",
        (s, args) -> {
          if (args.isEmpty()) {
            throw new IllegalArgumentException("usage: echo WORD...");
          }
          s.println(String.join(" ", args));
          s.println("ok"); // a body line that reads as a status line is sent with a leading space
          s.println("two\nlines");
        });
    port.addCommand(
        "boom",
        "always fails",
        (s, args) -> {
          s.println("never sent");
          throw new IllegalStateException("bug");
        });
    assertThat(client.command("echo a  b\tc").body())
        .containsExactly("a b c", " ok", "two\\x0alines");
    assertThat(client.command("echo").status()).isEqualTo("error: usage: echo WORD...");
    LineClient.Reply boom = client.command("boom");
    assertThat(boom.body()).isEmpty();
    assertThat(boom.status())
        .startsWith("error: command boom failed: java.lang.IllegalStateException: bug");
    assertThat(client.command("help").body())
        .anySatisfy(l -> assertThat(l).startsWith("echo ").endsWith("print the arguments"));
    assertThat(client.command("help echo").body())
        .containsExactly("usage: echo", "print the arguments");

    assertThatThrownBy(() -> port.addCommand("help", "mine", (s, a) -> {}))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST))
        .hasMessageContaining("built-in")
        .hasMessageContaining("\"help\"");
    assertThatThrownBy(() -> port.addCommand("echo", "again", (s, a) -> {}))
        .hasMessageContaining("EEXIST");
    assertThatThrownBy(() -> port.addCommand("Echo!", "bad", (s, a) -> {}))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
        .hasMessageContaining("\"Echo!\"");
    assertThatThrownBy(() -> port.addCommand("two", "a\nb", (s, a) -> {}))
        .hasMessageContaining("EINVAL");
    assertThatThrownBy(() -> port.removeCommand("fds")).hasMessageContaining("EPERM");
    assertThat(port.removeCommand("echo")).isTrue();
    assertThat(client.command("echo x").status()).startsWith("error: unknown command \"echo\"");
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: stats counts connect attempts, successes and failures by errno")
  void stats() throws Exception {
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 16);
      InetEndpoint refused = peers.closedPort("127.0.0.1");
      var ok =
          loop.connect(
              "good", (fd, n, st, d) -> {}, null, null, Loopback.where(listener).toString());
      loop.connect("bad", (fd, n, st, d) -> {}, null, null, refused.toString());
      peers.own(listener.accept(Deadline.after(Duration.ofSeconds(5))));
      Await.until(
          "both connects to end",
          () -> stat("failures 1") && stat("successes 1"),
          Duration.ofSeconds(5));
      LineClient.Reply r = client.command("stats");
      assertThat(r.body())
          .startsWith("attempts 2", "successes 1", "failures 1", "failure ECONNREFUSED 1");
      assertThat(r.body().getLast())
          .matches("latency_us p50 [0-9.]+ p90 [0-9.]+ p99 [0-9.]+ max [0-9.]+ \\(n=1\\)");
      ok.close();
    }
  }

  private boolean stat(String line) {
    try {
      return loop.submit(() -> loop.stats().lines().contains(line)).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
