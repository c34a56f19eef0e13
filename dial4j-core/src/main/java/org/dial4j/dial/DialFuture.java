package org.dial4j.dial;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The future a dial returns. {@code cancel} cancels the dial; {@code settled} completes once the
 * race has ended and closed what it opened, whatever happened to this future.
 */
final class DialFuture extends CompletableFuture<Connection> {
  final CompletableFuture<Connection> settled = new CompletableFuture<>();
  volatile @Nullable DialTask task;

  /** Exactly one of {@code c} and {@code e} is null. */
  boolean settle(@Nullable Connection c, @Nullable Throwable e) {
    if (e == null) {
      settled.complete(c);
      return complete(c);
    }
    settled.completeExceptionally(e);
    return completeExceptionally(e);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return cancel("the future was cancelled");
  }

  /**
   * This future first, then the race: a connection that wins meanwhile finds the future cancelled
   * and is closed.
   */
  boolean cancel(String why) {
    boolean cancelled = super.cancel(false);
    DialTask t = task;
    if (t != null) {
      t.cancelRace(why);
    }
    return cancelled;
  }
}
