package org.dial4j;

import java.time.Duration;
import java.util.Objects;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;

/**
 * An absolute point in time on a monotonic clock by which a call must finish: libdill's {@code
 * deadline} argument, which every blocking call in dial4j takes.
 *
 * <p>Two special values: {@link #NOW} (libdill's {@code 0}: do what can be done without blocking,
 * then return) and {@link #NEVER} (libdill's {@code -1}: block as long as it takes). Timeouts are
 * turned into deadlines once, at the top of a call, and the same deadline is passed down, so the
 * time spent in each step is taken from one budget (Go's {@code Dialer.deadline()}).
 *
 * <p>Deadlines are compared by subtraction because {@link System#nanoTime()} may wrap; a deadline
 * is meaningful only on the clock it was made from ({@link MonotonicClock#SYSTEM} unless a clock is
 * given).
 */
public final class Deadline {
  private enum Kind {
    NOW,
    NEVER,
    AT
  }

  /** Do not block: perform the operation if it can be done at once, else fail with ETIMEDOUT. */
  public static final Deadline NOW = new Deadline(Kind.NOW, 0);

  /** No deadline: block until the operation completes, fails or is cancelled. */
  public static final Deadline NEVER = new Deadline(Kind.NEVER, 0);

  /** Longest timeout kept as a finite deadline (about 146 years); longer ones mean NEVER. */
  private static final long MAX_NANOS = Long.MAX_VALUE / 2;

  private final Kind kind;
  private final long at;

  private Deadline(Kind kind, long at) {
    this.kind = kind;
    this.at = at;
  }

  /**
   * The deadline {@code timeout} from now on the system clock. A zero or negative timeout gives a
   * deadline that has already passed (which, unlike {@link #NOW}, still allows a call that needs no
   * waiting at all to succeed only where the call says so).
   */
  public static Deadline after(Duration timeout) {
    return after(timeout, MonotonicClock.SYSTEM);
  }

  /** The deadline {@code timeout} from now on {@code clock}. */
  public static Deadline after(Duration timeout, MonotonicClock clock) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(clock, "clock");
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return timeout.isNegative() ? new Deadline(Kind.AT, clock.nanoTime() - MAX_NANOS) : NEVER;
    }
    if (nanos > MAX_NANOS) {
      return NEVER;
    }
    return new Deadline(Kind.AT, clock.nanoTime() + Math.max(nanos, -MAX_NANOS));
  }

  /** The deadline at an absolute value of a clock's {@code nanoTime()}. */
  public static Deadline at(long nanoTime) {
    return new Deadline(Kind.AT, nanoTime);
  }

  /**
   * libdill's form, an absolute time: {@code -1} is {@link #NEVER}, {@code 0} is {@link #NOW}, any
   * other value is a point in milliseconds on the scale of {@link #nowMillis()} (libdill's {@code
   * now() + 500} is {@code Deadline.atMillis(Deadline.nowMillis() + 500)}; for "500 ms from now"
   * {@link #after(Duration)} says it directly).
   *
   * @throws InvalidArgumentException with EINVAL for a negative value other than -1
   */
  public static Deadline atMillis(long millis) {
    if (millis == -1) {
      return NEVER;
    }
    if (millis == 0) {
      return NOW;
    }
    if (millis < 0) {
      throw new InvalidArgumentException(
          Errno.EINVAL, Long.toString(millis), "a deadline is -1, 0 or a time from nowMillis()");
    }
    if (millis > Long.MAX_VALUE / 1_000_000L) {
      throw new InvalidArgumentException(
          Errno.EINVAL,
          Long.toString(millis),
          "a deadline in milliseconds must fit in nanoseconds");
    }
    return new Deadline(Kind.AT, millis * 1_000_000L);
  }

  /** libdill's {@code now()}: the system monotonic clock in milliseconds. */
  public static long nowMillis() {
    return System.nanoTime() / 1_000_000L;
  }

  /** Whether this is {@link #NEVER}. */
  public boolean isNever() {
    return kind == Kind.NEVER;
  }

  /** Whether this is {@link #NOW}. */
  public boolean isNow() {
    return kind == Kind.NOW;
  }

  /**
   * Nanoseconds left on {@code clock}: {@link Long#MAX_VALUE} for NEVER, 0 for NOW or a deadline
   * that has passed.
   */
  public long remainingNanos(MonotonicClock clock) {
    return switch (kind) {
      case NOW -> 0;
      case NEVER -> Long.MAX_VALUE;
      case AT -> Math.max(0, at - clock.nanoTime());
    };
  }

  /** Time left on the system clock (NEVER gives {@code Long.MAX_VALUE} nanoseconds). */
  public Duration remaining() {
    return Duration.ofNanos(remainingNanos(MonotonicClock.SYSTEM));
  }

  /** Whether the deadline has passed on {@code clock} (always for NOW, never for NEVER). */
  public boolean hasPassed(MonotonicClock clock) {
    return switch (kind) {
      case NOW -> true;
      case NEVER -> false;
      case AT -> at - clock.nanoTime() <= 0;
    };
  }

  /** Whether the deadline has passed on the system clock. */
  public boolean hasPassed() {
    return hasPassed(MonotonicClock.SYSTEM);
  }

  /**
   * The timeout argument for {@code poll(2)}: -1 for NEVER, 0 for NOW or a passed deadline, else
   * the milliseconds left rounded up (so a wait never ends before the deadline), at most {@link
   * Integer#MAX_VALUE}.
   */
  public int pollTimeoutMillis(MonotonicClock clock) {
    if (kind == Kind.NEVER) {
      return -1;
    }
    long nanos = remainingNanos(clock);
    long millis = nanos / 1_000_000L + (nanos % 1_000_000L == 0 ? 0 : 1);
    return (int) Math.min(Integer.MAX_VALUE, millis);
  }

  /** Whether this deadline comes strictly before {@code other} (NOW is earliest, NEVER latest). */
  public boolean isBefore(Deadline other) {
    if (kind == Kind.NOW) {
      return other.kind != Kind.NOW;
    }
    if (kind == Kind.NEVER || other.kind == Kind.NOW) {
      return false;
    }
    if (other.kind == Kind.NEVER) {
      return true;
    }
    // By subtraction, as nanoTime wraps. Two points exactly 2^63 ns apart differ by
    // Long.MIN_VALUE either way round, so each would come before the other: the smaller raw value
    // is the earlier one there, which keeps the order strict (never both ways).
    long d = at - other.at;
    return d < 0 && (d != Long.MIN_VALUE || at < other.at);
  }

  /** The earlier of the two (Go's rule: the earliest of timeout, deadline and context wins). */
  public Deadline earliest(Deadline other) {
    return other.isBefore(this) ? other : this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Deadline d && d.kind == kind && d.at == at;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Long.hashCode(at);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case NOW -> "Deadline.NOW";
      case NEVER -> "Deadline.NEVER";
      case AT -> "Deadline[at=" + at + "ns]";
    };
  }
}
