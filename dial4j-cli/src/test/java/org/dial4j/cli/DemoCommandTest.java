package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code dial4j demo}: the README's first command. */
class DemoCommandTest {

  @Test
  @DisplayName(
      "demo: connects to its echo server step by step, then shows ECONNREFUSED and EDESTADDRREQ,"
          + " exit 0")
  void runs() {
    Dial4jRun r = Dial4jRun.of("demo");
    assertThat(r.err()).isEmpty();
    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out())
        .containsAnyOf("EINPROGRESS (Operation now in progress)", "0 (connected at once)")
        .contains("getsockopt(fd ")
        .contains("12 bytes \"hello dial4j\"")
        .contains("ECONNREFUSED (Connection refused)")
        .contains("EDESTADDRREQ (Destination address required)")
        .contains("echo server: accepted ")
        .containsPattern(
            "(?m)^summary: connected in \\d+\\.\\d{3} ms .*all closed, server thread joined$");
    assertThat(r.out())
        .containsPattern("(?m)^ +\\d+\\.\\d{3} ms  socket\\(AF_INET, SOCK_STREAM\\) ");
  }
}
