package org.dial4j.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shows the library's log lines of a test only if it failed ({@link CapturedLogs}): a green run is
 * silent, a red one tells what the loops and dialers said while it ran. Registered for every test
 * through JUnit's extension auto-detection (the class-path shim {@code
 * LogCaptureExtensionProvider}).
 *
 * <p>Not final only so that the shim can extend it.
 */
public class LogCaptureExtension implements BeforeEachCallback, AfterEachCallback {
  /** Creates the extension; JUnit does, through auto-detection. */
  public LogCaptureExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    CapturedLogs.clear();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      CapturedLogs.printTo(System.err, context.getUniqueId());
    }
    CapturedLogs.clear();
  }
}
