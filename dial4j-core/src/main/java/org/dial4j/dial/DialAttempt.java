package org.dial4j.dial;

import java.io.IOException;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * One connect attempt of a {@link DialRace}, as one object with its driver's connect: the race's
 * bookkeeping (number, target, start, its links among the running attempts), where the driver
 * reports the outcome ({@link #connected}, {@link #failed}), and, in the driver's subclass ({@link
 * DialDriver#attempt}), what the connect itself needs and its cancel. One object, not the race's
 * and the driver's each: the connect path counts its bytes (issue 14).
 *
 * <p>Every call is made on the driver's thread.
 *
 * @param <C> what a successful connect yields
 */
abstract class DialAttempt<C> implements DialErrors.Tried {
  /** The race it belongs to, which hears its outcome. */
  final DialRace<C> race;

  final int number;
  final InetEndpoint target;
  final long startedAt;

  /** Its outcome has been taken (or the race gave it up): a later report is a late one. */
  boolean over;

  /**
   * Its neighbours in the race's running attempts (a list of the race's own would be an object
   * more).
   */
  @Nullable DialAttempt<C> prev;

  @Nullable DialAttempt<C> next;

  /**
   * @param number its number in the race, from 1
   * @param startedAt when it starts, on the driver's clock
   */
  DialAttempt(DialRace<C> race, int number, InetEndpoint target, long startedAt) {
    this.race = race;
    this.number = number;
    this.target = target;
    this.startedAt = startedAt;
  }

  /** The attempt connected (the driver's report, once). */
  final void connected(C connection) {
    race.attemptConnected(this, connection);
  }

  /** The attempt failed: refused, unreachable, timed out at its own deadline, ... (once). */
  final void failed(IOException error) {
    race.attemptFailed(this, error);
  }

  /**
   * The kernel refused a Multipath TCP socket with {@code errno}, and the attempt goes on over
   * plain TCP. During {@link DialDriver#start}, before it returns.
   */
  final void multipathRefused(Errno errno) {
    race.multipathRefused(this, errno);
  }

  /** Gives the connect up: the race hears nothing more from it. Idempotent. */
  abstract void cancel();

  @Override
  public int number() {
    return number;
  }

  @Override
  public InetEndpoint target() {
    return target;
  }

  @Override
  public long startedAt() {
    return startedAt;
  }
}
