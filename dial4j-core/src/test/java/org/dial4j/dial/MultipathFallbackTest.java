package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.dial.FakeDialDriver.connects;

import org.dial4j.error.Errno;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The race's side of Multipath TCP's fallback, on the virtual clock: an attempt whose MPTCP socket
 * the kernel refused says so in the dial's events, right after its start, and goes on.
 */
class MultipathFallbackTest {
  private final RaceHarness h = new RaceHarness();

  @Test
  @DisplayName("A refused MPTCP socket shows as MultipathFallback after AttemptStart; it connects")
  void fallbackEvent() {
    h.driver
        .multipathRefused("192.0.2.1:80", Errno.EPROTONOSUPPORT)
        .script("192.0.2.1:80", connects(10));
    h.dial("tcp", "192.0.2.1:80", -1).run();
    assertThat(h.won).isNotNull();
    assertThat(h.timeline())
        .containsSubsequence(
            "0 attempt 1 start IPv4 192.0.2.1:80",
            "0 attempt 1 multipath refused EPROTONOSUPPORT, plain TCP to 192.0.2.1:80",
            "10 winner attempt 1 192.0.2.1:80 local 127.0.0.1:40000");
    assertThat(h.events)
        .filteredOn(DialEvent.MultipathFallback.class::isInstance)
        .singleElement()
        .satisfies(
            e -> {
              DialEvent.MultipathFallback f = (DialEvent.MultipathFallback) e;
              assertThat(f.attempt()).isEqualTo(1);
              assertThat(f.refused()).isEqualTo(Errno.EPROTONOSUPPORT);
              assertThat(f.dial()).isEqualTo(1);
            });
  }

  @Test
  @DisplayName("Without a refusal there is no MultipathFallback event")
  void noFallback() {
    h.driver.script("192.0.2.1:80", connects(10));
    h.dial("tcp", "192.0.2.1:80", -1).run();
    assertThat(h.events).noneMatch(DialEvent.MultipathFallback.class::isInstance);
  }
}
