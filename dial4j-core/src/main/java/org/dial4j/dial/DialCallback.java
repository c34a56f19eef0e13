package org.dial4j.dial;

import java.io.IOException;
import org.dial4j.Deadline;
import org.jspecify.annotations.Nullable;

/**
 * The event-loop face of a dial ({@link Dialer#dial(String, Deadline, DialCallback)}): called
 * exactly once when the dial ends, on the loop thread (or on the calling thread, at once, when the
 * dial cannot start: a closed dialer or loop). It must not block.
 */
@FunctionalInterface
public interface DialCallback {
  /**
   * Receives the dial's outcome: exactly one of the two is null.
   *
   * @param connection the connection, or null if the dial failed; the callback owns it
   * @param failure the dial's error (see {@link Dialer} for its errno values), or null if it
   *     connected
   */
  void onDial(@Nullable Connection connection, @Nullable IOException failure);
}
