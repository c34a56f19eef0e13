package org.dial4j.dial;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * One direction of a {@link Connection}: libdill's {@code indone}/{@code inerr} (or {@code
 * outdone}/{@code outerr}) bits, the one thread allowed to use the direction now, and the readiness
 * flag that is set before that thread is unparked.
 */
final class ConnectionSide {
  /** The thread in a call on this side, or null; a second thread gets EBUSY instead of a turn. */
  final AtomicReference<@Nullable Thread> user = new AtomicReference<>();

  /**
   * Set by the loop when the descriptor became ready (or hung up, or the loop closed), and by
   * {@link Connection#close()} from any thread; the waiter clears it before it asks the loop.
   */
  volatile boolean ready;

  /** libdill's {@code indone}/{@code outdone}: end of stream read, or the write side shut down. */
  volatile boolean done;

  /** libdill's {@code inerr}/{@code outerr}: the errno that broke this side, or null. */
  volatile @Nullable Errno broken;

  /** Claims the side for the calling thread; false if another thread is using it. */
  boolean enter() {
    return user.compareAndSet(null, Thread.currentThread());
  }

  void leave() {
    user.set(null);
  }

  /** Marks the side ready and unparks its user, if any. From any thread. */
  void wake() {
    ready = true;
    Thread t = user.get();
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Records the first error that breaks the side (libdill keeps one bit; we keep the errno). */
  void breakWith(Errno errno) {
    if (broken == null) {
      broken = errno;
    }
  }
}
