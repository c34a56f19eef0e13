package org.dial4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.dial4j.error.Errno;
import org.dial4j.sys.FakeSyscalls;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A descriptor's references: close(2) once, by the last release, never under a running call. */
class FdLifeTest {
  private final AtomicInteger closes = new AtomicInteger();

  private FdLife life(int closeResult) {
    return counting(
        () -> {
          closes.incrementAndGet();
          return closeResult;
        });
  }

  /** A count whose last release runs {@code lastRelease} (as a subclass, like ConnectionFd). */
  private static FdLife counting(IntSupplier lastRelease) {
    return new FdLife() {
      @Override
      protected int lastRelease() {
        return lastRelease.getAsInt();
      }
    };
  }

  @Test
  @DisplayName("The owner's release alone closes, once, and returns close's result")
  void ownerCloses() {
    FdLife life = life(-Errno.EIO.number());
    assertThat(life.isClosed()).isFalse();
    assertThat(life.markClosed()).isTrue();
    assertThat(life.markClosed()).as("a second close").isFalse();
    assertThat(life.isClosed()).isTrue();
    assertThat(life.release()).isEqualTo(-Errno.EIO.number());
    assertThat(closes).hasValue(1);
  }

  @Test
  @DisplayName("A call in progress keeps the descriptor open after close; its release closes it")
  void lastCallCloses() {
    FdLife life = life(0);
    assertThat(life.tryAcquire()).isTrue();
    assertThat(life.markClosed()).isTrue();
    assertThat(life.tryAcquire()).as("a new call after close").isFalse();
    assertThat(life.release()).as("the owner's, while the call runs").isZero();
    assertThat(closes).hasValue(0);
    assertThat(life.release()).isZero();
    assertThat(closes).hasValue(1);
    assertThat(life.tryAcquire()).isFalse();
  }

  @Test
  @DisplayName("closing(sys, fd): the last release is close(fd) on that backend")
  void closingCallsTheBackend() {
    FakeSyscalls sys = new FakeSyscalls();
    FdLife life = FdLife.closing(sys, 7);
    life.markClosed();
    assertThat(life.release()).isZero();
    assertThat(sys.calls()).containsExactly("close(7)");
  }

  @Test
  @DisplayName("Calls racing a close from another thread: close(2) runs once, after the last call")
  void racingClose() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger closedUnderACall = new AtomicInteger();
    FdLife watched =
        counting(
            () -> {
              closedUnderACall.addAndGet(running.get());
              closes.incrementAndGet();
              return 0;
            });
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      callers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(go);
                    while (watched.tryAcquire()) {
                      running.incrementAndGet();
                      running.decrementAndGet();
                      watched.release();
                    }
                  }));
    }
    go.countDown();
    assertThat(watched.markClosed()).isTrue();
    watched.release();
    for (Thread t : callers) {
      assertThat(t.join(java.time.Duration.ofSeconds(5))).isTrue();
    }
    assertThat(closes).hasValue(1);
    assertThat(closedUnderACall).hasValue(0);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
