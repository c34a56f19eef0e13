package org.dial4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dial4j.loop.LatencyHistogram;
import org.jspecify.annotations.Nullable;

/**
 * cconnect's one JSON line ({@code main} in {@code bench/c/cconnect.c}), field for field, in its
 * order and number formats, for a peer named {@code tool}: the shares merged as cconnect merges its
 * threads (counts and errors added, histograms merged, the first share's {@code stopped} reason),
 * and the process's own CPU time and memory from {@code /proc/self} (cconnect's {@code getrusage}
 * and {@code VmRSS}/{@code VmHWM}). {@code bench/compare} does not trust the CPU figures a client
 * reports: it takes each child's from {@code wait4}.
 */
final class PeerReport {
  /** USER_HZ, the unit of {@code /proc/self/stat}'s times: 100 on Linux for user space. */
  private static final double TICKS_PER_SECOND = 100;

  private PeerReport() {}

  /** {@code VmRSS} of this process in KiB, or -1: taken before the first connect. */
  static long rssKb() {
    return statusKb("VmRSS:");
  }

  /**
   * The line, without a line end.
   *
   * @param tool the peer's name
   * @param options what the run was asked
   * @param threads the event loops or carriers it ran on
   * @param shares every share, done
   * @param seconds the run's wall time, first connect to last
   * @param rssStartKb {@link #rssKb()} before the first connect
   */
  static String json(
      String tool,
      PeerOptions options,
      int threads,
      List<PeerShare> shares,
      double seconds,
      long rssStartKb) {
    long ok = 0;
    long failed = 0;
    String stopped = null;
    Map<String, Long> errors = new TreeMap<>();
    LatencyHistogram latency = new LatencyHistogram();
    for (PeerShare s : shares) {
      ok += s.ok();
      failed += s.failedCount();
      stopped = stopped == null ? s.stopped() : stopped;
      s.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
      latency.merge(s.latency());
    }
    double[] cpu = cpuSeconds();
    StringBuilder sb = new StringBuilder(512);
    sb.append(
        String.format(
            Locale.ROOT,
            "{\"tool\":\"%s\",\"total\":%d,\"ok\":%d,\"failed\":%d,\"errors\":{",
            tool,
            options.total(),
            ok,
            failed));
    String sep = "";
    for (Map.Entry<String, Long> e : errors.entrySet()) {
      sb.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
      sep = ",";
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "},\"concurrency\":%d,\"threads\":%d,\"dsts\":%d,\"srcs\":0,\"hold\":false,"
                + "\"stopped\":%s,\"seconds\":%.3f,\"connects_per_sec\":%.0f,"
                + "\"latency_us\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
                + "\"cpu_user_s\":%.3f,\"cpu_sys_s\":%.3f,"
                + "\"peak_rss_kb\":%d,\"rss_kb_start\":%d,\"rss_kb_end\":%d}",
            options.concurrency(),
            threads,
            options.dsts().size(),
            quoted(stopped),
            seconds,
            seconds > 0 ? ok / seconds : 0.0,
            latency.quantile(0.50) / 1e3,
            latency.quantile(0.90) / 1e3,
            latency.quantile(0.99) / 1e3,
            latency.max() / 1e3,
            cpu[0],
            cpu[1],
            statusKb("VmHWM:"),
            rssStartKb,
            rssKb()));
    return sb.toString();
  }

  private static String quoted(@Nullable String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  /** User and system CPU seconds of this process: fields 14 and 15 of /proc/self/stat. */
  private static double[] cpuSeconds() {
    String stat = read("/proc/self/stat");
    if (stat.isEmpty()) {
      return new double[] {-1, -1};
    }
    // Counted after the command name's closing parenthesis, which may hold blanks itself.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
    return new double[] {
      Long.parseLong(f[14 - 3]) / TICKS_PER_SECOND, Long.parseLong(f[15 - 3]) / TICKS_PER_SECOND
    };
  }

  /** A line of /proc/self/status in KiB ({@code VmRSS:}, {@code VmHWM:}), or -1 as cconnect. */
  private static long statusKb(String key) {
    for (String line : read("/proc/self/status").split("\n", -1)) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+", -1)[0]);
      }
    }
    return -1;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      return "";
    }
  }
}
