package org.dial4j;

/**
 * A monotonic clock in nanoseconds, injected wherever dial4j measures time so that deadline and
 * race logic can run on a virtual clock in tests.
 *
 * <p>Values are only meaningful relative to each other: like {@link System#nanoTime()} they may
 * wrap, so compare them by subtraction ({@code a - b < 0}), never with {@code <} (okio's {@code
 * Timeout} makes the same point).
 */
@FunctionalInterface
public interface MonotonicClock {
  /** The system's monotonic clock, {@link System#nanoTime()}. */
  MonotonicClock SYSTEM = System::nanoTime;

  /** The current time in nanoseconds on this clock's own scale. */
  long nanoTime();
}
