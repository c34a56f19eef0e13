package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dial4j storm}: bench/cconnect's options, semantics and JSON line, run in this JVM through
 * {@link Main#run} against real loopback servers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StormCommandTest {
  /** The fields of cconnect's line in its order, as its printf in bench/cconnect.c writes them. */
  static final List<String> CCONNECT_FIELDS =
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

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The one line on standard output, parsed. */
  static Map<String, Object> line(String out) {
    assertThat(out).endsWith("\n");
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(1);
    return MiniJson.parseObject(lines[0]);
  }

  private static Dial4jRun storm(String... args) {
    return Dial4jRun.of(Stream.concat(Stream.of("storm"), Stream.of(args)).toArray(String[]::new));
  }

  @Test
  @DisplayName(
      "cconnect: -n 2000 -c 64 reaches TOTAL, prints cconnect's fields in its order with tool"
          + " dial4j, exit 0, every descriptor given back")
  void reachesTotal() throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      SortedMap<Integer, String> before = Descriptors.snapshot();
      Dial4jRun r = storm("-n", "2000", "-c", "64", "-p", "" + server.port());
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      Map<String, Object> j = line(r.out());
      assertThat(j.keySet()).containsExactlyElementsOf(CCONNECT_FIELDS);
      assertThat(j)
          .containsEntry("tool", "dial4j")
          .containsEntry("total", 2000L)
          .containsEntry("ok", 2000L)
          .containsEntry("failed", 0L)
          .containsEntry("errors", Map.of())
          .containsEntry("concurrency", 64L)
          .containsEntry("threads", 1L)
          .containsEntry("dsts", 1L)
          .containsEntry("srcs", 0L)
          .containsEntry("hold", false)
          .containsEntry("stopped", null);
      @SuppressWarnings("unchecked")
      Map<String, Object> lat = (Map<String, Object>) j.get("latency_us");
      assertThat(lat.keySet()).containsExactly("p50", "p90", "p99", "max");
      double p50 = (Double) lat.get("p50");
      assertThat(p50).isPositive();
      assertThat((Double) lat.get("p90")).isGreaterThanOrEqualTo(p50);
      assertThat((Double) lat.get("max")).isGreaterThanOrEqualTo((Double) lat.get("p99"));
      double seconds = (Double) j.get("seconds");
      // ok / seconds, where the line's seconds is rounded to the millisecond.
      assertThat((double) (Long) j.get("connects_per_sec"))
          .isBetween(2000 / (seconds + 0.0005) - 1, 2000 / (seconds - 0.0005) + 1);
      assertThat((Long) j.get("peak_rss_kb")).isGreaterThanOrEqualTo((Long) j.get("rss_kb_start"));
      // cconnect's number formats, byte for byte.
      assertThat(r.out())
          .containsPattern("\"seconds\":\\d+\\.\\d{3},\"connects_per_sec\":\\d+,")
          .containsPattern(
              "\"latency_us\":\\{\"p50\":\\d+\\.\\d,\"p90\":\\d+\\.\\d,\"p99\":\\d+\\.\\d,\"max\":\\d+\\.\\d},")
          .containsPattern("\"cpu_user_s\":\\d+\\.\\d{3},\"cpu_sys_s\":\\d+\\.\\d{3},");
      assertThat(server.awaitAccepted(2000, WAIT)).isEqualTo(2000);
      assertThat(Descriptors.snapshot()).isEqualTo(before);
    }
  }

  @Test
  @DisplayName(
      "storm --dialer: every connect through the Dialer reaches TOTAL over two sources, every"
          + " descriptor given back")
  void throughTheDialer() throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      SortedMap<Integer, String> before = Descriptors.snapshot();
      Dial4jRun r =
          storm(
              "--dialer", "-n", "2000", "-c", "64", "-s", "127.0.0.2-3", "-p", "" + server.port());
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(line(r.out()))
          .containsEntry("ok", 2000L)
          .containsEntry("failed", 0L)
          .containsEntry("srcs", 2L)
          .containsEntry("stopped", null);
      // The server's loop, in this JVM, may still hold the last connections it accepted (dials
      // still in flight when the run ended, cancelled on this side, were accepted on that one).
      awaitDescriptors(before);
    }
  }

  @Test
  @DisplayName(
      "storm --dialer: a port nobody listens on is counted under ECONNREFUSED, as without it")
  void dialerRefused() throws IOException {
    try (Listeners lo = new Listeners()) {
      int closed = lo.closedPort().port();
      Dial4jRun r = storm("--dialer", "-n", "100", "-c", "8", "-p", "" + closed);
      assertThat(r.status()).isOne();
      assertThat(line(r.out()))
          .containsEntry("ok", 0L)
          .containsEntry("errors", Map.of("ECONNREFUSED", 101L))
          .containsEntry("stopped", "too many errors");
    }
  }

  @Test
  @DisplayName(
      "cconnect: a port nobody listens on: errors has ECONNREFUSED, stops with 'too many errors'"
          + " once failures exceed TOTAL, exit 1")
  void refused() throws IOException {
    try (Listeners lo = new Listeners()) {
      int closed = lo.closedPort().port();
      Dial4jRun r = storm("-n", "100", "-c", "8", "-p", "" + closed);
      assertThat(r.status()).isOne();
      Map<String, Object> j = line(r.out());
      assertThat(j)
          .containsEntry("ok", 0L)
          .containsEntry("failed", 101L)
          .containsEntry("errors", Map.of("ECONNREFUSED", 101L))
          .containsEntry("stopped", "too many errors");
    }
  }

  @Test
  @DisplayName(
      "cconnect: an immediate failure (ENETUNREACH: 127.255.255.255 is lo's broadcast address) is"
          + " counted under its errno and retried")
  void immediateFailures() throws IOException {
    try (Listeners lo = new Listeners()) {
      int closed = lo.closedPort().port();
      Dial4jRun r = storm("-n", "50", "-c", "4", "-a", "127.255.255.255", "-p", "" + closed);
      assertThat(r.status()).isOne();
      assertThat(line(r.out()))
          .containsEntry("ok", 0L)
          .containsEntry("failed", 51L)
          .containsEntry("errors", Map.of("ENETUNREACH", 51L))
          .containsEntry("stopped", "too many errors");
    }
  }

  @Test
  @DisplayName(
      "cconnect: destinations round-robin seq % ndst, sources (seq / ndst) % nsrc: each of 4 x 2"
          + " pairs gets exactly 2000 / 8")
  void destinationsAndSources() throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(4)) {
      Dial4jRun r =
          storm(
              "-n",
              "2000",
              "-c",
              "32",
              "-a",
              "127.0.0.1-4",
              "-s",
              "127.0.0.1-2",
              "-p",
              "" + server.port());
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(line(r.out()))
          .containsEntry("dsts", 4L)
          .containsEntry("srcs", 2L)
          .containsEntry("ok", 2000L);
      assertThat(server.awaitAccepted(2000, WAIT)).isEqualTo(2000);
      Map<String, Long> expected = new TreeMap<>();
      for (int s = 1; s <= 2; s++) {
        for (int d = 1; d <= 4; d++) {
          expected.put("127.0.0." + s + "->127.0.0." + d, 250L);
        }
      }
      assertThat(new TreeMap<>(server.tally())).isEqualTo(expected);
    }
  }

  @Test
  @DisplayName(
      "cconnect -T 2: TOTAL and CONCURRENCY split as its threads (the first takes the odd one);"
          + " loop t takes seq t, t+2, ...")
  void twoLoops() throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(2)) {
      Dial4jRun r =
          storm("-T", "2", "-n", "2001", "-c", "5", "-a", "127.0.0.1-2", "-p", "" + server.port());
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(line(r.out()))
          .containsEntry("threads", 2L)
          .containsEntry("concurrency", 5L)
          .containsEntry("ok", 2001L);
      assertThat(server.awaitAccepted(2001, WAIT)).isEqualTo(2001);
      // Loop 0 made 1001 connects with even sequence numbers (127.0.0.1), loop 1 1000 odd ones.
      Map<String, Long> byDst = new TreeMap<>();
      server.tally().forEach((k, v) -> byDst.merge(k.substring(k.indexOf("->") + 2), v, Long::sum));
      assertThat(byDst).isEqualTo(Map.of("127.0.0.1", 1001L, "127.0.0.2", 1000L));
    }
  }

  @Test
  @DisplayName("cconnect: CONCURRENCY is cut to TOTAL and the loops to CONCURRENCY")
  void clamps() throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      Dial4jRun r = storm("-n", "3", "-c", "64", "-T", "8", "-p", "" + server.port());
      assertThat(r.status()).isZero();
      assertThat(line(r.out()))
          .containsEntry("concurrency", 3L)
          .containsEntry("threads", 3L)
          .containsEntry("ok", 3L);
      server.awaitAccepted(3, WAIT);
    }
  }

  @Test
  @DisplayName("cconnect: the split of x over n threads: x / n each, one more for the first x % n")
  void share() {
    assertThat(Stream.of(0, 1, 2).map(i -> Storm.share(2001L, 3, i)))
        .containsExactly(667L, 667L, 667L);
    assertThat(Stream.of(0, 1).map(i -> Storm.share(2001L, 2, i))).containsExactly(1001L, 1000L);
    assertThat(Stream.of(0, 1, 2).map(i -> Storm.share(5, 3, i))).containsExactly(2, 2, 1);
  }

  @Test
  @DisplayName(
      "cconnect --hold: the hold's fields follow its fields, one descriptor per held connection"
          + " (/proc/self/fd), LoopFd among the classes that grow, exit 0, and every held socket is"
          + " closed at the end")
  void hold() throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      SortedMap<Integer, String> before = Descriptors.snapshot();
      Dial4jRun r =
          storm("--hold", "--warmup", "0", "-n", "300", "-c", "16", "-p", "" + server.port());
      assertThat(r.status()).as(r.err()).isZero();
      Map<String, Object> j = line(r.out());
      assertThat(j.keySet())
          .containsExactlyElementsOf(
              Stream.concat(CCONNECT_FIELDS.stream(), StormReportTest.HOLD_FIELDS.stream())
                  .toList());
      assertThat(j)
          .containsEntry("hold", true)
          .containsEntry("held", 300L)
          .containsEntry("ok", 300L)
          .containsEntry("limit", null)
          .containsEntry("measured_at", List.of(75L, 300L));
      // One descriptor per held connection: the growth over 225 held is 225, give or take the two
      // that other code in this shared test JVM may open meanwhile (a jar read lazily, another
      // test's socket); two per held would be 2.0.
      assertThat((Double) j.get("fds_per_held")).isBetween(1.0, 1.0 + 2.0 / 225 + 0.0005);
      assertThat(j.get("rss_bytes_per_held")).isInstanceOf(Double.class);
      assertThat((Double) j.get("heap_bytes_per_held")).isPositive();
      @SuppressWarnings("unchecked")
      Map<String, Object> byClass = (Map<String, Object>) j.get("heap_by_class");
      assertThat(byClass).containsKey("org.dial4j.loop.LoopFd");
      server.awaitAccepted(300, WAIT);
      assertThat(Descriptors.snapshot()).isEqualTo(before);
    }
  }

  @Test
  @DisplayName("cconnect -t: a run that cannot finish stops with 'time limit' at that time, exit 1")
  void timeLimit() throws IOException {
    try (Listeners lo = new Listeners()) {
      int stuck = lo.fullQueue().port(); // SYNs dropped: every connect stays in flight
      Dial4jRun r = storm("-n", "10", "-c", "2", "-t", "0.3", "-p", "" + stuck);
      assertThat(r.status()).isOne();
      Map<String, Object> j = line(r.out());
      assertThat(j)
          .containsEntry("ok", 0L)
          .containsEntry("errors", Map.of())
          .containsEntry("stopped", "time limit");
      assertThat((Double) j.get("seconds")).isBetween(0.3, 20.0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-a 10.0.0.1",
        "-a 127.0.0.1,192.0.2.1",
        "-a 128.0.0.1-3",
        "-s 192.0.2.1",
        "-s 127.0.0.1-2,10.1.1.1-3"
      })
  @DisplayName(
      "loopback only: an -a or -s address outside 127.0.0.0/8 is refused before any connect, exit"
          + " 2")
  void refusesNonLoopback(String option) throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      String[] o = option.split(" ", -1);
      Dial4jRun r = storm("-n", "10", "-c", "2", "-p", "" + server.port(), o[0], o[1]);
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .startsWith("dial4j storm: refusing non-loopback address ")
          .contains(": loopback (127.0.0.0/8) only");
      assertThat(server.accepted()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-n 0 -c 1 -p 80",
        "-n 1 -c 0 -p 80",
        "-n 1 -c 1 -p 0",
        "-n 1 -c 1 -p 65536",
        "-n 1 -c 1 -p 80 -T 0",
        "-n 1 -c 1 -p 80 -T 65",
        "-n 1 -c 1 -p 80 -t -1",
        "-n 1 -c 1 -p 80 -k NaN",
        "-n 1 -c 1",
        "-c 1 -p 80",
        "-n x -c 1 -p 80",
        "-n 1 -c 1 -p 80 -a 127.0.0.5-3",
        "-n 1 -c 1 -p 80 -a localhost",
        "-n 1 -c 1 -p 80 --control 192.0.2.1:80",
        "-n 1 -c 1 -p 80 --control nowhere",
        "-n 1 -c 1 -p 80 --warmup 10",
        "-n 1 -c 1 -p 80 --measure-at 1",
        "-n 1 -c 1 -p 80 --probe 5",
        "-n 1 -c 1 -p 80 --hold --probe 0.01",
        "-n 1 -c 1 -p 80 --hold --warmup -2",
        "-n 1 -c 1 -p 80 extra",
        "-n 1 -c 1 -p 80 --dialer --hold"
      })
  @DisplayName("cconnect's usage errors (and picocli's): exit 2, nothing on standard output")
  void usageErrors(String args) {
    Dial4jRun r = storm(args.split(" "));
    assertThat(r.status()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isNotEmpty();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: with --hold --control, fds on the control port lists the held"
          + " connections by name")
  void controlListsHeld() throws Exception {
    int controlPort;
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      controlPort = probe.getLocalPort(); // free now; the storm binds it a moment later
    }
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      SortedMap<Integer, String> before = Descriptors.snapshot();
      java.util.concurrent.CompletableFuture<Dial4jRun> run =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  storm(
                      "--hold",
                      "--warmup",
                      "0",
                      "-k",
                      "3",
                      "--control",
                      "127.0.0.1:" + controlPort,
                      "-n",
                      "40",
                      "-c",
                      "8",
                      "-p",
                      "" + server.port()));
      List<String> held = List.of();
      long end = System.nanoTime() + WAIT.toNanos();
      // Rows appear while connecting; wait (bounded) until all 40 are held, i.e. connected.
      java.util.function.Predicate<List<String>> allHeld =
          rows -> rows.size() == 40 && rows.stream().allMatch(r -> r.contains(" connected "));
      while (!allHeld.test(held) && System.nanoTime() - end < 0 && !run.isDone()) {
        held = heldRows(controlPort);
        if (!allHeld.test(held)) {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll bound: WAIT
        }
      }
      assertThat(held).hasSize(40).allMatch(r -> r.contains(" connected "));
      Dial4jRun r = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(line(r.out())).containsEntry("held", 40L);
      assertThat(Descriptors.snapshot()).isEqualTo(before);
    }
  }

  /** The fds rows named storm, or none if the control port is not up yet. */
  private static List<String> heldRows(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.setSoTimeout(10_000);
      s.connect(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 10_000);
      s.getOutputStream().write("fds\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
      List<String> rows = new java.util.ArrayList<>();
      for (String l = in.readLine(); l != null && !l.equals("ok"); l = in.readLine()) {
        String[] cells = l.trim().split("\\s+", -1);
        if (cells.length > 1 && cells[1].equals(StormWorker.NAME)) {
          rows.add(l);
        }
      }
      return rows;
    } catch (IOException notYet) {
      return List.of();
    }
  }

  /**
   * Waits, within {@link #WAIT}, until this process's descriptors are {@code before} again, then
   * asserts it: for descriptors another thread of this JVM closes (a server loop's accepted
   * sockets).
   */
  private static void awaitDescriptors(SortedMap<Integer, String> before) {
    long end = System.nanoTime() + WAIT.toNanos();
    while (!Descriptors.snapshot().equals(before) && System.nanoTime() - end < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    assertThat(Descriptors.snapshot()).isEqualTo(before);
  }
}
