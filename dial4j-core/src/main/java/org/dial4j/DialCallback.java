package org.dial4j;

import java.io.IOException;

/**
 * The event-loop face of a dial ({@link Dialer#dial(String, String, Deadline, DialCallback)}):
 * called once, on the loop thread, when the dial ends. It must not block.
 */
@FunctionalInterface
public interface DialCallback {
  /**
   * @param connection the connection, or null if the dial failed; the callback owns it
   * @param failure the dial's error (see {@link Dialer} for its errno values), or null if it
   *     connected
   */
  void onDial(Connection connection, IOException failure);
}
