package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  @Test
  void returnsAtOnceWhenTheConditionHolds() {
    AtomicInteger checks = new AtomicInteger();

    Await.until("true", () -> checks.incrementAndGet() > 0, Duration.ofSeconds(10));

    assertThat(checks).hasValue(1);
  }

  @Test
  void rechecksUntilTheConditionHolds() {
    AtomicInteger checks = new AtomicInteger();

    Await.until("the third check", () -> checks.incrementAndGet() == 3, Duration.ofSeconds(10));

    assertThat(checks).hasValue(3);
  }

  @Test
  void seesWhatAnotherThreadDoes() throws InterruptedException {
    AtomicBoolean done = new AtomicBoolean();
    Thread other = Thread.ofPlatform().start(() -> done.set(true));

    Await.until("the other thread", done::get, Duration.ofSeconds(10));

    other.join();
  }

  @Test
  void failsWhenTheBoundPasses() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> Await.until("never", () -> false, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after 50 ms waiting for never");

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }

  @Test
  void wholeSecondsAreShownAsSeconds() {
    assertThatThrownBy(() -> Await.until("nothing", () -> false, Duration.ofSeconds(0)))
        .hasMessage("timed out after 0 s waiting for nothing");
  }

  @Test
  void anInterruptEndsTheWait() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Await.until("never", () -> false, Duration.ofSeconds(10)))
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
