package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a dial's messages write times: whole milliseconds, or three decimals. */
class DialerTextTest {
  @Test
  @DisplayName(
      "DialText.millis: 250 ms, 0.245 ms, 1.500 ms, 12.005 ms, -3.250 ms (microseconds, truncated)")
  void millis() {
    assertThat(DialText.millis(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(DialText.millis(Duration.ofNanos(245_900))).isEqualTo("0.245 ms");
    assertThat(DialText.millis(Duration.ofNanos(1500_000L))).isEqualTo("1.500 ms");
    assertThat(DialText.millis(Duration.ofNanos(12_005_000L))).isEqualTo("12.005 ms");
    assertThat(DialText.millis(Duration.ofNanos(-3250_000L))).isEqualTo("-3.250 ms");
    assertThat(DialText.millis(Duration.ZERO)).isEqualTo("0 ms");
    assertThat(DialText.millis(Duration.ofNanos(7_000L))).isEqualTo("0.007 ms");
  }
}
