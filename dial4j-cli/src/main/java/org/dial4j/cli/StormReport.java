package org.dial4j.cli;

import java.util.Comparator;
import java.util.Formatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dial4j.error.Errno;
import org.dial4j.loop.LatencyHistogram;
import org.dial4j.socket.DescriptorLimit;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON line of {@code dial4j storm}: cconnect's line ({@code main} in {@code
 * bench/cconnect.c}), field for field and in its order, with {@code "tool":"dial4j"}, so that
 * {@code bench/runbench.py} reads both. Written by hand with cconnect's number formats ({@code
 * %.3f} seconds, {@code %.0f} rate, {@code %.1f} microseconds, {@code %.3f} CPU seconds) in {@link
 * Locale#ROOT}, so a decimal comma never breaks it.
 *
 * @param total connects asked for ({@code -n})
 * @param ok connects that succeeded
 * @param failed attempts that failed, immediately or later
 * @param errors failed attempts by errno name
 * @param concurrency connects kept in flight over all loops, after cconnect's clamp to total
 * @param threads event loops, after cconnect's clamp to concurrency
 * @param dsts destination addresses
 * @param srcs source addresses (0: not bound)
 * @param hold whether connected sockets were kept
 * @param stopped why the run stopped early, or null
 * @param seconds wall time of the run (with --hold, less the pause at the first memory point)
 * @param latency connect latencies in nanoseconds, merged over the loops
 * @param cpu the process's CPU time at the end
 * @param peakRssKb VmHWM
 * @param rssStartKb VmRSS before the first connect
 * @param rssEndKb VmRSS after the last
 * @param held with hold, the hold's own figures (null without hold, or if they could not be taken)
 */
record StormReport(
    long total,
    long ok,
    long failed,
    Map<String, Long> errors,
    int concurrency,
    int threads,
    int dsts,
    int srcs,
    boolean hold,
    @Nullable String stopped,
    double seconds,
    LatencyHistogram latency,
    ProcSelf.Cpu cpu,
    long peakRssKb,
    long rssStartKb,
    long rssEndKb,
    @Nullable Held held) {

  /**
   * What {@code --hold} adds ({@link StormHold}).
   *
   * @param limit the limit that stopped the hold, or null (it reached TOTAL, or stopped otherwise)
   * @param nofile RLIMIT_NOFILE during the run, or null if it could not be read
   * @param growth the growth per held connection between the two memory points, or null if there
   *     was no first point
   * @param fds the process's open descriptors at the end, the held ones among them
   */
  record Held(
      @Nullable String limit,
      @Nullable DescriptorLimit nofile,
      StormHold.@Nullable Growth growth,
      long fds) {}

  /**
   * The field names in cconnect's order; the hold's ({@code held}, {@code limit} ...) follow them
   * with hold.
   */
  static final List<String> FIELDS =
      List.of(
          "tool",
          "total",
          "ok",
          "failed",
          "errors",
          "concurrency",
          "threads",
          "dsts",
          "srcs",
          "hold",
          "stopped",
          "seconds",
          "connects_per_sec",
          "latency_us",
          "cpu_user_s",
          "cpu_sys_s",
          "peak_rss_kb",
          "rss_kb_start",
          "rss_kb_end");

  /** The line, without a line end. */
  String json() {
    StringBuilder sb = new StringBuilder(512);
    Formatter f = new Formatter(sb, Locale.ROOT);
    f.format(
        "{\"tool\":\"dial4j\",\"total\":%d,\"ok\":%d,\"failed\":%d,\"errors\":{",
        total, ok, failed);
    String sep = "";
    for (Map.Entry<String, Long> e : errorsInErrnoOrder()) {
      f.format("%s%s:%d", sep, Json.write(e.getKey()), e.getValue());
      sep = ",";
    }
    f.format(
        "},\"concurrency\":%d,\"threads\":%d,\"dsts\":%d,\"srcs\":%d,\"hold\":%b,\"stopped\":%s,",
        concurrency, threads, dsts, srcs, hold, Json.write(stopped));
    f.format(
        "\"seconds\":%.3f,\"connects_per_sec\":%.0f,"
            + "\"latency_us\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},",
        seconds,
        seconds > 0 ? ok / seconds : 0.0,
        latency.quantile(0.50) / 1e3,
        latency.quantile(0.90) / 1e3,
        latency.quantile(0.99) / 1e3,
        latency.max() / 1e3);
    f.format(
        "\"cpu_user_s\":%.3f,\"cpu_sys_s\":%.3f,"
            + "\"peak_rss_kb\":%d,\"rss_kb_start\":%d,\"rss_kb_end\":%d",
        cpu.userSeconds(), cpu.systemSeconds(), peakRssKb, rssStartKb, rssEndKb);
    if (hold) {
      f.format(",\"held\":%d", ok);
      if (held != null) {
        DescriptorLimit nofile = held.nofile();
        f.format(
            ",\"limit\":%s,\"nofile\":%s,\"fds_end\":%d",
            Json.write(held.limit()),
            nofile == null ? "null" : Long.toString(nofile.soft()),
            held.fds());
        StormHold.Growth g = held.growth();
        if (g != null) {
          f.format(
              ",\"measured_at\":[%d,%d],\"fds_per_held\":%.3f,\"heap_bytes_per_held\":%.1f,"
                  + "\"rss_bytes_per_held\":%.1f,\"heap_fixed\":%b,\"heap_by_class\":{",
              g.from(),
              g.to(),
              g.fdsPerHeld(),
              g.heapBytesPerHeld(),
              g.rssBytesPerHeld(),
              g.heapFixed());
          sep = "";
          for (Map.Entry<String, Double> e : g.classes()) {
            f.format("%s%s:%.1f", sep, Json.write(e.getKey()), e.getValue());
            sep = ",";
          }
          sb.append('}');
        }
      }
    }
    sb.append('}');
    return sb.toString();
  }

  /** cconnect prints errors by errno number; names Linux does not define ({@code unknown}) last. */
  private List<Map.Entry<String, Long>> errorsInErrnoOrder() {
    return errors.entrySet().stream()
        .sorted(
            Comparator.comparingInt(
                e -> Errno.lookup(e.getKey()).map(Errno::number).orElse(Integer.MAX_VALUE)))
        .toList();
  }
}
