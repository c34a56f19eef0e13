package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The test run's log capture is in force: a broken one would let library lines through again. */
class LogCaptureTest {
  @Test
  @DisplayName(
      "System.Logger lines of this test run are kept by CapturedLogs, not printed; below INFO they"
          + " are not even loggable")
  void systemLoggersAreCaptured() {
    System.Logger l = System.getLogger("org.dial4j.capture-check");
    assertThat(l.getClass().getName()).contains("CapturedLogs");
    l.log(System.Logger.Level.WARNING, "kept, not printed");
    assertThat(CapturedLogs.lines())
        .anyMatch(
            s -> s.contains("WARNING org.dial4j.capture-check") && s.endsWith("kept, not printed"));
    assertThat(l.isLoggable(System.Logger.Level.DEBUG)).isFalse();
  }
}
