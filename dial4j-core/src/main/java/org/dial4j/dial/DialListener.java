package org.dial4j.dial;

/**
 * Sees every {@link DialEvent} of the dials a {@link Dialer} makes (okhttp's {@code EventListener},
 * Go's {@code httptrace}, as one sealed event type: switch on it).
 *
 * <p>Called on the event-loop thread that runs the dial, in order, so it must not block; an
 * exception it throws is logged by the loop and does not change the dial. One listener may see
 * several dials at once: {@link DialEvent#dial()} tells them apart.
 */
@FunctionalInterface
public interface DialListener {
  /** No-op listener, the default. */
  DialListener NONE = event -> {};

  /** One event of one dial. */
  void onEvent(DialEvent event);
}
