package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dial4j.InetEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dial4j dial}: real dials through the Dialer to loopback peers (a listener, a closed port,
 * a listener with a full accept queue), reported as one line, a trace and JSON, with the exit
 * status of each outcome.
 */
class DialCommandTest {
  /** One trace line: the time in milliseconds, right-aligned, then the event. */
  private static final String TRACE_LINE = " *\\d+\\.\\d{3} ms  \\S.*";

  @Test
  @DisplayName(
      "a listener on 127.0.0.1: 'connected to 127.0.0.1:P from 127.0.0.1:L in T ms', exit 0")
  void connectsOverIpv4() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      Dial4jRun r = Dial4jRun.of("dial", "127.0.0.1:" + server.port());
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out())
          .matches(
              "connected to 127\\.0\\.0\\.1:"
                  + server.port()
                  + " from 127\\.0\\.0\\.1:\\d+ in \\d+\\.\\d{3} ms\n");
    }
  }

  @Test
  @DisplayName("a listener on ::1: 'connected to [::1]:P from [::1]:L in T ms', exit 0")
  void connectsOverIpv6() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.v6Listener();
      Dial4jRun r = Dial4jRun.of("dial", "[::1]:" + server.port());
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out())
          .matches(
              "connected to \\[::1]:" + server.port() + " from \\[::1]:\\d+ in \\d+\\.\\d{3} ms\n");
    }
  }

  @Test
  @DisplayName(
      "--json on success: outcome connected, remote, local, elapsed_ms, null errno and message,"
          + " events attempt_start, attempt_connected, won")
  void connectedJson() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      Dial4jRun r = Dial4jRun.of("dial", "--json", "127.0.0.1:" + server.port());
      assertThat(r.status()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).endsWith("}\n").hasLineCount(1);
      Map<String, Object> j = MiniJson.parseObject(r.out());
      assertThat(j.keySet())
          .containsExactly(
              "outcome",
              "target",
              "network",
              "remote",
              "local",
              "elapsed_ms",
              "errno",
              "operation",
              "message",
              "events");
      assertThat(j)
          .containsEntry("outcome", "connected")
          .containsEntry("target", "127.0.0.1:" + server.port())
          .containsEntry("network", "tcp")
          .containsEntry("remote", "127.0.0.1:" + server.port())
          .containsEntry("errno", null)
          .containsEntry("operation", null)
          .containsEntry("message", null);
      assertThat((String) j.get("local")).matches("127\\.0\\.0\\.1:\\d+");
      List<Map<String, Object>> events = events(j);
      assertThat(events)
          .extracting(e -> e.get("event"))
          .containsExactly("attempt_start", "attempt_connected", "won");
      assertThat(events.getFirst())
          .containsEntry("attempt", 1L)
          .containsEntry("family", "IPv4")
          .containsEntry("address", "127.0.0.1:" + server.port())
          .containsEntry("source", null);
      assertThat(events.get(1)).containsEntry("local", j.get("local")).containsKey("took_ms");
      assertThat(events.getLast()).containsEntry("attempt", 1L);
      assertThat(((Number) j.get("elapsed_ms")).doubleValue())
          .isEqualTo(((Number) events.getLast().get("at_ms")).doubleValue());
      assertThat(events).extracting(e -> ((Number) e.get("at_ms")).doubleValue()).isSorted();
    }
  }

  @Test
  @DisplayName("a closed 127.0.0.1 port: 'dial failed: ... ECONNREFUSED ...' on stderr, exit 1")
  void refused() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint closed = lo.closedPort();
      Dial4jRun r = Dial4jRun.of("dial", "127.0.0.1:" + closed.port());
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .startsWith(
              "dial failed: connect tcp 127.0.0.1:"
                  + closed.port()
                  + ": ECONNREFUSED (Connection refused)")
          .hasLineCount(1);
    }
  }

  @Test
  @DisplayName("--json, refused: outcome refused, errno ECONNREFUSED, remote null, exit 1")
  void refusedJson() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint closed = lo.closedPort();
      Dial4jRun r = Dial4jRun.of("dial", "--json", "127.0.0.1:" + closed.port());
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err()).isEmpty();
      Map<String, Object> j = MiniJson.parseObject(r.out());
      assertThat(j)
          .containsEntry("outcome", "refused")
          .containsEntry("errno", "ECONNREFUSED")
          .containsEntry("operation", "connect")
          .containsEntry("remote", null)
          .containsEntry("local", null);
      assertThat((String) j.get("message")).contains("ECONNREFUSED (Connection refused)");
      assertThat(events(j))
          .extracting(e -> e.get("event"))
          .containsExactly("attempt_start", "attempt_failed", "failed");
      assertThat(events(j).get(1)).containsEntry("errno", "ECONNREFUSED");
      assertThat(events(j).getLast()).containsEntry("errno", "ECONNREFUSED");
    }
  }

  @Test
  @DisplayName(
      "--resolve name=::1,127.0.0.1, only 127.0.0.1 listening: --trace shows attempt 1 [::1]"
          + " ECONNREFUSED, then attempt 2 127.0.0.1 connected; exit 0")
  void fallsBackToIpv4Traced() throws IOException {
    try (Listeners lo = new Listeners()) {
      int port = lo.v4ListenerV6Refusing().port();
      Dial4jRun r =
          Dial4jRun.of("dial", "--trace", "--resolve", "Name=::1,127.0.0.1", "name:" + port);
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.matches(TRACE_LINE));
      List<String> events = lines.stream().map(l -> l.replaceFirst(" *\\S+ ms  ", "")).toList();
      assertThat(events.getFirst()).isEqualTo("resolve start name [IPv6, IPv4]");
      assertThat(events)
          .contains(
              "resolve answer IPv6 [[::1]:" + port + "]",
              "resolve answer IPv4 [127.0.0.1:" + port + "]")
          .containsSubsequence(
              "attempt 1 start IPv6 [::1]:" + port, "attempt 2 start IPv4 127.0.0.1:" + port);
      assertThat(events.get(events.size() - 2))
          .startsWith("winner attempt 2 127.0.0.1:" + port + " local ");
      assertThat(events)
          .anyMatch(
              l -> l.matches("attempt 1 failed \\[::1]:" + port + " ECONNREFUSED in \\d.* ms"));
      assertThat(events)
          .anyMatch(
              l -> l.startsWith("attempt 2 connected 127.0.0.1:" + port + " local 127.0.0.1:"));
      // The failure starts the next attempt at once (RFC 8305 section 5): failed before start 2.
      assertThat(indexOf(events, "attempt 1 failed"))
          .isLessThan(indexOf(events, "attempt 2 start"));
      assertThat(lines.getLast()).startsWith("connected to 127.0.0.1:" + port + " from 127.0.0.1:");
    }
  }

  @Test
  @DisplayName("--json of the same fallback: attempt_failed ECONNREFUSED for IPv6, IPv4 wins")
  void fallsBackToIpv4Json() throws IOException {
    try (Listeners lo = new Listeners()) {
      int port = lo.v4ListenerV6Refusing().port();
      Dial4jRun r =
          Dial4jRun.of("dial", "--json", "--resolve", "name=::1,127.0.0.1", "name:" + port);
      assertThat(r.status()).isZero();
      Map<String, Object> j = MiniJson.parseObject(r.out());
      assertThat(j)
          .containsEntry("outcome", "connected")
          .containsEntry("remote", "127.0.0.1:" + port);
      List<Map<String, Object>> events = events(j);
      assertThat(events.getFirst())
          .containsEntry("event", "resolve_start")
          .containsEntry("host", "name")
          .containsEntry("families", List.of("IPv6", "IPv4"));
      Map<String, Object> failed = only(events, "attempt_failed");
      assertThat(failed)
          .containsEntry("attempt", 1L)
          .containsEntry("family", "IPv6")
          .containsEntry("address", "[::1]:" + port)
          .containsEntry("errno", "ECONNREFUSED")
          .containsKeys("message", "took_ms");
      assertThat(only(events, "won"))
          .containsEntry("attempt", 2L)
          .containsEntry("family", "IPv4")
          .containsEntry("local", j.get("local"));
    }
  }

  @Test
  @DisplayName(
      "--happy-delay 50ms, ::1 pending (full accept queue): attempt 2 on 127.0.0.1 starts after"
          + " 50 ms, wins, and attempt 1 is cancelled")
  void happyEyeballsRace() throws IOException {
    try (Listeners lo = new Listeners()) {
      int port = lo.v4ListenerV6Stuck().port();
      Dial4jRun r =
          Dial4jRun.of(
              "dial",
              "--json",
              "--happy-delay",
              "50ms",
              "--timeout",
              "10s",
              "--resolve",
              "name=::1,127.0.0.1",
              "name:" + port);
      assertThat(r.status()).isZero();
      List<Map<String, Object>> events = events(MiniJson.parseObject(r.out()));
      Map<String, Object> first =
          events.stream()
              .filter(e -> e.get("event").equals("attempt_start") && e.get("attempt").equals(1L))
              .findFirst()
              .orElseThrow();
      Map<String, Object> second =
          events.stream()
              .filter(e -> e.get("event").equals("attempt_start") && e.get("attempt").equals(2L))
              .findFirst()
              .orElseThrow();
      assertThat(ms(second) - ms(first)).isGreaterThanOrEqualTo(50.0);
      assertThat(only(events, "attempt_cancelled"))
          .containsEntry("attempt", 1L)
          .containsEntry("address", "[::1]:" + port)
          .containsEntry("late_success", false);
      assertThat(only(events, "won")).containsEntry("attempt", 2L);
    }
  }

  @Test
  @DisplayName("--timeout 200ms against a full accept queue: ETIMEDOUT on stderr, exit 4")
  void timesOut() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint stuck = lo.fullQueue();
      Dial4jRun r = Dial4jRun.of("dial", "--timeout", "200ms", "127.0.0.1:" + stuck.port());
      assertThat(r.status()).isEqualTo(4);
      assertThat(r.err()).startsWith("dial failed: ").contains("ETIMEDOUT (Connection timed out)");
    }
  }

  @Test
  @DisplayName("--json, --timeout 200ms, full accept queue: timed_out, ETIMEDOUT, elapsed >= 200")
  void timesOutJson() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint stuck = lo.fullQueue();
      Dial4jRun r =
          Dial4jRun.of("dial", "--json", "--timeout", "200ms", "127.0.0.1:" + stuck.port());
      assertThat(r.status()).isEqualTo(4);
      Map<String, Object> j = MiniJson.parseObject(r.out());
      assertThat(j).containsEntry("outcome", "timed_out").containsEntry("errno", "ETIMEDOUT");
      assertThat(((Number) j.get("elapsed_ms")).doubleValue()).isGreaterThanOrEqualTo(200.0);
      assertThat(events(j).getLast()).containsEntry("event", "failed");
    }
  }

  @Test
  @DisplayName(
      "a .invalid name (RFC 6761) that --resolve does not list fails in dial4j's resolver,"
          + " without a query: exit 3, resolve_failed")
  void unknownName() {
    Dial4jRun r =
        Dial4jRun.of(
            "dial",
            "--json",
            "--timeout",
            "20s",
            "--resolve",
            "other=127.0.0.1",
            "nothing.invalid:80");
    assertThat(r.status()).isEqualTo(3);
    Map<String, Object> j = MiniJson.parseObject(r.out());
    assertThat(j)
        .containsEntry("outcome", "resolve_failed")
        .containsEntry("operation", "resolve")
        .containsEntry("remote", null);
    assertThat(events(j))
        .extracting(e -> e.get("event"))
        .startsWith("resolve_start")
        .contains("resolve_failed")
        .endsWith("failed")
        .doesNotContain("attempt_start");
  }

  @Test
  @DisplayName("-6 and a --resolve name with only IPv4 addresses: no address, exit 3")
  void nameWithoutTheFamily() {
    Dial4jRun r = Dial4jRun.of("dial", "-6", "--resolve", "name=127.0.0.1", "name:80");
    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err()).startsWith("dial failed: resolve tcp6 name:80: ENOENT");
  }

  @Test
  @DisplayName("-4 with an IPv6 literal: a usage error naming EAFNOSUPPORT and tcp4, exit 2")
  void ipv4OnlyWithIpv6Literal() {
    Dial4jRun r = Dial4jRun.of("dial", "-4", "[::1]:80");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().findFirst().orElseThrow())
        .isEqualTo(
            "dial4j dial: parse: EAFNOSUPPORT (Address family not supported by protocol):"
                + " network tcp4 does not take an IPv6 address in \"[::1]:80\"");
  }

  @Test
  @DisplayName("an IPv4 --source keeps the dial to IPv4: [::1] is refused as a usage error")
  void sourceNarrowsTheFamily() {
    Dial4jRun r = Dial4jRun.of("dial", "--source", "127.0.0.1", "[::1]:80");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("network tcp4 does not take an IPv6 address");
  }

  @Test
  @DisplayName("--source 127.0.0.2: the connection comes from 127.0.0.2, exit 0")
  void source() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      Dial4jRun r = Dial4jRun.of("dial", "--source", "127.0.0.2", "127.0.0.1:" + server.port());
      assertThat(r.status()).isZero();
      assertThat(r.out()).contains(" from 127.0.0.2:");
    }
  }

  static Stream<List<String>> usageErrors() {
    return Stream.of(
        List.of(),
        List.of("127.0.0.1:80", "extra"),
        List.of("-4", "-6", "127.0.0.1:80"),
        List.of("--trace", "--json", "127.0.0.1:80"),
        List.of("--timeout", "soon", "127.0.0.1:80"),
        List.of("--timeout", "0s", "127.0.0.1:80"),
        List.of("--happy-delay", "-1s", "127.0.0.1:80"),
        List.of("--resolve", "name", "name:80"),
        List.of("--resolve", "=127.0.0.1", "name:80"),
        List.of("--resolve", "name=127.0.0.1,nowhere", "name:80"),
        List.of("--resolve", "name=", "name:80"),
        List.of("--source", "nowhere", "127.0.0.1:80"),
        List.of("--source", "::1", "-4", "127.0.0.1:80"),
        List.of("127.0.0.1"),
        List.of("127.0.0.1:0"),
        List.of("127.0.0.1:70000"),
        List.of("--bogus", "127.0.0.1:80"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  @DisplayName("usage errors: the message and the usage on stderr, nothing on stdout, exit 2")
  void usageError(List<String> args) {
    Dial4jRun r =
        Dial4jRun.of(Stream.concat(Stream.of("dial"), args.stream()).toArray(String[]::new));
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Usage: dial4j dial");
  }

  @Test
  @DisplayName(
      "interrupted while an attempt is pending (as SIGINT does): ECANCELED, cancelled, exit 5")
  void cancelled() throws Exception {
    try (Listeners lo = new Listeners()) {
      InetEndpoint stuck = lo.fullQueue();
      CountDownLatch attempting = new CountDownLatch(1);
      ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
      OutputStream out =
          new OutputStream() {
            @Override
            public synchronized void write(int b) {
              outBytes.write(b);
              if (outBytes.toString(StandardCharsets.UTF_8).contains("attempt 1 start")) {
                attempting.countDown();
              }
            }
          };
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int[] status = {-1};
      Thread dial =
          Thread.ofPlatform()
              .start(
                  () ->
                      status[0] =
                          Main.run(
                              new PrintStream(out, true, StandardCharsets.UTF_8),
                              new PrintStream(err, true, StandardCharsets.UTF_8),
                              "dial",
                              "--trace",
                              "--timeout",
                              "30s",
                              "127.0.0.1:" + stuck.port()));
      assertThat(attempting.await(20, TimeUnit.SECONDS)).isTrue();
      dial.interrupt();
      dial.join(20_000);
      assertThat(dial.isAlive()).isFalse();
      assertThat(status[0]).isEqualTo(5);
      assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("attempt 1 cancelled");
      assertThat(err.toString(StandardCharsets.UTF_8))
          .startsWith("dial failed: ")
          .contains("ECANCELED");
    }
  }

  @Test
  @DisplayName("every run closes its connection, its event loop and everything else it opened")
  void closesEverything() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 64);
      InetEndpoint closed = lo.closedPort();
      Dial4jRun.of("dial", "127.0.0.1:" + server.port());
      Dial4jRun.of("dial", "127.0.0.1:" + closed.port());
      long before = openDescriptors();
      for (int i = 0; i < 3; i++) {
        assertThat(Dial4jRun.of("dial", "127.0.0.1:" + server.port()).status()).isZero();
        assertThat(Dial4jRun.of("dial", "127.0.0.1:" + closed.port()).status()).isOne();
      }
      // The accepted connections wait in the listener's queue, not in this process's table.
      assertThat(openDescriptors()).isEqualTo(before);
    }
  }

  @Test
  @DisplayName("dial --help documents the options, the exit status and the JSON schema")
  void help() {
    Dial4jRun r = Dial4jRun.of("dial", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("Usage: dial4j dial [-46hV]", "--happy-delay=D", "--resolve=NAME=IP,IP,...")
        .contains("Exit status:", "3   the name did not resolve", "5   cancelled")
        .contains("elapsed_ms", "attempt_failed     attempt, family, address, errno");
    assertThat(r.out().lines()).allMatch(l -> l.length() <= 80);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(Map<String, Object> json) {
    return (List<Map<String, Object>>) json.get("events");
  }

  private static Map<String, Object> only(List<Map<String, Object>> events, String type) {
    List<Map<String, Object>> found =
        events.stream().filter(e -> e.get("event").equals(type)).toList();
    assertThat(found).as("events of type %s in %s", type, events).hasSize(1);
    return found.getFirst();
  }

  private static double ms(Map<String, Object> event) {
    return ((Number) event.get("at_ms")).doubleValue();
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
