package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.loop.Loops.onLoop;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dial4j.sys.CountingSyscalls;
import org.dial4j.testing.Await;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A hung-up descriptor that nobody watches must not wake the loop: epoll reports EPOLLHUP whatever
 * the interest (epoll_ctl(2)), so a level-triggered loop that merely sets the interest to 0 would
 * return from {@code epoll_wait} at once, every turn, forever. Seen by counting {@code epoll_wait}
 * calls across a 50 ms loop timer, not by timing anything.
 */
class QuietHangupTest {
  /**
   * More epoll_wait calls than a quiet loop makes around one timer; a spinning one makes thousands.
   */
  private static final long QUIET = 20;

  private final RawFds fds = new RawFds();
  private final CountingSyscalls sys = new CountingSyscalls();
  private EventLoop loop;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.builder().name("quiet").syscalls(sys).build().start();
  }

  @AfterEach
  void stop() {
    loop.close();
    fds.close();
  }

  /** How many times epoll_wait returned while a 50 ms timer ran down. */
  private long waitsDuringATimer() throws Exception {
    long before = onLoop(loop, sys::epollWaits);
    CompletableFuture<Void> fired = new CompletableFuture<>();
    loop.schedule(() -> fired.complete(null), Duration.ofMillis(50));
    fired.get(5, TimeUnit.SECONDS);
    return onLoop(loop, sys::epollWaits) - before;
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: a hung-up pipe nobody reads is dropped from epoll, the loop does not spin")
  void hangupWithoutReadInterest() throws Exception {
    int[] p = fds.pipe();
    // Write interest on a read end: never writable, so the hang-up is the only thing to report.
    LoopFd lf = loop.register(p[0], "deaf", FdFlags.W, (fd, name, status, data) -> {}, null);
    fds.handOver(p[0]);

    fds.close(p[1]);
    Await.until(
        "the loop to see the hang-up",
        () -> (Loops.flags(lf) & FdFlags.W) == 0,
        Duration.ofSeconds(5));

    assertThat(waitsDuringATimer()).isLessThan(QUIET);
    assertThat(lf.isOpen()).as("not closed: only no longer watched").isTrue();
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: a callback that pauses a hung-up pipe with interest(0) does not make the"
          + " loop spin")
  void pausedAfterHangup() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf =
        loop.register(p[0], "paused", FdFlags.R, (fd, name, status, data) -> fd.interest(0), null);
    fds.handOver(p[0]);

    fds.close(p[1]);
    Await.until(
        "the callback to pause it",
        () -> (Loops.flags(lf) & FdFlags.R) == 0,
        Duration.ofSeconds(5));

    assertThat(waitsDuringATimer()).isLessThan(QUIET);
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: a paused hung-up pipe is READABLE|HANGUP again once its interest is back")
  void resumedAfterPause() throws Exception {
    int[] p = fds.pipe();
    java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    LoopFd lf =
        loop.register(
            p[0],
            "resumed",
            FdFlags.R,
            (fd, name, status, data) -> {
              calls.add(Status.describe(status));
              fd.interest(0);
            },
            null);
    fds.handOver(p[0]);
    fds.close(p[1]);
    Await.until("the first call", () -> calls.size() == 1, Duration.ofSeconds(5));

    Loops.runOnLoop(loop, () -> lf.interest(FdFlags.R));

    Await.until("the second call", () -> calls.size() == 2, Duration.ofSeconds(5));
    assertThat(calls).containsExactly("READABLE|HANGUP", "READABLE|HANGUP");
    assertThat(waitsDuringATimer()).isLessThan(QUIET);
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: registered with no interest, a hung-up pipe does not make the loop spin")
  void registeredWithNoInterest() throws Exception {
    int[] p = fds.pipe();
    fds.close(p[1]);
    loop.register(p[0], "idle", 0, (fd, name, status, data) -> {}, null);
    fds.handOver(p[0]);

    assertThat(waitsDuringATimer()).isLessThan(QUIET);
  }
}
