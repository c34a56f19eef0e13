package org.dial4j.loop;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Small helpers for loop tests: run code on a loop's thread and wait, boundedly, for the answer.
 */
final class Loops {
  private Loops() {}

  /** What a test runs on the loop thread. */
  @FunctionalInterface
  interface LoopAction {
    void run() throws Exception;
  }

  /** Runs {@code c} on {@code loop}'s thread and returns its result (5 s bound). */
  static <T> T onLoop(EventLoop loop, Callable<T> c) throws Exception {
    return loop.submit(c).get(5, TimeUnit.SECONDS);
  }

  /** Runs {@code a} on {@code loop}'s thread and waits for it (5 s bound). */
  static void runOnLoop(EventLoop loop, LoopAction a) throws Exception {
    onLoop(
        loop,
        () -> {
          a.run();
          return null;
        });
  }

  /**
   * Descriptors plus timers the loop still holds: what a finished test expects to be 0 (usable in
   * an Await condition).
   */
  static int leftOver(EventLoop loop) {
    try {
      return onLoop(loop, () -> loop.registeredCount() + loop.timerCount());
    } catch (Exception e) {
      throw new AssertionError("cannot count what " + loop + " holds", e);
    }
  }

  /** The loop's timer count, read on its thread. */
  static int timers(EventLoop loop) throws Exception {
    return onLoop(loop, loop::timerCount);
  }

  /**
   * The {@link FdFlags} of {@code fd}, read on its loop's thread (usable in an Await condition).
   */
  static int flags(LoopFd fd) {
    try {
      return onLoop(fd.loop(), fd::flags);
    } catch (Exception e) {
      throw new AssertionError("cannot read the flags of " + fd, e);
    }
  }
}
