package org.dial4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.dial4j.sys.Syscalls;

/**
 * The life of a descriptor shared by the calls of several threads: one reference for the owner plus
 * one per call in progress, a closed flag that stops new calls, and the last release that runs
 * {@code close(2)} once, after the last call using the number has left, so the number is never
 * reused under a running call (Go's {@code internal/poll} keeps the same count in {@code fdMutex},
 * fd_mutex.go, and {@code FD.decref} closes when the last reference goes).
 *
 * <p>A call takes a reference with {@link #tryAcquire} (false once closed: the caller answers
 * EBADF) and gives it back with {@link #release}. Closing is two steps: {@link #markClosed} (true
 * for the first closer only), which stops new calls and tells waiting ones to end, then the first
 * closer's {@link #release} of the owner's reference. What the last release runs is the owner's to
 * say ({@link #lastRelease}): {@link #closing} runs {@code close(2)}; an owner that hands the
 * descriptor to another party first (a connection, to its loop) extends this class with its own
 * hand-over.
 *
 * <p>Public in this non-exported package because the socket layer and the dialer's connections
 * share the scheme. Its two fields are set through {@link VarHandle}s rather than held in an {@code
 * AtomicInteger} and an {@code AtomicBoolean}: one object per descriptor, not three.
 */
public abstract class FdLife {
  private static final VarHandle REFS;
  private static final VarHandle CLOSED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      REFS = l.findVarHandle(FdLife.class, "refs", int.class);
      CLOSED = l.findVarHandle(FdLife.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** 1 for the owner plus 1 per call in progress; the descriptor is closed when it drops to 0. */
  private volatile int refs = 1;

  private volatile boolean closed;

  /** A descriptor with the owner's reference. */
  protected FdLife() {}

  /**
   * What the last release runs, once, in the thread that gave the last reference back: returns what
   * {@code close(2)} returned (0 or {@code -errno}). A subclass is its own last release, so that a
   * descriptor's count and its closing are one object (the connect path counts its bytes).
   */
  protected abstract int lastRelease();

  /** A descriptor whose last release is {@code close(fd)} on {@code sys}. */
  public static FdLife closing(Syscalls sys, int fd) {
    return new Closing(sys, fd);
  }

  /** {@link #closing}'s count: {@code close(fd)} at the last release. */
  private static final class Closing extends FdLife {
    private final Syscalls sys;
    private final int fd;

    Closing(Syscalls sys, int fd) {
      this.sys = sys;
      this.fd = fd;
    }

    @Override
    protected int lastRelease() {
      return sys.close(fd);
    }
  }

  /**
   * A reference for one call; false once closed (or once the last reference is gone). Each true is
   * paired with one {@link #release}.
   */
  public boolean tryAcquire() {
    while (true) {
      int r = refs;
      if (r == 0 || closed) {
        return false;
      }
      if (REFS.compareAndSet(this, r, r + 1)) {
        return true;
      }
    }
  }

  /**
   * Gives a reference back; the last one runs the last release and returns its result (what {@code
   * close(2)} returned), any other returns 0.
   */
  public int release() {
    return (int) REFS.getAndAdd(this, -1) == 1 ? lastRelease() : 0;
  }

  /**
   * Marks the descriptor closed, so that no new call gets a reference; true the first time only.
   * The caller that got true then gives the owner's reference back with {@link #release} (after
   * waking its waiters, while the number is still its own).
   */
  public boolean markClosed() {
    return !closed && CLOSED.compareAndSet(this, false, true);
  }

  /** Whether {@link #markClosed} has run: calls in progress stop waiting, new ones get EBADF. */
  public boolean isClosed() {
    return closed;
  }
}
