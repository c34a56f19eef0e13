package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.loop.Loops.leftOver;
import static org.dial4j.loop.Loops.onLoop;
import static org.dial4j.loop.Loops.runOnLoop;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.error.Errno;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.testing.Await;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link FdFlags#OWNER_CLOSES} (the loop unregisters, the owner closes) and {@link LoopFd#callback}
 * (a registration handed to a new callback): what a {@code Connection} needs from the loop.
 */
class OwnerClosesTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final RawFds fds = new RawFds();
  private final Loopback peers = new Loopback();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private EventLoop loop;

  private final FdCallback recorder =
      (fd, name, status, data) ->
          events.add(
              data
                  + " "
                  + Status.describe(status)
                  + ((status & Status.FAILED) != 0 ? " " + fd.error().name() : "")
                  + (fd.isOpen() ? "" : " CLOSED"));

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("owner-closes");
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    fds.close();
    peers.close();
  }

  @Test
  @DisplayName(
      "dial4j OWNER_CLOSES: LoopFd.close() unregisters (EPOLL_CTL_DEL, out of the table) and leaves"
          + " the descriptor open")
  void closeOnlyUnregisters() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf = loop.register(p[0], "pipe", FdFlags.R, recorder, "a");
    runOnLoop(loop, () -> lf.setFlags(FdFlags.OWNER_CLOSES));
    assertThat(Loops.flags(lf) & FdFlags.OWNER_CLOSES).isNotZero();
    runOnLoop(loop, lf::close);
    assertThat(lf.isOpen()).isFalse();
    assertThat(leftOver(loop)).isZero();
    assertThat(RawFds.isOpen(p[0])).as("the owner still has it").isTrue();
    // Out of the epoll set too: data arriving now calls nobody.
    RawFds.write(p[1], "x");
    runOnLoop(loop, () -> {});
    runOnLoop(loop, () -> {});
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName(
      "dial4j OWNER_CLOSES: the loop's close first reports FAILED with ECANCELED, then unregisters"
          + " without closing")
  void loopCloseReportsAndUnregisters() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf = loop.register(p[0], "pipe", 0, recorder, "a");
    runOnLoop(loop, () -> lf.setFlags(FdFlags.OWNER_CLOSES));
    loop.close();
    assertThat(events).containsExactly("a FAILED ECANCELED");
    assertThat(lf.error()).isEqualTo(Errno.ECANCELED);
    assertThat(lf.failure().getMessage()).contains("the event loop closed");
    assertThat(lf.isOpen()).isFalse();
    assertThat(RawFds.isOpen(p[0])).as("the owner closes it").isTrue();
  }

  @Test
  @DisplayName(
      "dial4j OWNER_CLOSES: a failure (a cancelled connect) reports FAILED and unregisters; the"
          + " owner closes the descriptor")
  void failureUnregisters() throws Exception {
    LoopFd lf =
        loop.connect(
            "pending",
            recorder,
            "c",
            null,
            peers.fullQueue("127.0.0.1").toString(),
            Deadline.after(Duration.ofMinutes(10)));
    runOnLoop(
        loop,
        () -> {
          lf.setFlags(FdFlags.OWNER_CLOSES);
          lf.cancel();
        });
    assertThat(events).containsExactly("c FAILED ECANCELED");
    assertThat(leftOver(loop)).as("no descriptor, no deadline timer").isZero();
    assertThat(RawFds.isOpen(lf.fd())).isTrue();
    assertThat(LinuxSyscalls.INSTANCE.close(lf.fd())).isZero();
  }

  @Test
  @DisplayName(
      "dial4j LoopFd.callback: a connected descriptor handed to a new callback and data; only the"
          + " new one is called; off the loop it is refused")
  void callbackHandOver() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 2);
    CompletableFuture<Void> connected = new CompletableFuture<>();
    FdCallback first =
        (fd, name, status, data) -> {
          events.add("first " + Status.describe(status));
          if ((status & Status.CONNECTED) != 0) {
            fd.callback(recorder, "second");
            connected.complete(null);
          }
        };
    LoopFd lf =
        loop.connect(
            "conn",
            first,
            "first",
            null,
            Loopback.where(listener).toString(),
            Deadline.after(BOUND));
    PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
    connected.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(lf.data()).isEqualTo("second");
    server.send(java.nio.ByteBuffer.wrap(new byte[] {1}));
    Await.until("READABLE for the new callback", () -> events.contains("second READABLE"), BOUND);
    // Level-triggered and the recorder does not read: READABLE may come more than once.
    assertThat(events)
        .startsWith("first CONNECTED", "second READABLE")
        .containsOnly("first CONNECTED", "second READABLE");
    assertThatThrownBy(() -> lf.callback(recorder, null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                onLoop(
                    loop,
                    () -> {
                      lf.callback(null, null);
                      return null;
                    }))
        .hasCauseInstanceOf(NullPointerException.class);
    runOnLoop(loop, lf::close);
  }
}
