package org.dial4j.dial;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import org.dial4j.error.Errno;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.LoopFd;
import org.jspecify.annotations.Nullable;

/**
 * One direction of a {@link Connection}: libdill's {@code indone}/{@code inerr} (or {@code
 * outdone}/{@code outerr}) bits, the one thread allowed to use the direction now, and the readiness
 * flag that is set before that thread is unparked. It is also the task a waiting thread hands the
 * loop to add this direction to the descriptor's interest ({@link #run}): one object per direction
 * for both jobs, since every connection makes two (the connect path counts its bytes).
 */
final class ConnectionSide implements Runnable {
  private static final VarHandle USER;

  static {
    try {
      USER = MethodHandles.lookup().findVarHandle(ConnectionSide.class, "user", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LoopFd lf;

  /** {@link FdFlags#R} or {@link FdFlags#W}: the interest this direction waits for. */
  private final int flag;

  /** The thread in a call on this side, or null; a second thread gets EBUSY instead of a turn. */
  @SuppressWarnings("unused") // through USER
  private volatile @Nullable Thread user;

  /**
   * Set by the loop when the descriptor became ready (or hung up, or the loop closed), and by
   * {@link Connection#close()} from any thread; the waiter clears it before it asks the loop.
   */
  volatile boolean ready;

  /** libdill's {@code indone}/{@code outdone}: end of stream read, or the write side shut down. */
  volatile boolean done;

  /** libdill's {@code inerr}/{@code outerr}: the errno that broke this side, or null. */
  volatile @Nullable Errno broken;

  ConnectionSide(LoopFd lf, int flag) {
    this.lf = lf;
    this.flag = flag;
  }

  /** Claims the side for the calling thread; false if another thread is using it. */
  boolean enter() {
    return USER.compareAndSet(this, (Thread) null, Thread.currentThread());
  }

  void leave() {
    user = null;
  }

  /** Marks the side ready and unparks its user, if any. From any thread. */
  void wake() {
    ready = true;
    Thread t = user;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * On the loop: adds this direction to the interest (unless the loop let go of the descriptor).
   */
  @Override
  public void run() {
    if (lf.isOpen()) {
      lf.interest((lf.flags() & (FdFlags.R | FdFlags.W)) | flag);
    }
  }

  /** Records the first error that breaks the side (libdill keeps one bit; we keep the errno). */
  void breakWith(Errno errno) {
    if (broken == null) {
      broken = errno;
    }
  }
}
