package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.testing.FuzzTarget;

/**
 * {@link Deadline} arithmetic at the edges: any clock reading (wrapping included), any duration
 * (Long overflow in nanoseconds, negative ones), libdill's millisecond form, NOW and NEVER. Nothing
 * throws but the documented EINVAL of {@link Deadline#atMillis}, and the orders hold: deadlines
 * made from one clock reading are ordered as their durations are, {@code isBefore} is a strict
 * order, {@code earliest} picks the earlier, and remaining time, {@code hasPassed} and the poll
 * timeout say the same thing.
 */
@FuzzTarget
class DeadlineFuzzTest {
  /** Deadline's own bound: longer timeouts mean NEVER, shorter negative ones are clamped. */
  private static final long MAX_NANOS = Long.MAX_VALUE / 2;

  @FuzzTest(maxDuration = "10s")
  void arithmeticHoldsAtTheEdges(FuzzedDataProvider data) {
    long base = data.consumeLong();
    long later = data.consumeLong();
    Duration d1 = duration(data);
    Duration d2 = duration(data);
    Duration d3 = duration(data);
    long millis = data.consumeLong();
    check(base, later, d1, d2, d3, millis);
  }

  /** Durations near every edge: any seconds and nanos, or a small or near-bound count of nanos. */
  private static Duration duration(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 3)) {
      case 0 -> Duration.ofSeconds(data.consumeLong(), data.consumeLong(0, 999_999_999));
      case 1 -> Duration.ofNanos(data.consumeLong(-2_000_000_000L, 2_000_000_000L));
      case 2 -> Duration.ofNanos(MAX_NANOS + data.consumeLong(-1000, 1000));
      default -> Duration.ofNanos(-MAX_NANOS + data.consumeLong(-1000, 1000));
    };
  }

  static void check(long base, long later, Duration d1, Duration d2, Duration d3, long millis) {
    MonotonicClock at = () -> base;
    Deadline a = Deadline.after(d1, at);
    Deadline b = Deadline.after(d2, at);
    Deadline c = Deadline.after(d3, at);
    Deadline[] all = {
      a, b, c, Deadline.NOW, Deadline.NEVER, Deadline.at(later), fromMillis(millis)
    };

    // Made from one reading, deadlines are ordered as their (clamped) durations.
    orderedAsDurations(a, d1, b, d2);
    orderedAsDurations(b, d2, c, d3);
    orderedAsDurations(a, d1, c, d3);
    // The time left on the reading they were made from is the duration, within the bounds.
    assertThat(a.remainingNanos(at)).isEqualTo(expectedRemaining(d1));

    for (Deadline x : all) {
      consistentOn(x, at);
      consistentOn(x, () -> later);
      assertThat(x.isBefore(x)).isFalse();
      assertThat(x.earliest(x)).isSameAs(x);
      for (Deadline y : all) {
        assertThat(x.isBefore(y) && y.isBefore(x)).as("%s and %s", x, y).isFalse();
        Deadline e = x.earliest(y);
        assertThat(e).isIn(x, y);
        assertThat(x.isBefore(e) || y.isBefore(e)).isFalse();
        if (x.equals(y)) {
          assertThat(x.hashCode()).isEqualTo(y.hashCode());
          assertThat(x.isBefore(y)).isFalse();
        }
      }
    }
    // A strict order among the deadlines of one reading (a window narrower than the wrap).
    Deadline[] window = {a, b, c, Deadline.NOW, Deadline.NEVER};
    for (Deadline x : window) {
      for (Deadline y : window) {
        for (Deadline z : window) {
          if (x.isBefore(y) && y.isBefore(z)) {
            assertThat(x.isBefore(z)).as("%s < %s < %s", x, y, z).isTrue();
          }
        }
      }
    }
  }

  private static Deadline fromMillis(long millis) {
    try {
      Deadline d = Deadline.atMillis(millis);
      assertThat(millis).isGreaterThanOrEqualTo(-1);
      assertThat(d)
          .isEqualTo(
              millis == -1
                  ? Deadline.NEVER
                  : millis == 0 ? Deadline.NOW : Deadline.at(millis * 1_000_000L));
      return d;
    } catch (InvalidArgumentException refused) {
      assertThat(millis < -1 || millis > Long.MAX_VALUE / 1_000_000L).isTrue();
      assertThat(refused.errno()).isEqualTo(Errno.EINVAL);
      assertThat(refused.input()).contains(Long.toString(millis));
      return Deadline.NOW;
    }
  }

  /** Nanoseconds, or the bounds: over MAX_NANOS is NEVER, under -MAX_NANOS is -MAX_NANOS. */
  private static long clampedNanos(Duration d) {
    if (d.compareTo(Duration.ofNanos(MAX_NANOS)) > 0) {
      return Long.MAX_VALUE;
    }
    if (d.compareTo(Duration.ofNanos(-MAX_NANOS)) < 0) {
      return -MAX_NANOS;
    }
    return d.toNanos();
  }

  private static long expectedRemaining(Duration d) {
    long n = clampedNanos(d);
    return n == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, n);
  }

  private static void orderedAsDurations(Deadline x, Duration dx, Deadline y, Duration dy) {
    long nx = clampedNanos(dx);
    long ny = clampedNanos(dy);
    assertThat(x.isNever()).isEqualTo(nx == Long.MAX_VALUE);
    assertThat(x.isBefore(y)).as("%s (%s) before %s (%s)", x, dx, y, dy).isEqualTo(nx < ny);
    assertThat(x.equals(y)).isEqualTo(nx == ny);
  }

  /** Remaining time, hasPassed and the poll timeout agree on one clock reading. */
  private static void consistentOn(Deadline d, MonotonicClock clock) {
    long left = d.remainingNanos(clock);
    int poll = d.pollTimeoutMillis(clock);
    assertThat(left).isNotNegative();
    assertThat(d.hasPassed(clock)).isEqualTo(left == 0);
    if (d.isNever()) {
      assertThat(left).isEqualTo(Long.MAX_VALUE);
      assertThat(poll).isEqualTo(-1);
      return;
    }
    if (d.isNow()) {
      assertThat(left).isZero();
    }
    long ceilMillis = left / 1_000_000L + (left % 1_000_000L == 0 ? 0 : 1);
    assertThat(poll).isEqualTo((int) Math.min(Integer.MAX_VALUE, ceilMillis));
    assertThat(d.toString()).isNotEmpty();
  }
}
