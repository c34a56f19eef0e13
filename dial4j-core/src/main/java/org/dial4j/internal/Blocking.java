package org.dial4j.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The guard that keeps event-loop threads from blocking (ARCHITECTURE.md's rule "a loop thread
 * never blocks", checked as Netty's {@code BlockingOperationException} and Project Reactor's
 * BlockHound check it). A loop thread marks itself once; every dial4j call that may block asks
 * {@link #check} first, which throws on a loop thread and counts the violation, so that a test
 * suite can fail any test in which one happened, even if the caller swallowed the exception.
 */
public final class Blocking {
  private Blocking() {}

  private static final ThreadLocal<String> LOOP = new ThreadLocal<>();
  private static final AtomicLong VIOLATIONS = new AtomicLong();
  private static volatile @Nullable String lastViolation;

  /** Marks the calling thread as the thread of the event loop {@code loopName}. */
  public static void markLoopThread(String loopName) {
    LOOP.set(loopName);
  }

  /** True on a thread that {@link #markLoopThread} marked. */
  public static boolean onLoopThread() {
    return LOOP.get() != null;
  }

  /**
   * {@link #check(String)} of {@code what + detail}, the text built only for a violation (a
   * blocking call's check costs no string per call).
   *
   * @throws IllegalStateException on a loop thread, after counting the violation
   */
  public static void check(String what, Object detail) {
    if (LOOP.get() != null) {
      check(what + detail);
    }
  }

  /**
   * Refuses a blocking call on a loop thread.
   *
   * @param what the call, as it should read in the message ("poll", "resolve example.com:80")
   * @throws IllegalStateException on a loop thread, after counting the violation
   */
  public static void check(String what) {
    String loop = LOOP.get();
    if (loop != null) {
      String message = "blocking call '" + what + "' on event loop thread '" + loop + "'";
      lastViolation = message;
      VIOLATIONS.incrementAndGet();
      throw new IllegalStateException(message);
    }
  }

  /** How many violations {@link #check} has seen in this JVM. */
  public static long violations() {
    return VIOLATIONS.get();
  }

  /** The message of the most recent violation, or null. */
  public static @Nullable String lastViolation() {
    return lastViolation;
  }
}
