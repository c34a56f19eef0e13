package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Deadline on a fake clock: time moves only when a test moves it, so nothing sleeps. */
class DeadlineTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final MonotonicClock clock = now::get;

  @Test
  @DisplayName("after() is now plus the timeout and counts down as the clock moves")
  void after() {
    Deadline d = Deadline.after(Duration.ofMillis(5), clock);
    assertThat(d).isEqualTo(Deadline.at(now.get() + 5_000_000L));
    assertThat(d.remainingNanos(clock)).isEqualTo(5_000_000L);
    assertThat(d.hasPassed(clock)).isFalse();
    now.addAndGet(4_999_999L);
    assertThat(d.remainingNanos(clock)).isEqualTo(1);
    assertThat(d.hasPassed(clock)).isFalse();
    now.incrementAndGet();
    assertThat(d.remainingNanos(clock)).isZero();
    assertThat(d.hasPassed(clock)).isTrue();
    now.addAndGet(1_000L);
    assertThat(d.remainingNanos(clock)).isZero();
    assertThat(d.isNow()).isFalse();
    assertThat(d.isNever()).isFalse();
  }

  @Test
  @DisplayName("a zero or negative timeout has already passed, but is not NOW")
  void zeroAndNegativeTimeouts() {
    Deadline zero = Deadline.after(Duration.ZERO, clock);
    Deadline negative = Deadline.after(Duration.ofSeconds(-3), clock);
    assertThat(zero.hasPassed(clock)).isTrue();
    assertThat(negative.hasPassed(clock)).isTrue();
    assertThat(zero.isNow()).isFalse();
    assertThat(negative.isBefore(zero)).isTrue();
    assertThat(zero.pollTimeoutMillis(clock)).isZero();
  }

  @Test
  @DisplayName("timeouts too long for a finite deadline saturate to NEVER")
  void hugeDurationsSaturate() {
    assertThat(Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), clock)).isSameAs(Deadline.NEVER);
    assertThat(Deadline.after(ChronoUnit.FOREVER.getDuration(), clock)).isSameAs(Deadline.NEVER);
    assertThat(Deadline.after(Duration.ofDays(365L * 200), clock)).isSameAs(Deadline.NEVER);
    assertThat(Deadline.after(Duration.ofNanos(Long.MAX_VALUE), clock)).isSameAs(Deadline.NEVER);
    // 100 years is still a finite deadline.
    Deadline century = Deadline.after(Duration.ofDays(36_525), clock);
    assertThat(century.isNever()).isFalse();
    assertThat(century.isBefore(Deadline.NEVER)).isTrue();
    assertThat(century.pollTimeoutMillis(clock)).isEqualTo(Integer.MAX_VALUE);
    // A hugely negative one is a deadline long past, not NEVER.
    Deadline past = Deadline.after(Duration.ofSeconds(Long.MIN_VALUE), clock);
    assertThat(past.isNever()).isFalse();
    assertThat(past.hasPassed(clock)).isTrue();
  }

  @Test
  @DisplayName("libdill tcp_connect: deadline 0 = do not block, -1 = never")
  void libdillNowAndNever() {
    assertThat(Deadline.atMillis(0)).isSameAs(Deadline.NOW);
    assertThat(Deadline.atMillis(-1)).isSameAs(Deadline.NEVER);
    assertThat(Deadline.NOW.isNow()).isTrue();
    assertThat(Deadline.NEVER.isNever()).isTrue();
    assertThat(Deadline.NOW.hasPassed(clock)).isTrue();
    assertThat(Deadline.NEVER.hasPassed(clock)).isFalse();
    assertThat(Deadline.NOW.remainingNanos(clock)).isZero();
    assertThat(Deadline.NEVER.remainingNanos(clock)).isEqualTo(Long.MAX_VALUE);
    assertThat(Deadline.NOW.pollTimeoutMillis(clock)).isZero();
    assertThat(Deadline.NEVER.pollTimeoutMillis(clock)).isEqualTo(-1);
    assertThat(Deadline.NEVER.remaining()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(Deadline.NOW.remaining()).isZero();
  }

  @Test
  @DisplayName("libdill deadlines: any other value is a time in ms; other negatives are EINVAL")
  void atMillis() {
    assertThat(Deadline.atMillis(5)).isEqualTo(Deadline.at(5_000_000L));
    assertThatThrownBy(() -> Deadline.atMillis(-2))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
        .hasMessageContaining("\"-2\"");
  }

  @Test
  @DisplayName("poll timeout rounds up, so a wait never ends before the deadline")
  void pollTimeoutRoundsUp() {
    long t = now.get();
    assertThat(Deadline.at(t + 1).pollTimeoutMillis(clock)).isEqualTo(1);
    assertThat(Deadline.at(t + 999_999).pollTimeoutMillis(clock)).isEqualTo(1);
    assertThat(Deadline.at(t + 1_000_000).pollTimeoutMillis(clock)).isEqualTo(1);
    assertThat(Deadline.at(t + 1_000_001).pollTimeoutMillis(clock)).isEqualTo(2);
    assertThat(Deadline.at(t).pollTimeoutMillis(clock)).isZero();
    assertThat(Deadline.at(t - 5_000_000).pollTimeoutMillis(clock)).isZero();
  }

  @Test
  @DisplayName("isBefore: NOW is earliest, NEVER latest, neither is before itself")
  void isBefore() {
    Deadline soon = Deadline.at(now.get() + 10);
    Deadline later = Deadline.at(now.get() + 20);
    assertThat(soon.isBefore(later)).isTrue();
    assertThat(later.isBefore(soon)).isFalse();
    assertThat(soon.isBefore(Deadline.at(now.get() + 10))).isFalse();
    assertThat(Deadline.NOW.isBefore(soon)).isTrue();
    assertThat(Deadline.NOW.isBefore(Deadline.NEVER)).isTrue();
    assertThat(Deadline.NOW.isBefore(Deadline.NOW)).isFalse();
    assertThat(soon.isBefore(Deadline.NOW)).isFalse();
    assertThat(soon.isBefore(Deadline.NEVER)).isTrue();
    assertThat(Deadline.NEVER.isBefore(soon)).isFalse();
    assertThat(Deadline.NEVER.isBefore(Deadline.NOW)).isFalse();
    assertThat(Deadline.NEVER.isBefore(Deadline.NEVER)).isFalse();
  }

  @Test
  @DisplayName(
      "isBefore: deadlines 2^63 ns apart are ordered one way only (found by DeadlineFuzzTest)")
  void isBeforeAtTheWrap() {
    // Their difference is Long.MIN_VALUE either way round: by subtraction alone each came before
    // the other, and earliest() then depended on the order of its operands.
    Deadline min = Deadline.at(Long.MIN_VALUE);
    Deadline zero = Deadline.at(0);
    assertThat(min.isBefore(zero)).isTrue();
    assertThat(zero.isBefore(min)).isFalse();
    assertThat(min.earliest(zero)).isSameAs(min);
    assertThat(zero.earliest(min)).isSameAs(min);
    Deadline max = Deadline.at(Long.MAX_VALUE);
    Deadline minusOne = Deadline.at(-1);
    assertThat(minusOne.isBefore(max) && max.isBefore(minusOne)).isFalse();
    // One nanosecond nearer, subtraction decides as before.
    assertThat(Deadline.at(1).isBefore(min)).isTrue();
    assertThat(min.isBefore(Deadline.at(1))).isFalse();
  }

  @Test
  @DisplayName("earliest: Go's rule, the earliest of timeout, deadline and context wins")
  void earliest() {
    Deadline soon = Deadline.at(now.get() + 10);
    Deadline later = Deadline.at(now.get() + 20);
    assertThat(soon.earliest(later)).isSameAs(soon);
    assertThat(later.earliest(soon)).isSameAs(soon);
    assertThat(soon.earliest(Deadline.NEVER)).isSameAs(soon);
    assertThat(Deadline.NEVER.earliest(soon)).isSameAs(soon);
    assertThat(soon.earliest(Deadline.NOW)).isSameAs(Deadline.NOW);
    assertThat(Deadline.NEVER.earliest(Deadline.NEVER)).isSameAs(Deadline.NEVER);
    Deadline same = Deadline.at(now.get() + 10);
    assertThat(soon.earliest(same)).isSameAs(soon);
  }

  @Test
  @DisplayName("nanoTime may wrap: a deadline past Long.MAX_VALUE still works")
  void wrapAround() {
    now.set(Long.MAX_VALUE - 10);
    Deadline d = Deadline.after(Duration.ofNanos(100), clock);
    assertThat(d).isEqualTo(Deadline.at(Long.MIN_VALUE + 89));
    assertThat(d.remainingNanos(clock)).isEqualTo(100);
    assertThat(d.hasPassed(clock)).isFalse();
    assertThat(d.pollTimeoutMillis(clock)).isEqualTo(1);
    Deadline beforeWrap = Deadline.at(Long.MAX_VALUE - 5);
    assertThat(beforeWrap.isBefore(d)).isTrue();
    assertThat(d.isBefore(beforeWrap)).isFalse();
    assertThat(d.earliest(beforeWrap)).isSameAs(beforeWrap);
    now.addAndGet(50); // wraps to Long.MIN_VALUE + 39
    assertThat(now.get()).isNegative();
    assertThat(d.remainingNanos(clock)).isEqualTo(50);
    assertThat(d.hasPassed(clock)).isFalse();
    assertThat(beforeWrap.hasPassed(clock)).isTrue();
    now.addAndGet(50);
    assertThat(d.hasPassed(clock)).isTrue();
    assertThat(d.remainingNanos(clock)).isZero();
  }

  @Test
  void equalityAndText() {
    assertThat(Deadline.at(7)).isEqualTo(Deadline.at(7)).hasSameHashCodeAs(Deadline.at(7));
    assertThat(Deadline.at(0)).isNotEqualTo(Deadline.NOW).isNotEqualTo(Deadline.NEVER);
    assertThat(Deadline.NOW).hasToString("Deadline.NOW");
    assertThat(Deadline.NEVER).hasToString("Deadline.NEVER");
    assertThat(Deadline.at(7)).hasToString("Deadline[at=7ns]");
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThatThrownBy(() -> Deadline.after(null, clock)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Deadline.after(Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class);
  }
}
