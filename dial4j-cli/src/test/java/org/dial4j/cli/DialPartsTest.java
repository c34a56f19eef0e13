package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.Resolver;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pieces of {@code dial4j dial} without a network: JSON, the --resolve table, the events. */
class DialPartsTest {
  private static final InetEndpoint V6 = Endpoints.of("[::1]:80");
  private static final InetEndpoint V4 = Endpoints.of("127.0.0.1:80");
  private static final InetEndpoint LOCAL = Endpoints.of("127.0.0.1:5000");

  @Test
  @DisplayName("JSON strings escape quote, backslash and every control character (RFC 8259)")
  void jsonEscapes() {
    String nasty = "a\"b\\c\nd\te\u0001f/é";
    String text = Json.write(Map.of("k", nasty));
    assertThat(text).isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\te\\u0001f/é\"}");
    assertThat(MiniJson.parseObject(text)).containsEntry("k", nasty);
  }

  @Test
  @DisplayName("JSON milliseconds: three decimals, rounded half up, never a decimal comma")
  void jsonMillis() {
    assertThat(Json.millis(Duration.ofNanos(412_345)).toPlainString()).isEqualTo("0.412");
    assertThat(Json.millis(Duration.ofNanos(412_500)).toPlainString()).isEqualTo("0.413");
    assertThat(Json.millis(Duration.ofSeconds(2)).toPlainString()).isEqualTo("2000.000");
    assertThat(Json.write(List.of(1, true, Json.millis(Duration.ZERO))))
        .isEqualTo("[1,true,0.000]");
  }

  @Test
  @DisplayName("--resolve keeps the given order over both families; [v6] and a mapped v6 stay IPv6")
  void resolveTable() throws Exception {
    Resolver r =
        ResolveTable.parse(List.of("Db=::1,127.0.0.1", "db=[::ffff:127.0.0.2],127.0.0.3"))
            .before(failing());
    assertThat(r.lookup("DB", Family.INET6, Deadline.NEVER).get())
        .containsExactly(
            InetAddress.ofLiteral("::1"),
            Inet6Address.getByAddress(
                null, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 127, 0, 0, 2}, -1));
    assertThat(r.lookup("db", Family.INET, Deadline.NEVER).get())
        .containsExactly(InetAddress.ofLiteral("127.0.0.1"), InetAddress.ofLiteral("127.0.0.3"));
  }

  @Test
  @DisplayName("--resolve: names not in the table go to the next resolver")
  void resolveTableFallsThrough() {
    Resolver r = ResolveTable.parse(List.of("db=127.0.0.1")).before(failing());
    assertThat(r.lookup("other", Family.INET, Deadline.NEVER)).isCompletedExceptionally();
  }

  @Test
  @DisplayName("--resolve: NAME=IP,... or an error naming the entry")
  void resolveTableErrors() {
    for (String bad :
        List.of(
            "db", "=127.0.0.1", "db=", "db=127.0.0.1,", "db=localhost", "db=::1%lo", "db=127.1")) {
      assertThatThrownBy(() -> ResolveTable.parse(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.contains("=") && !bad.startsWith("=") ? "is not an IPv4" : bad);
    }
  }

  @Test
  @DisplayName("every event type: its snake-case name, at_ms first, and its fields")
  void eventFields() {
    Duration t = Duration.ofNanos(1_500_000);
    IOException refused = NetError.of(Errno.ECONNREFUSED, Operation.CONNECT, null, null, V6, null);
    List<DialEvent> all =
        List.of(
            new DialEvent.ResolveStart(t, 1, "db", List.of(Family.INET6, Family.INET)),
            new DialEvent.ResolveAnswer(t, 1, Family.INET6, List.of(V6)),
            new DialEvent.ResolveFailed(
                t,
                1,
                Family.INET,
                NetError.of(
                    Errno.ENOENT, Operation.RESOLVE, null, null, null, "no address for db")),
            new DialEvent.ResolveCancelled(t, 1, Family.INET),
            new DialEvent.ResolveEnd(t, 1, List.of(V6, V4)),
            new DialEvent.AttemptStart(t, 1, 1, null, V6),
            new DialEvent.AttemptFailed(t, 1, 1, V6, Errno.ECONNREFUSED, refused, t),
            new DialEvent.AttemptConnected(t, 1, 2, V4, LOCAL, t),
            new DialEvent.AttemptCancelled(t, 1, 3, V4, t, true),
            new DialEvent.Won(t, 1, 2, V4, LOCAL),
            new DialEvent.Failed(t, 1, refused),
            new DialEvent.MultipathFallback(t, 1, 1, V6, Errno.EPROTONOSUPPORT));
    List<Map<String, Object>> parsed =
        all.stream().map(e -> MiniJson.parseObject(Json.write(DialEventFields.of(e)))).toList();
    assertThat(parsed)
        .extracting(m -> m.get("event"))
        .containsExactly(
            "resolve_start",
            "resolve_answer",
            "resolve_failed",
            "resolve_cancelled",
            "resolve_end",
            "attempt_start",
            "attempt_failed",
            "attempt_connected",
            "attempt_cancelled",
            "won",
            "failed",
            "multipath_fallback");
    assertThat(parsed)
        .allSatisfy(
            m -> {
              assertThat(m.keySet().iterator().next()).isEqualTo("at_ms");
              assertThat(m.get("at_ms")).isEqualTo(1.5);
            });
    assertThat(parsed.get(0))
        .containsEntry("host", "db")
        .containsEntry("families", List.of("IPv6", "IPv4"));
    assertThat(parsed.get(1))
        .containsEntry("family", "IPv6")
        .containsEntry("addresses", List.of("[::1]:80"));
    assertThat(parsed.get(2)).containsEntry("family", "IPv4").containsEntry("errno", "ENOENT");
    assertThat(parsed.get(4)).containsEntry("plan", List.of("[::1]:80", "127.0.0.1:80"));
    assertThat(parsed.get(5)).containsEntry("attempt", 1L).containsEntry("source", null);
    assertThat(parsed.get(11))
        .containsEntry("attempt", 1L)
        .containsEntry("address", "[::1]:80")
        .containsEntry("errno", "EPROTONOSUPPORT");
    assertThat(parsed.get(6))
        .containsEntry("errno", "ECONNREFUSED")
        .containsEntry("took_ms", 1.5)
        .containsKey("message");
    assertThat(parsed.get(7))
        .containsEntry("family", "IPv4")
        .containsEntry("local", "127.0.0.1:5000");
    assertThat(parsed.get(8)).containsEntry("late_success", true);
    assertThat(parsed.get(9)).containsEntry("address", "127.0.0.1:80");
    assertThat(parsed.get(10)).containsEntry("errno", "ECONNREFUSED");
  }

  @Test
  @DisplayName("a trace line: the offset in ms, three decimals, right-aligned, then the event")
  void traceLine() {
    assertThat(
            DialRecorder.line(
                new DialEvent.AttemptStart(Duration.ofNanos(250_400_000), 1, 2, null, V4)))
        .isEqualTo(" 250.400 ms  attempt 2 start IPv4 127.0.0.1:80");
    assertThat(
            DialRecorder.line(
                new DialEvent.ResolveStart(
                    Duration.ZERO, 1, "db", List.of(Family.INET6, Family.INET))))
        .isEqualTo("   0.000 ms  resolve start db [IPv6, IPv4]");
  }

  @Test
  @DisplayName("outcome classes and exit status from the exception NetError.of picks")
  void outcomes() {
    assertThat(outcome(Errno.ECONNREFUSED, Operation.CONNECT))
        .isEqualTo(DialReport.Outcome.REFUSED);
    assertThat(outcome(Errno.EHOSTUNREACH, Operation.CONNECT))
        .isEqualTo(DialReport.Outcome.UNREACHABLE);
    assertThat(outcome(Errno.ETIMEDOUT, Operation.RESOLVE)).isEqualTo(DialReport.Outcome.TIMED_OUT);
    assertThat(outcome(Errno.ECANCELED, Operation.CONNECT)).isEqualTo(DialReport.Outcome.CANCELLED);
    assertThat(outcome(Errno.ENOENT, Operation.RESOLVE))
        .isEqualTo(DialReport.Outcome.RESOLVE_FAILED);
    assertThat(outcome(Errno.EACCES, Operation.CONNECT)).isEqualTo(DialReport.Outcome.FAILED);
    assertThat(List.of(DialReport.Outcome.values()))
        .extracting(o -> o.word + "=" + o.status)
        .containsExactly(
            "connected=0",
            "refused=1",
            "unreachable=1",
            "failed=1",
            "resolve_failed=3",
            "timed_out=4",
            "cancelled=5");
  }

  private static DialReport.Outcome outcome(Errno errno, Operation op) {
    return DialReport.Outcome.of(NetError.of(errno, op, null, null, null, null));
  }

  private static Resolver failing() {
    return (host, family, deadline) ->
        CompletableFuture.failedFuture(new IOException("not in the table: " + host));
  }

  /** Endpoints for the table above. */
  private static final class Endpoints {
    static InetEndpoint of(String text) {
      return org.dial4j.Endpoint.parseInet(text);
    }
  }
}
