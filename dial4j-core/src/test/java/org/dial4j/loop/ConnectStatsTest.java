package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.dial4j.error.Errno;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ConnectStats: the counters, the errno names and the text of the {@code stats} command. */
class ConnectStatsTest {
  private static final int ECONNREFUSED = Errno.ECONNREFUSED.number();
  private static final int ETIMEDOUT = Errno.ETIMEDOUT.number();

  @Test
  @DisplayName("attempts, successes and failures are counted; successes feed the histogram")
  void counts() {
    ConnectStats s = new ConnectStats();
    for (int i = 0; i < 5; i++) {
      s.attempt();
    }
    s.success(20_000);
    s.success(30_000);
    s.failure(ECONNREFUSED);
    assertThat(s.attempts()).isEqualTo(5);
    assertThat(s.successes()).isEqualTo(2);
    assertThat(s.failures()).isEqualTo(1);
    assertThat(s.latency().count()).isEqualTo(2);
    assertThat(s.latency().max()).isEqualTo(30_000);
  }

  @Test
  @DisplayName("failures are keyed by errno name, only those seen")
  void errnoNames() {
    ConnectStats s = new ConnectStats();
    s.failure(ECONNREFUSED);
    s.failure(ECONNREFUSED);
    s.failure(ETIMEDOUT);
    s.failure(Errno.EWOULDBLOCK.number());
    assertThat(s.failuresByErrno())
        .containsExactly(
            Map.entry("EAGAIN", 1L), Map.entry("ECONNREFUSED", 2L), Map.entry("ETIMEDOUT", 1L));
  }

  @Test
  @DisplayName("numbers Linux does not define are counted as unknown")
  void unknownErrno() {
    ConnectStats s = new ConnectStats();
    s.failure(0);
    s.failure(-1);
    s.failure(134);
    s.failure(Integer.MAX_VALUE);
    s.failure(Integer.MIN_VALUE);
    s.failure(41); // a gap in Linux's numbering
    s.failure(133);
    assertThat(s.failures()).isEqualTo(7);
    assertThat(s.failuresByErrno())
        .containsExactly(Map.entry("EHWPOISON", 1L), Map.entry("unknown", 6L));
  }

  @Test
  @DisplayName("merge adds every counter and the histogram; copy is independent")
  void mergeAndCopy() {
    ConnectStats a = new ConnectStats();
    a.attempt();
    a.attempt();
    a.success(1_000);
    a.failure(ECONNREFUSED);
    ConnectStats b = new ConnectStats();
    b.attempt();
    b.success(5_000_000);
    b.failure(999);
    ConnectStats snapshot = a.copy();

    a.merge(b);
    assertThat(a.attempts()).isEqualTo(3);
    assertThat(a.successes()).isEqualTo(2);
    assertThat(a.failures()).isEqualTo(2);
    assertThat(a.failuresByErrno())
        .containsExactly(Map.entry("ECONNREFUSED", 1L), Map.entry("unknown", 1L));
    assertThat(a.latency().count()).isEqualTo(2);
    assertThat(a.latency().max()).isEqualTo(5_000_000);

    assertThat(snapshot.attempts()).isEqualTo(2);
    assertThat(snapshot.failuresByErrno()).containsExactly(Map.entry("ECONNREFUSED", 1L));
    assertThat(snapshot.latency().count()).isEqualTo(1);
    assertThat(b.attempts()).isEqualTo(1);
  }

  @Test
  @DisplayName("lines() with nothing recorded")
  void linesEmpty() {
    assertThat(new ConnectStats().lines())
        .containsExactly("attempts 0", "successes 0", "failures 0", "latency_us none");
  }

  @Test
  @DisplayName("lines() prints the counters, failures by name and the latency in microseconds")
  void linesText() {
    ConnectStats s = new ConnectStats();
    for (int i = 1; i <= 100; i++) {
      s.attempt();
      s.success(i * 1_000L); // 1 us .. 100 us
    }
    for (int i = 0; i < 3; i++) {
      s.attempt();
      s.failure(ETIMEDOUT);
    }
    s.attempt();
    s.failure(ECONNREFUSED);
    // p50 is 50 us, in the bucket [49664, 50176) ns whose middle is 49920; likewise for p90
    // (89088..90112) and p99 (98304..99328); the max is exact.
    assertThat(s.lines())
        .containsExactly(
            "attempts 104",
            "successes 100",
            "failures 4",
            "failure ECONNREFUSED 1",
            "failure ETIMEDOUT 3",
            "latency_us p50 49.9 p90 89.6 p99 98.8 max 100.0 (n=100)");
  }

  @Test
  @DisplayName("lines() formats numbers the same whatever the default locale")
  void linesIgnoreDefaultLocale() {
    ConnectStats s = new ConnectStats();
    s.success(24_100);
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(s.lines())
          .last()
          .isEqualTo("latency_us p50 24.1 p90 24.1 p99 24.1 max 24.1 (n=1)");
    } finally {
      Locale.setDefault(saved);
    }
  }
}
