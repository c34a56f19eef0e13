package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TargetTCP connect(): "ENETDOWN TargetTCP has not been initialized": a loop that is not running
 * (not started, or closed) refuses all work.
 */
class NotRunningTest {
  /** The two ways a loop is not running. */
  enum Kind {
    NOT_STARTED,
    CLOSED
  }

  private static EventLoop loop(Kind kind) throws IOException {
    EventLoop l = EventLoop.builder().name("down-" + kind).build();
    if (kind == Kind.CLOSED) {
      l.start().close();
    }
    return l;
  }

  private static void assertEnetdown(Throwable e) {
    assertThat(e).isInstanceOf(NetError.class);
    assertThat(((NetError) e).errno()).isEqualTo(Errno.ENETDOWN);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName(
      "TargetTCP connect(): ENETDOWN: execute, submit and schedule are rejected with an ENETDOWN"
          + " cause")
  void tasksAreRejected(Kind kind) throws IOException {
    EventLoop loop = loop(kind);

    assertThat(loop.isRunning()).isFalse();
    assertThatThrownBy(() -> loop.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .satisfies(e -> assertEnetdown(e.getCause()));
    assertThatThrownBy(() -> loop.submit(() -> 1))
        .isInstanceOf(RejectedExecutionException.class)
        .satisfies(e -> assertEnetdown(e.getCause()));
    assertThatThrownBy(() -> loop.schedule(() -> {}, Duration.ofMillis(1)))
        .isInstanceOf(RejectedExecutionException.class)
        .satisfies(e -> assertEnetdown(e.getCause()));
    loop.close();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName(
      "TargetTCP connect(): ENETDOWN: connect, listen and register throw IOException, nothing is"
          + " opened")
  void ioIsRefused(Kind kind) throws IOException {
    EventLoop loop = loop(kind);
    FdCallback cb = (fd, name, status, data) -> {};

    assertThatThrownBy(() -> loop.connect("c", cb, null, null, "127.0.0.1:9"))
        .isInstanceOf(IOException.class)
        .satisfies(NotRunningTest::assertEnetdown);
    assertThatThrownBy(() -> loop.listen("l", "127.0.0.1:0", cb, null))
        .isInstanceOf(IOException.class)
        .satisfies(NotRunningTest::assertEnetdown);
    try (RawFds fds = new RawFds()) {
      int[] p = fds.pipe();
      assertThatThrownBy(() -> loop.register(p[0], "r", FdFlags.R, cb, null))
          .isInstanceOf(IOException.class)
          .satisfies(NotRunningTest::assertEnetdown);
      assertThat(RawFds.isOpen(p[0])).as("the caller's descriptor stays open").isTrue();
    }
    loop.close();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  @DisplayName("event loop: a loop starts once; close is idempotent")
  void startsOnce(Kind kind) throws IOException {
    EventLoop loop = loop(kind);
    if (kind == Kind.NOT_STARTED) {
      loop.start();
      assertThat(loop.isRunning()).isTrue();
    }
    assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
    loop.close();
    loop.close();
    assertThat(loop.isRunning()).isFalse();
  }
}
