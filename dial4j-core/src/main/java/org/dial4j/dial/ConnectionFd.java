package org.dial4j.dial;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.FdLife;
import org.dial4j.internal.LoopAccess;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.LoopFd;
import org.jspecify.annotations.Nullable;

/**
 * The life of a {@link Connection}'s descriptor: one reference for the owner plus one per call in
 * progress, so that {@code close(2)} runs once, after the last call using the number has left
 * (never under a running call, so the number is never reused under one), and after the loop has let
 * go of it ({@link FdFlags#OWNER_CLOSES}). The count is {@link FdLife} (this class extends it), the
 * one {@code PosixSocket} keeps too; this class adds the hand-over with a loop that may be closing
 * at the same time. It is its count's last release itself ({@link #lastRelease}), and its state is
 * plain fields with a {@link VarHandle}: every connection makes one, and the connect path counts
 * its bytes.
 */
final class ConnectionFd extends FdLife {
  private static final VarHandle REGISTRATION;

  static {
    try {
      REGISTRATION =
          MethodHandles.lookup().findVarHandle(ConnectionFd.class, "registration", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The loop still watches the descriptor. */
  private static final int REGISTERED = 0;

  /** The loop let go of it (its close sweep); the connection closes it when it is done. */
  private static final int UNREGISTERED = 1;

  /** The connection is done with it while the loop closes: the loop's FAILED callback closes it. */
  private static final int CLOSE_WANTED = 2;

  /** close(2) ran (or is running). */
  private static final int FD_CLOSED = 3;

  private final LoopFd lf;

  /** {@link #REGISTERED} to {@link #FD_CLOSED}, through {@link #REGISTRATION}. */
  @SuppressWarnings("unused") // through REGISTRATION
  private volatile int registration = REGISTERED;

  /** Handed over ({@link Connection#detach}): let go of, never closed. */
  private volatile boolean detached;

  /** The loop has let go of the descriptor for good (closed or handed over). Guarded by this. */
  private boolean hasLetGo;

  /** Made when {@link #letGo()} is first asked for (only {@code detach} waits). Guarded by this. */
  private @Nullable CompletableFuture<Void> letGo;

  ConnectionFd(LoopFd lf) {
    this.lf = lf;
  }

  /** The loop's registration of the descriptor. */
  LoopFd loopFd() {
    return lf;
  }

  /** The last release: {@link #destroy}. */
  @Override
  protected int lastRelease() {
    destroy();
    return 0;
  }

  /**
   * From now on the descriptor is handed over: when the last reference goes, it is taken out of the
   * loop and not closed. Before the owner's reference is given back.
   */
  void handOver() {
    detached = true;
  }

  /** Completed when the loop has let go of the descriptor for good. */
  synchronized CompletableFuture<Void> letGo() {
    CompletableFuture<Void> f = letGo;
    if (f == null) {
      f = hasLetGo ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
      letGo = f;
    }
    return f;
  }

  /** close(2), unless handed over; either way the loop has let go now. */
  private void closeOrHandOver() {
    if (!detached) {
      // Its loop's system calls (a test's fake, or the real ones): read here, once, not kept.
      LoopAccess.syscalls(lf.loop()).close(lf.fd());
    }
    CompletableFuture<Void> f;
    synchronized (this) {
      hasLetGo = true;
      f = letGo;
    }
    if (f != null) {
      f.complete(null);
    }
  }

  /**
   * On the loop, in its FAILED callback: the loop closes and lets go of the descriptor. Unregisters
   * it and, if the connection was done with it already ({@link #destroy} found the loop closing),
   * closes it; else the last {@link #release} will.
   */
  void loopLetGo() {
    lf.close(); // OWNER_CLOSES: unregisters, does not close
    if (!REGISTRATION.compareAndSet(this, REGISTERED, UNREGISTERED)
        && REGISTRATION.compareAndSet(this, CLOSE_WANTED, FD_CLOSED)) {
      closeOrHandOver();
    }
  }

  /**
   * The last reference is gone. On the loop thread: unregister, then close(2). Elsewhere, while the
   * loop still watches the descriptor: close(2) here and now, and the loop drops its row on its
   * next turn without being woken for it. That is safe because the loop touches the number only
   * under a reference ({@code LoopAccess.Owners#guard}), of which none is left, and close(2) itself
   * takes the descriptor out of the epoll set (dial4j never dups one it watches): no round trip
   * through the loop thread, which for a dial-and-close on a virtual thread was two thread
   * hand-offs of the four it paid. A descriptor handed over ({@link #handOver}) still leaves the
   * loop on its thread first, and the caller waits for that.
   */
  private void destroy() {
    EventLoop loop = lf.loop();
    if (loop.inLoop()) {
      unregisterAndClose();
      return;
    }
    if (!detached && REGISTRATION.compareAndSet(this, REGISTERED, FD_CLOSED)) {
      closeOrHandOver();
      LoopAccess.owners().closedByOwner(lf);
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
    if (!REGISTRATION.compareAndSet(this, REGISTERED, CLOSE_WANTED)
        && REGISTRATION.compareAndSet(this, UNREGISTERED, FD_CLOSED)) {
      closeOrHandOver();
    }
  }

  private void unregisterAndClose() {
    if (detached) {
      lf.close(); // OWNER_CLOSES: out of epoll and the table; no-op if the loop let go already
    } else {
      // Out of the table only: the close(2) below takes it out of the epoll set (one system call
      // fewer per connection, as the loop's own close of a descriptor it owns saves it).
      LoopAccess.owners().closingOnLoop(lf);
    }
    if ((int) REGISTRATION.getAndSet(this, FD_CLOSED) != FD_CLOSED) {
      closeOrHandOver();
    }
  }
}
