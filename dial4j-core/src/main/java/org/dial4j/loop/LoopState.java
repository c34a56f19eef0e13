package org.dial4j.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where an {@link EventLoop} is in its life, one volatile int that any thread reads and the few
 * transitions below write: NEW (built), RUNNING (started), CLOSING (close called, or the thread is
 * ending), CLOSED (the end is done, or the loop was closed before it started). It only moves
 * forward, NEW to RUNNING to CLOSING to CLOSED, or NEW to CLOSED at once.
 *
 * <p>The machinery's classes (the inbox, the connect, the acceptor, the end) each ask it the one
 * question they need, by name, rather than comparing numbers. It is a field with a {@link
 * VarHandle} rather than an {@code AtomicInteger} so that a check on the connect path costs the
 * same loads it did when the state was the loop's own field.
 */
final class LoopState {
  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int CLOSING = 2;
  private static final int CLOSED = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(LoopState.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state = NEW;

  /** NEW to RUNNING ({@link EventLoop#start()}); false if it was started or closed before. */
  boolean start() {
    return STATE.compareAndSet(this, NEW, RUNNING);
  }

  /** NEW to CLOSED: a loop closed before it started; false if it was started. */
  boolean closeUnstarted() {
    return STATE.compareAndSet(this, NEW, CLOSED);
  }

  /** RUNNING to CLOSING (a close, or a thread that is ending); false if it was not running. */
  boolean stopRunning() {
    return STATE.compareAndSet(this, RUNNING, CLOSING);
  }

  /** CLOSED: the end is done (or the start failed). */
  void setClosed() {
    state = CLOSED;
  }

  /** RUNNING: the loop takes work. */
  boolean isRunning() {
    return state == RUNNING;
  }

  /** CLOSED: the eventfd may be closed, a wake-up must not write it. */
  boolean isClosed() {
    return state == CLOSED;
  }

  /** CLOSING or CLOSED: a close hook added now would not run. */
  boolean closingOrClosed() {
    return state >= CLOSING;
  }

  /**
   * NEW or CLOSED: no descriptor can be adopted. A CLOSING loop still adopts work accepted before
   * the close, so that its end reports a handed-over connect as cancelled.
   */
  boolean refusesAdoption() {
    return state == CLOSED || state == NEW;
  }

  @Override
  public String toString() {
    return switch (state) {
      case NEW -> "new";
      case RUNNING -> "running";
      case CLOSING -> "closing";
      default -> "closed";
    };
  }
}
