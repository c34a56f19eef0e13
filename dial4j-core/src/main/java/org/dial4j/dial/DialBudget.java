package org.dial4j.dial;

import org.dial4j.Deadline;

/**
 * How a dial's one deadline is spent on each connect attempt (the policy Go's {@code
 * Dialer.partialDeadline} applies, documented on {@link Dialer}).
 *
 * <p>An attempt may run until {@code now + remaining / (addresses not yet started + 1)}, but never
 * less than {@link #SANE_MINIMUM_NANOS} (2 s, Go's {@code saneMinimum}) unless less than that is
 * left, and never past the dial's deadline. So a host with many addresses that all hang still gets
 * each of them tried before the deadline, and the last address gets all that is left. Happy
 * Eyeballs starts the next attempt after the attempt delay anyway; the budget matters when the cap
 * on attempts in flight holds an address back.
 */
final class DialBudget {
  /** Go's {@code saneMinimum}: an attempt's share is never cut below 2 s. */
  static final long SANE_MINIMUM_NANOS = 2_000_000_000L;

  private DialBudget() {}

  /**
   * The deadline of an attempt started at {@code now} (nanoTime on the dial's clock), given the
   * dial's deadline ({@code hasDeadline} false: none, and the attempt has none either: {@link
   * Deadline#NEVER}) and how many addresses, this one included, are still to start.
   */
  static Deadline attemptDeadline(long now, boolean hasDeadline, long deadline, int addressesLeft) {
    if (!hasDeadline) {
      return Deadline.NEVER;
    }
    long remaining = deadline - now;
    if (remaining <= 0) {
      return Deadline.at(deadline);
    }
    long share = remaining / Math.max(1, addressesLeft);
    long floor = Math.min(SANE_MINIMUM_NANOS, remaining);
    return Deadline.at(now + Math.max(share, floor));
  }
}
