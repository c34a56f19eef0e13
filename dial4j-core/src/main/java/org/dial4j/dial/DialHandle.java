package org.dial4j.dial;

import org.dial4j.Deadline;

/**
 * A dial started through one of {@link Dialer}'s callback faces ({@link Dialer#dial(String,
 * Deadline, DialCallback)}): what the caller keeps to cancel it. The outcome itself goes to the
 * {@link DialCallback}, exactly once.
 */
public interface DialHandle {
  /**
   * Cancels the dial if it is still in progress; from any thread. When this returns true the
   * callback gets ECANCELED (on the loop thread, soon), even if a connection won at the same
   * moment: that connection is closed. Everything the dial opened is closed.
   *
   * @return true if this call cancelled the dial; false if it had already ended or been cancelled
   */
  boolean cancel();

  /** Whether the dial has ended: its callback has been called or is being called. */
  boolean isDone();
}
