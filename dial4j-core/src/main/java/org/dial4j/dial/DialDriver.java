package org.dial4j.dial;

import java.io.IOException;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link DialRace} runs: one thread, its clock and timers, and the connect primitive. The
 * real one is an event loop ({@link LoopDriver}); tests drive a race on a virtual clock with a
 * scripted one (ARCHITECTURE.md: time and scheduling are injected). Every call is made, and every
 * callback comes, on the driver's thread, except {@link #execute}.
 *
 * @param <C> what a successful connect yields (a {@link Connection} on a loop)
 */
interface DialDriver<C> {
  /** Now, in nanoseconds on the driver's monotonic clock. */
  long nanoTime();

  /** Runs {@code task} on the driver's thread soon; callable from any thread. */
  void execute(Runnable task);

  /** Runs {@code task} on the driver's thread at {@code atNanos}; the handle cancels it. */
  Cancel schedule(long atNanos, Runnable task);

  /**
   * Makes the object of one attempt of {@code race} (not started yet): a subclass of the driver's
   * own that carries what its connect needs and its cancel, so that the race's bookkeeping and the
   * driver's connect are one object.
   *
   * @param number the attempt's number in the race, from 1
   * @param startedAt when it starts, on the driver's clock
   */
  DialAttempt<C> attempt(DialRace<C> race, int number, InetEndpoint target, long startedAt);

  /**
   * Starts connecting {@code attempt} (made by {@link #attempt}) from {@code source} (null: the
   * kernel picks) to its target, giving up at {@code deadline} (on the driver's clock; {@link
   * Deadline#NEVER}: none) with ETIMEDOUT. The outcome comes later through the attempt's {@link
   * DialAttempt#connected} or {@link DialAttempt#failed}, once, on the driver's thread.
   *
   * @param name the dial's name, for the loop's {@code fds} view and logs
   * @throws IOException a failure known at once (EADDRNOTAVAIL, ENETUNREACH, EMFILE, ...)
   */
  void start(String name, @Nullable InetEndpoint source, DialAttempt<C> attempt, Deadline deadline)
      throws IOException;

  /**
   * Why the driver takes no more work, or null while it does. An event loop whose close began on
   * another thread while the race ran a step in its last turn refuses timers and connects before
   * its close hooks cancel the dial: the race then ends as that cancel would (ECANCELED with this
   * reason), not with the refusal. Null by default (a driver that never stops).
   */
  default @Nullable String stopped() {
    return null;
  }

  /** Closes a connection the race does not want (a late second success). */
  void discard(C connection);

  /** The local address of a connection (asked only when a listener will show it). */
  @Nullable InetEndpoint local(C connection);

  /** A scheduled task that can be given up. */
  interface Cancel {
    /** Gives it up. Idempotent. */
    void cancel();
  }
}
