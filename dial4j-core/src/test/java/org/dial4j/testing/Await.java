package org.dial4j.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waiting for a condition, for tests that must wait for something another thread or the
 * kernel does.
 *
 * <p>Sleeping for a guessed time is both slow (the guess is padded) and flaky (a loaded machine
 * exceeds it). Here the condition is re-checked after short parks, so the wait ends as soon as the
 * condition holds, and the bound only decides when to give up.
 */
public final class Await {
  /** The longest park between checks: short enough not to add latency a test would notice. */
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private Await() {}

  /**
   * Returns once {@code condition} holds, checking it at once and then every couple of
   * milliseconds.
   *
   * @param what what is awaited, for the failure message
   * @param condition checked on the calling thread; it must not block
   * @param bound how long to keep checking
   * @throws AssertionError "timed out after BOUND waiting for WHAT" when the bound passes, or when
   *     the thread is interrupted (its interrupt status is kept)
   */
  public static void until(String what, BooleanSupplier condition, Duration bound) {
    long start = System.nanoTime();
    long boundNanos = bound.toNanos();
    while (!condition.getAsBoolean()) {
      long remaining = boundNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        throw new AssertionError("timed out after " + format(bound) + " waiting for " + what);
      }
      // parkNanos returns at once while the interrupt status is set, which would spin.
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while waiting for " + what);
      }
      LockSupport.parkNanos(Math.min(remaining, MAX_PARK_NANOS));
    }
  }

  private static String format(Duration bound) {
    if (bound.toMillisPart() == 0 && bound.toNanosPart() == 0) {
      return bound.toSeconds() + " s";
    }
    return bound.toMillis() + " ms";
  }

  /**
   * Waits until {@code t} waits inside a blocking call: parked ({@code WAITING} or {@code
   * TIMED_WAITING}, as a virtual thread and every wait through the loop are), or a platform thread
   * inside a {@code Connection}'s own {@code poll(2)} wait (a running native call, which the thread
   * state calls {@code RUNNABLE}).
   */
  public static void untilWaiting(Thread t, Duration bound) {
    until(t.getName() + " to wait in its call", () -> isWaiting(t), bound);
  }

  private static boolean isWaiting(Thread t) {
    Thread.State state = t.getState();
    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
      return true;
    }
    if (state != Thread.State.RUNNABLE || t.isVirtual()) {
      return false;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().equals("org.dial4j.dial.Connection")
          && frame.getMethodName().equals("pollWait")) {
        return true;
      }
    }
    return false;
  }
}
