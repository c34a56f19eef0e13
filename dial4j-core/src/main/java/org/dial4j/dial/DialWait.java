package org.dial4j.dial;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The blocking face's wait: the dial's callback, which keeps its outcome in one slot and unparks
 * the caller. A parked thread and one object, instead of a future, its completion stage and the
 * future's waiter node: a virtual thread unmounts while it parks, pinning no carrier.
 */
final class DialWait implements DialCallback {
  private final Thread waiter = Thread.currentThread();

  /** Set last, after the outcome: the caller reads the outcome once it sees this. */
  private volatile boolean done;

  private @Nullable Connection connection;
  private @Nullable IOException error;

  @Override
  public void onDial(@Nullable Connection c, @Nullable IOException e) {
    connection = c;
    error = e;
    done = true;
    LockSupport.unpark(waiter);
  }

  /**
   * Parks the calling thread (the one that made this) until the dial ends. An interrupt cancels the
   * dial (ECANCELED) and is kept; the wait goes on until the race has closed what it opened.
   */
  Connection await(DialTask task) throws IOException {
    boolean interrupted = false;
    while (!done) {
      LockSupport.park(this);
      // Cleared here (a set status would make every park return at once), restored below.
      if (Thread.interrupted() && !interrupted) {
        interrupted = true;
        task.cancel("the calling thread was interrupted");
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    IOException e = error;
    if (e != null) {
      throw e;
    }
    return Objects.requireNonNull(connection, "a dial ends with a connection or an error");
  }
}
