package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.loop.Loops.leftOver;
import static org.dial4j.loop.Loops.onLoop;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.internal.Blocking;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.AllowBlockingCalls;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A loop thread never blocks: dial4j's blocking calls refuse to run on one (IllegalStateException)
 * and count the attempt, which {@code BlockingCallExtension} turns into a failed test. These tests
 * provoke the refusals on purpose, so they are exempt from that check and count for themselves.
 */
@AllowBlockingCalls(reason = "provokes blocking calls on loop threads to see them refused")
class LoopBlockingTest {
  private final Loopback peers = new Loopback();
  private final List<String> refused = new CopyOnWriteArrayList<>();
  private EventLoop loop;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("no-block");
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    peers.close();
  }

  /** What a call does on the loop thread: "refused: message", or "ran". */
  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  private static String attempt(Call call) {
    try {
      call.run();
      return "ran";
    } catch (IllegalStateException e) {
      return "refused: " + e.getMessage();
    } catch (Exception e) {
      return "failed: " + e;
    }
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md loop rule: blocking PosixSocket calls and EventLoop.resolve throw"
          + " IllegalStateException in a callback")
  void blockingCallsAreRefusedInACallback() throws Exception {
    PosixSocket idle = peers.listener("127.0.0.1", 4);
    InetEndpoint full = peers.fullQueue("127.0.0.1");
    PosixSocket dialer = peers.tcp(Family.INET);
    LoopFd server = loop.listen("srv", "127.0.0.1:0", (fd, name, status, data) -> {}, null);
    long before = Blocking.violations();
    CompletableFuture<Void> done = new CompletableFuture<>();

    loop.connect(
        "c",
        (fd, name, status, data) -> {
          if ((status & Status.CONNECTED) != 0) {
            refused.add(attempt(() -> idle.accept(Deadline.after(Duration.ofSeconds(5)))));
            refused.add(attempt(() -> dialer.connect(full, Deadline.after(Duration.ofSeconds(5)))));
            refused.add(attempt(() -> EventLoop.resolve("localhost:80")));
            fd.close();
            done.complete(null);
          }
        },
        null,
        null,
        server.local().toString());

    done.get(5, TimeUnit.SECONDS);
    assertThat(refused).hasSize(3).allMatch(r -> r.startsWith("refused: blocking call"));
    assertThat(refused.get(0)).contains("'poll (accept)'", "'no-block'");
    assertThat(refused.get(1)).contains("'poll (connect)'");
    assertThat(refused.get(2)).contains("'resolve localhost:80'");
    assertThat(Blocking.violations() - before).isEqualTo(3);
    assertThat(Blocking.lastViolation()).isEqualTo(refused.get(2).substring("refused: ".length()));
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md loop rule: non-blocking calls (deadline NOW) and IP literals are allowed on"
          + " a loop thread")
  void nonBlockingCallsAreAllowed() throws Exception {
    PosixSocket idle = peers.listener("127.0.0.1", 4);
    long before = Blocking.violations();

    String accept = onLoop(loop, () -> attempt(() -> idle.accept(Deadline.NOW)));
    String literal = onLoop(loop, () -> EventLoop.resolve("[0:0:0:0:0:0:0:1]:80"));

    assertThat(accept).contains("EAGAIN");
    assertThat(literal).isEqualTo("[::1]:80");
    assertThat(Blocking.violations()).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md loop rule: listen and register from another loop's thread are refused and"
          + " leave nothing behind")
  void listenAndRegisterFromAnotherLoop() throws Exception {
    try (EventLoop other = EventLoop.start("other-loop");
        RawFds fds = new RawFds()) {
      int[] p = fds.pipe();
      FdCallback cb = (fd, name, status, data) -> {};

      String register =
          onLoop(other, () -> attempt(() -> loop.register(p[0], "r", FdFlags.R, cb, null)));
      String listen = onLoop(other, () -> attempt(() -> loop.listen("l", "127.0.0.1:0", cb, null)));

      assertThat(register).startsWith("refused: blocking call 'EventLoop.listen/register");
      assertThat(listen).startsWith("refused: blocking call 'EventLoop.listen/register");
      // Nothing was handed over: the pipe is still the caller's, and no listener was adopted.
      assertThat(leftOver(loop)).isZero();
      assertThat(RawFds.isOpen(p[0])).isTrue();
    }
  }
}
