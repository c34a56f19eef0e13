package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dial4j.loop.LatencyHistogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link StormReport}: cconnect's JSON line, to the character. */
class StormReportTest {

  private static StormReport report(boolean hold, String stopped, Map<String, Long> errors) {
    LatencyHistogram h = new LatencyHistogram();
    h.record(1_500_000); // bucket [1490944, 1507328): middle 1499136 ns
    h.record(3_000_000); // bucket [2981888, 3014656): middle 2998272 ns
    return new StormReport(
        1000,
        1000,
        6,
        errors,
        64,
        2,
        8,
        0,
        hold,
        stopped,
        2.5,
        h,
        new ProcSelf.Cpu(0.25, 1.5),
        90096,
        1000,
        1100,
        hold
            ? new StormReport.Held(
                "EMFILE: the process's descriptor limit (RLIMIT_NOFILE 20000)",
                new org.dial4j.socket.DescriptorLimit(20000, 20000),
                new StormHold.Growth(
                    250,
                    1000,
                    1.0,
                    10.25,
                    120.5,
                    List.of(Map.entry("org.dial4j.loop.LoopFd", 112.0)),
                    true),
                1043)
            : null);
  }

  @Test
  @DisplayName(
      "cconnect's line: its fields in its order, %.3f seconds, %.0f rate, %.1f us, %.3f CPU, errors"
          + " by errno number")
  void line() {
    Map<String, Long> errors =
        new TreeMap<>(Map.of("ECONNREFUSED", 3L, "EADDRNOTAVAIL", 1L, "ETIMEDOUT", 2L));
    assertThat(report(false, null, errors).json())
        .isEqualTo(
            "{\"tool\":\"dial4j\",\"total\":1000,\"ok\":1000,\"failed\":6,"
                + "\"errors\":{\"EADDRNOTAVAIL\":1,\"ETIMEDOUT\":2,\"ECONNREFUSED\":3},"
                + "\"concurrency\":64,\"threads\":2,\"dsts\":8,\"srcs\":0,\"hold\":false,\"stopped\":null,"
                + "\"seconds\":2.500,\"connects_per_sec\":400,"
                + "\"latency_us\":{\"p50\":1499.1,\"p90\":2998.3,\"p99\":2998.3,\"max\":3000.0},"
                + "\"cpu_user_s\":0.250,\"cpu_sys_s\":1.500,\"peak_rss_kb\":90096,"
                + "\"rss_kb_start\":1000,\"rss_kb_end\":1100}");
  }

  @Test
  @DisplayName(
      "--hold: the hold's fields come last (held, the limit, the growth per held between the two"
          + " points); stopped is a string")
  void hold() {
    String json = report(true, "socket() failed", Map.of()).json();
    assertThat(json)
        .contains("\"errors\":{},")
        .contains("\"hold\":true,\"stopped\":\"socket() failed\",")
        .endsWith(
            ",\"rss_kb_end\":1100,\"held\":1000,\"limit\":\"EMFILE: the process's descriptor"
                + " limit (RLIMIT_NOFILE 20000)\",\"nofile\":20000,\"fds_end\":1043,"
                + "\"measured_at\":[250,1000],\"fds_per_held\":1.000,\"heap_bytes_per_held\":120.5,"
                + "\"rss_bytes_per_held\":10.3,\"heap_fixed\":true,"
                + "\"heap_by_class\":{\"org.dial4j.loop.LoopFd\":112.0}}");
    assertThat(MiniJson.parseObject(json).keySet())
        .containsExactlyElementsOf(
            java.util.stream.Stream.concat(StormReport.FIELDS.stream(), HOLD_FIELDS.stream())
                .toList());
  }

  /** The fields --hold adds, in order. */
  static final List<String> HOLD_FIELDS =
      List.of(
          "held",
          "limit",
          "nofile",
          "fds_end",
          "measured_at",
          "fds_per_held",
          "heap_bytes_per_held",
          "rss_bytes_per_held",
          "heap_fixed",
          "heap_by_class");

  @Test
  @DisplayName("numbers are written the same under a locale with a decimal comma")
  void localeIndependent() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(report(false, null, Map.of()).json())
          .contains("\"seconds\":2.500,")
          .contains("\"p50\":1499.1,");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  @DisplayName("nothing succeeded: latencies are 0.0, as cconnect's empty histogram gives")
  void empty() {
    StormReport r =
        new StormReport(
            5,
            0,
            6,
            Map.of("ECONNREFUSED", 6L),
            1,
            1,
            1,
            0,
            false,
            "too many errors",
            0.01,
            new LatencyHistogram(),
            new ProcSelf.Cpu(0, 0),
            1,
            1,
            1,
            null);
    assertThat(r.json())
        .contains(
            "\"connects_per_sec\":0,\"latency_us\":{\"p50\":0.0,\"p90\":0.0,\"p99\":0.0,\"max\":0.0}");
  }
}
