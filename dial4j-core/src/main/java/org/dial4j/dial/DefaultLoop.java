package org.dial4j.dial;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.loop.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * The event loops every {@link Dialer} built without a loop or a group shares: {@link #COUNT}
 * daemon threads, named {@code dial4j-dialer} when there is one and {@code dial4j-dialer-0}, {@code
 * -1}, ... when there are several, each started on first use and started anew if it has been closed
 * or its thread died. Dials are spread over them round robin.
 *
 * <p>How many: one loop per two processors ({@link Runtime#availableProcessors()}), at least one,
 * or {@code -Ddial4j.dialer.loops=N}. A loop thread makes the connects' system calls itself, so it
 * needs more of a processor per connect than the JDK's pollers, which only wait (JDK 25's pollers
 * on platform threads, {@code -Djdk.pollerMode=1}, are one per four processors; by default on Linux
 * they are virtual threads on the carriers themselves, one per processor up to 32: {@code
 * sun.nio.ch.DefaultPollerProvider}); half the processors leaves the other half to the threads that
 * dial. On the 2-processor machines of BENCHMARKS.md that is one loop, where two loops gave a
 * blocking dial on two carriers about 15% more connects a second, and the carriers less.
 */
final class DefaultLoop {
  /** The property that sets {@link #COUNT}. */
  static final String LOOPS_PROPERTY = "dial4j.dialer.loops";

  /** How many shared loops: {@link #LOOPS_PROPERTY}, else one per two processors, at least 1. */
  static final int COUNT;

  /**
   * {@link #LOOPS_PROPERTY}'s text when it is not a count, else null: every {@link #get} then fails
   * with EINVAL naming it (a fresh exception each time, with that call's stack).
   */
  private static final @Nullable String BAD_PROPERTY;

  static {
    int n = 1;
    String property = System.getProperty(LOOPS_PROPERTY);
    String bad = null;
    try {
      n = count(property);
    } catch (InvalidArgumentException e) {
      bad = property;
    }
    COUNT = n;
    BAD_PROPERTY = bad;
  }

  private static final Object LOCK = new Object();
  private static final AtomicReferenceArray<@Nullable EventLoop> LOOPS =
      new AtomicReferenceArray<>(COUNT);
  private static final AtomicInteger NEXT = new AtomicInteger();

  private DefaultLoop() {}

  /**
   * The loop count {@code property} asks for, or one per two processors when it is null.
   *
   * @throws InvalidArgumentException EINVAL for a property that is not a count from 1 to 1024
   */
  static int count(@Nullable String property) {
    if (property == null) {
      return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
    int n;
    try {
      n = Integer.parseInt(property.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > 1024) {
      throw new InvalidArgumentException(
          Errno.EINVAL, "-D" + LOOPS_PROPERTY + "=" + property, "not a loop count from 1 to 1024");
    }
    return n;
  }

  /** The shared loops started so far (running or not); starts none. */
  static List<EventLoop> peek() {
    List<EventLoop> started = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      EventLoop l = LOOPS.get(i);
      if (l != null) {
        started.add(l);
      }
    }
    return started;
  }

  /**
   * The next shared loop, round robin, running.
   *
   * @throws IOException EMFILE and the like from starting it
   * @throws InvalidArgumentException EINVAL if {@code -Ddial4j.dialer.loops} is not a count
   */
  static EventLoop get() throws IOException {
    return get(COUNT == 1 ? 0 : Math.floorMod(NEXT.getAndIncrement(), COUNT));
  }

  /**
   * The first shared loop, running: the one a resolver that keeps state per loop (its sockets, its
   * cache) uses every time.
   *
   * @throws IOException EMFILE and the like from starting it
   * @throws InvalidArgumentException EINVAL if {@code -Ddial4j.dialer.loops} is not a count
   */
  static EventLoop first() throws IOException {
    return get(0);
  }

  private static EventLoop get(int i) throws IOException {
    if (BAD_PROPERTY != null) {
      count(BAD_PROPERTY); // throws
    }
    EventLoop l = LOOPS.get(i);
    if (l != null && l.isRunning()) {
      return l; // no lock on the way of every dial
    }
    synchronized (LOCK) {
      l = LOOPS.get(i);
      if (l == null || !l.isRunning()) {
        String name = COUNT == 1 ? "dial4j-dialer" : "dial4j-dialer-" + i;
        l = EventLoop.builder().name(name).daemon(true).build().start();
        LOOPS.set(i, l);
      }
      return l;
    }
  }
}
