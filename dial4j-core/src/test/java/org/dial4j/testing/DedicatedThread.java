package org.dial4j.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * Runs a body on a new platform thread of its own and hands its outcome back to the caller.
 *
 * <p>Network namespace and credentials are attributes of a Linux thread: changing them on a thread
 * of its own means no pooled or carrier thread ever runs other code with them, and the change ends
 * with the thread at the latest, even when restoring it fails.
 */
final class DedicatedThread {
  private DedicatedThread() {}

  /** What the body produced: a value or a throwable, never both. */
  private static final class Outcome<T> {
    private T value;
    private Throwable failure;
  }

  /**
   * Runs {@code body} on a new platform thread named {@code name}, waits at most {@code bound} for
   * it, and returns its result.
   *
   * @throws AssertionError when the thread does not finish within the bound
   * @throws CompletionException wrapping a checked exception thrown by the body; unchecked
   *     exceptions and errors are rethrown as they are
   */
  static <T> T call(String name, Duration bound, Callable<T> body) {
    Outcome<T> outcome = new Outcome<>();
    // Daemon: a body stuck past the bound must not keep the test JVM alive at exit.
    Thread thread =
        Thread.ofPlatform()
            .name(name)
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    outcome.value = body.call();
                  } catch (Throwable e) {
                    outcome.failure = e;
                  }
                });
    thread.start();
    boolean finished;
    try {
      finished = thread.join(bound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      throw new AssertionError("interrupted while waiting for thread " + name, e);
    }
    if (!finished) {
      thread.interrupt();
      AssertionError timeout =
          new AssertionError("thread " + name + " did not finish within " + bound);
      // The stuck thread's stack says where it hangs, which the caller's stack cannot.
      Throwable where = new Throwable("stack of " + name + " at the timeout");
      where.setStackTrace(thread.getStackTrace());
      timeout.addSuppressed(where);
      throw timeout;
    }
    // join() establishes happens-before with everything the thread wrote to outcome.
    Throwable failure = outcome.failure;
    if (failure == null) {
      return outcome.value;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new CompletionException("body failed on thread " + name, failure);
  }
}
