package org.dial4j.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM during a run, handled as cconnect's {@code sigaction} handler does: the run
 * stops with {@code "stopped":"signal"}, still prints its line, and the process exits with the
 * run's own status (0 only if all TOTAL succeeded), not the 130 or 143 of a killed JVM.
 *
 * <p>The JVM turns those signals into a shutdown, so this is a shutdown hook: it stops the run,
 * waits until the run says it is {@linkplain #over over}, then ends the process with that status
 * ({@link Runtime#halt}, since {@code System.exit} cannot change the status of a shutdown under
 * way). {@code sun.misc.Signal} would do it more directly, at the price of an internal API and its
 * compiler warnings. {@link #close()} removes the hook, so a test that runs the command inside its
 * own JVM leaves nothing behind.
 */
final class StopSignals implements AutoCloseable {
  /** How long the hook waits for the line; a run that does not end by then is cut off. */
  private static final long REPORT_WAIT_SECONDS = 30;

  private final Thread hook;
  private final CountDownLatch over = new CountDownLatch(1);
  private volatile int status = 1;

  private StopSignals(Runnable onSignal) {
    this.hook =
        new Thread(
            () -> {
              onSignal.run();
              try {
                over.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                // Ending anyway.
              }
              Runtime.getRuntime().halt(status);
            },
            "dial4j-storm-signal");
  }

  /** Calls {@code onSignal} (on a hook thread) if the JVM is told to end while this is open. */
  static StopSignals install(Runnable onSignal) {
    StopSignals s = new StopSignals(onSignal);
    Runtime.getRuntime().addShutdownHook(s.hook);
    return s;
  }

  /**
   * The run is over, its line printed: a hook that is waiting ends the process with {@code status}.
   */
  void over(int status) {
    this.status = status;
    over.countDown();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs already: it ends the process once over() has been called.
    }
  }
}
