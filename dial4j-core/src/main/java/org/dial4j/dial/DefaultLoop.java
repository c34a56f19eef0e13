package org.dial4j.dial;

import java.io.IOException;
import org.dial4j.loop.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * The event loop every {@link Dialer} built without a loop or a group shares: a daemon thread named
 * {@code dial4j-dialer}, started on first use, and started anew if it has been closed or its thread
 * died.
 */
final class DefaultLoop {
  private static final Object LOCK = new Object();
  private static @Nullable EventLoop loop;

  private DefaultLoop() {}

  /** The shared loop if one has been started (running or not), else null; starts none. */
  static @Nullable EventLoop peek() {
    synchronized (LOCK) {
      return loop;
    }
  }

  /**
   * The shared loop, running.
   *
   * @throws IOException EMFILE and the like from starting it
   */
  static EventLoop get() throws IOException {
    synchronized (LOCK) {
      if (loop == null || !loop.isRunning()) {
        loop = EventLoop.builder().name("dial4j-dialer").daemon(true).build().start();
      }
      return loop;
    }
  }
}
