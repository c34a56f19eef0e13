package org.dial4j.testing;

import org.dial4j.sys.FaultySyscalls;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The seed of a test's {@link FaultySyscalls}, told when the test fails so that the run can be
 * replayed: chosen per test ({@link FaultySyscalls#chooseSeed()}: the {@value
 * FaultySyscalls#SEED_PROPERTY} property, else a new random one); a failure of the test method is
 * rethrown with {@code [replay: -Ddial4j.faults.seed=N]} before its message, and any failure (also
 * one found after the method, such as a leaked descriptor) prints that line to stderr.
 *
 * <pre>{@code
 * @RegisterExtension final FaultSeed seed = new FaultSeed();
 * ... FaultySyscalls.linux(seed.value()) ...
 * }</pre>
 */
public final class FaultSeed implements TestExecutionExceptionHandler, TestWatcher {
  private final long value = FaultySyscalls.chooseSeed();

  /** Creates the extension with its seed; a test registers it as an instance field. */
  public FaultSeed() {}

  /** The seed for this test. */
  public long value() {
    return value;
  }

  private String replay() {
    return "[replay: -D" + FaultySyscalls.SEED_PROPERTY + "=" + value + "]";
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    if (thrown instanceof AssertionError || thrown instanceof Exception) {
      AssertionError named = new AssertionError(replay() + " " + thrown, thrown);
      throw named;
    }
    throw thrown;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    System.err.println(context.getDisplayName() + " failed " + replay());
  }
}
