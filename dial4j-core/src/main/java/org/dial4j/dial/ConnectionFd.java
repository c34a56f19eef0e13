package org.dial4j.dial;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.FdLife;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.LoopFd;
import org.dial4j.sys.Syscalls;

/**
 * The life of a {@link Connection}'s descriptor: one reference for the owner plus one per call in
 * progress, so that {@code close(2)} runs once, after the last call using the number has left
 * (never under a running call, so the number is never reused under one), and after the loop has let
 * go of it ({@link FdFlags#OWNER_CLOSES}). The count is {@link FdLife}, the one {@code PosixSocket}
 * keeps too; this class adds the hand-over with a loop that may be closing at the same time.
 */
final class ConnectionFd {
  /** The loop still watches the descriptor. */
  private static final int REGISTERED = 0;

  /** The loop let go of it (its close sweep); the connection closes it when it is done. */
  private static final int UNREGISTERED = 1;

  /** The connection is done with it while the loop closes: the loop's FAILED callback closes it. */
  private static final int CLOSE_WANTED = 2;

  /** close(2) ran (or is running). */
  private static final int FD_CLOSED = 3;

  private final LoopFd lf;
  private final EventLoop loop;
  private final int fd;
  private final Syscalls sys;

  /** The owner's reference and the calls'; the last release runs {@link #destroy}. */
  private final FdLife life =
      new FdLife(
          () -> {
            destroy();
            return 0;
          });

  private final AtomicInteger registration = new AtomicInteger(REGISTERED);

  /** Handed over ({@link Connection#detach}): let go of, never closed. */
  private volatile boolean detached;

  /** Completed once the loop has let go of the descriptor for good (closed or handed over). */
  private final CompletableFuture<Void> letGo = new CompletableFuture<>();

  ConnectionFd(LoopFd lf, Syscalls sys) {
    this.lf = lf;
    this.loop = lf.loop();
    this.fd = lf.fd();
    this.sys = sys;
  }

  /** A reference for one call; false once closed. Each true is paired with one {@link #release}. */
  boolean tryAcquire() {
    return life.tryAcquire();
  }

  /** Gives a reference back; the last one closes the descriptor (see {@link #destroy}). */
  void release() {
    life.release();
  }

  /**
   * Marks it closed, so that no new call gets a reference; true the first time only. The caller
   * then gives the owner's reference back with {@link #release}.
   */
  boolean markClosed() {
    return life.markClosed();
  }

  boolean isClosed() {
    return life.isClosed();
  }

  /**
   * From now on the descriptor is handed over: when the last reference goes, it is taken out of the
   * loop and not closed. Before the owner's reference is given back.
   */
  void handOver() {
    detached = true;
  }

  /** Completed when the loop has let go of the descriptor for good. */
  CompletableFuture<Void> letGo() {
    return letGo;
  }

  /** close(2), unless handed over; either way the loop has let go now. */
  private void closeOrHandOver() {
    if (!detached) {
      sys.close(fd);
    }
    letGo.complete(null);
  }

  /**
   * On the loop, in its FAILED callback: the loop closes and lets go of the descriptor. Unregisters
   * it and, if the connection was done with it already ({@link #destroy} found the loop closing),
   * closes it; else the last {@link #release} will.
   */
  void loopLetGo() {
    lf.close(); // OWNER_CLOSES: unregisters, does not close
    if (!registration.compareAndSet(REGISTERED, UNREGISTERED)
        && registration.compareAndSet(CLOSE_WANTED, FD_CLOSED)) {
      closeOrHandOver();
    }
  }

  /**
   * The last reference is gone: unregister on the loop thread, then close(2). Off the loop the
   * caller waits for that (one loop turn), so that the descriptor is closed when it returns; on
   * another loop's thread it does not wait (a loop thread never blocks).
   */
  private void destroy() {
    if (loop.inLoop()) {
      unregisterAndClose();
      return;
    }
    try {
      if (Blocking.onLoopThread()) {
        loop.execute(this::unregisterAndClose);
      } else {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        loop.execute(
            () -> {
              try {
                unregisterAndClose();
              } finally {
                finished.complete(null);
              }
            });
        finished.join();
      }
      return;
    } catch (RejectedExecutionException e) {
      // The loop is closing or closed: below.
    }
    // Closing: its sweep will call loopLetGo, which closes. Closed: loopLetGo already ran.
    if (!registration.compareAndSet(REGISTERED, CLOSE_WANTED)
        && registration.compareAndSet(UNREGISTERED, FD_CLOSED)) {
      closeOrHandOver();
    }
  }

  private void unregisterAndClose() {
    lf.close(); // OWNER_CLOSES: out of epoll and the table; no-op if the loop let go already
    if (registration.getAndSet(FD_CLOSED) != FD_CLOSED) {
      closeOrHandOver();
    }
  }
}
