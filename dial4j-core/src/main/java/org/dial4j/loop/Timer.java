package org.dial4j.loop;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task scheduled on an {@link EventLoop} ({@link EventLoop#schedule}). It runs once on the loop
 * thread unless cancelled first.
 */
public final class Timer extends TimerNode {
  private static final int PENDING = 0;
  private static final int FIRED = 1;
  private static final int CANCELLED = 2;

  private final EventLoop loop;
  private final Runnable task;
  private final AtomicInteger state = new AtomicInteger(PENDING);

  Timer(EventLoop loop, Runnable task) {
    this.loop = loop;
    this.task = task;
  }

  /**
   * Cancels the task if it has not run yet; from any thread. The timer leaves the loop's heap at
   * once on the loop thread, or at the loop's next turn from another thread.
   *
   * @return true if this call stopped the task from running
   */
  public boolean cancel() {
    if (!state.compareAndSet(PENDING, CANCELLED)) {
      return false;
    }
    loop.cancelTimer(this);
    return true;
  }

  /** True once the task has run (or started to). */
  public boolean hasFired() {
    return state.get() == FIRED;
  }

  /** True once {@link #cancel} stopped it (or its loop closed before it ran). */
  public boolean isCancelled() {
    return state.get() == CANCELLED;
  }

  /** The loop closed first: the task will never run. */
  void markCancelled() {
    state.compareAndSet(PENDING, CANCELLED);
  }

  @Override
  void expire() {
    if (state.compareAndSet(PENDING, FIRED)) {
      task.run();
    }
  }
}
