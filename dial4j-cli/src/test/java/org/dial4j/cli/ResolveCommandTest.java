package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code dial4j resolve}: lookups against a {@link DnsAnswerer} on 127.0.0.1 (every test names it
 * with --server: this machine's resolv.conf names a real server, which no test may ask).
 */
class ResolveCommandTest {

  /**
   * An HTTPS record's RDATA (RFC 9460 section 2.2): priority 1, target "." (the owner), {@code
   * alpn=h2}, and {@code port} and {@code ipv4hint} when given (keys in ascending order).
   */
  static byte[] httpsRdata(int port, byte[] ipv4hint) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 1, 0}); // SvcPriority 1, TargetName "."
    out.writeBytes(new byte[] {0, 1, 0, 3, 2, 'h', '2'}); // alpn=h2
    if (port > 0) {
      out.writeBytes(new byte[] {0, 3, 0, 2, (byte) (port >> 8), (byte) port}); // port
    }
    if (ipv4hint != null) {
      out.writeBytes(new byte[] {0, 4, 0, 4}); // ipv4hint
      out.writeBytes(ipv4hint);
    }
    return out.toByteArray();
  }

  @Test
  @DisplayName("AAAA and A found: dig's answer lines, AAAA first, exit 0")
  void found() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.aaaa("www.dial4j.test", "2001:db8::1", 300).a("www.dial4j.test", "192.0.2.1", 60);
      Dial4jRun r = Dial4jRun.of("resolve", "--server", dns.address(), "www.dial4j.test");
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out().lines())
          .containsExactly(
              "www.dial4j.test. 300 IN AAAA 2001:db8::1", "www.dial4j.test. 60 IN A 192.0.2.1");
    }
  }

  @Test
  @DisplayName("a CNAME chain: its lines before the records, without a TTL")
  void cnameChain() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.cname("www.dial4j.test", "edge.dial4j.test", 600).a("edge.dial4j.test", "192.0.2.7", 30);
      Dial4jRun r =
          Dial4jRun.of("resolve", "-t", "A", "--server", dns.address(), "www.dial4j.test");
      assertThat(r.status()).isZero();
      assertThat(r.out().lines())
          .containsExactly(
              "www.dial4j.test. IN CNAME edge.dial4j.test.", "edge.dial4j.test. 30 IN A 192.0.2.7");
    }
  }

  @Test
  @DisplayName("a name with A records only: ';; no AAAA records', then the A record, exit 0")
  void nodata() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.a("v4.dial4j.test", "192.0.2.2", 60);
      Dial4jRun r = Dial4jRun.of("resolve", "--server", dns.address(), "v4.dial4j.test");
      assertThat(r.status()).isZero();
      assertThat(r.out().lines())
          .containsExactly(";; no AAAA records", "v4.dial4j.test. 60 IN A 192.0.2.2");
    }
  }

  @Test
  @DisplayName("a name with no records of the type asked (-t AAAA): NODATA, exit 3")
  void nodataOnly() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.a("v4.dial4j.test", "192.0.2.2", 60);
      Dial4jRun r =
          Dial4jRun.of("resolve", "-t", "aaaa", "--server", dns.address(), "v4.dial4j.test");
      assertThat(r.status()).isEqualTo(3);
      assertThat(r.out()).isEqualTo(";; no AAAA records\n");
    }
  }

  @Test
  @DisplayName("NXDOMAIN: ';; TYPE: ... ENOENT ...' for each type, exit 3")
  void nxdomain() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      Dial4jRun r = Dial4jRun.of("resolve", "--server", dns.address(), "nowhere.dial4j.test");
      assertThat(r.status()).isEqualTo(3);
      List<String> lines = r.out().lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).startsWith(";; AAAA: ").contains("ENOENT");
      assertThat(lines.get(1)).startsWith(";; A: ").contains("ENOENT");
    }
  }

  @Test
  @DisplayName("--json: name, types, answers per type (records, outcome, errno), queries, elapsed")
  void json() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.a("v4.dial4j.test", "192.0.2.2", 60);
      Dial4jRun r = Dial4jRun.of("resolve", "--json", "--server", dns.address(), "v4.dial4j.test");
      assertThat(r.status()).isZero();
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).hasLineCount(1);
      Map<String, Object> j = MiniJson.parseObject(r.out());
      assertThat(j.keySet()).containsExactly("name", "types", "answers", "queries", "elapsed_ms");
      assertThat(j).containsEntry("name", "v4.dial4j.test");
      assertThat(j.get("types")).isEqualTo(List.of("AAAA", "A"));
      Map<String, Object> answers = map(j.get("answers"));
      assertThat(answers.keySet()).containsExactly("AAAA", "A");
      assertThat(map(answers.get("AAAA")))
          .containsEntry("outcome", "nodata")
          .containsEntry("records", List.of())
          .containsEntry("errno", null)
          .containsEntry("message", null);
      Map<String, Object> a = map(answers.get("A"));
      assertThat(a)
          .containsEntry("outcome", "found")
          .containsEntry("canonical_name", "v4.dial4j.test.")
          .containsEntry("aliases", List.of());
      assertThat(a.get("records"))
          .isEqualTo(
              List.of(
                  Map.of("name", "v4.dial4j.test.", "type", "A", "ttl", 60L, "data", "192.0.2.2")));
      List<Map<String, Object>> queries = list(j.get("queries"));
      assertThat(queries).extracting(q -> q.get("type")).containsExactlyInAnyOrder("AAAA", "A");
      for (Map<String, Object> q : queries) {
        assertThat(q.keySet())
            .containsExactly(
                "name",
                "type",
                "server",
                "transport",
                "cached",
                "sent_ms",
                "took_ms",
                "rcode",
                "outcome");
        assertThat(q)
            .containsEntry("name", "v4.dial4j.test.")
            .containsEntry("server", dns.address())
            .containsEntry("transport", "udp")
            .containsEntry("cached", false)
            .containsEntry("rcode", "NOERROR");
        assertThat(((Number) q.get("sent_ms")).doubleValue()).isNotNegative();
      }
      assertThat(((Number) j.get("elapsed_ms")).doubleValue()).isPositive();
    }
  }

  @Test
  @DisplayName("--json, NXDOMAIN: outcome nxdomain, errno ENOENT, rcode NXDOMAIN, exit 3")
  void jsonNxdomain() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      Dial4jRun r =
          Dial4jRun.of(
              "resolve", "--json", "-t", "A", "--server", dns.address(), "nowhere.dial4j.test");
      assertThat(r.status()).isEqualTo(3);
      Map<String, Object> j = MiniJson.parseObject(r.out());
      assertThat(map(map(j.get("answers")).get("A")))
          .containsEntry("outcome", "nxdomain")
          .containsEntry("errno", "ENOENT")
          .containsEntry("canonical_name", null);
      assertThat(list(j.get("queries")))
          .singleElement()
          .satisfies(q -> assertThat(q).containsEntry("rcode", "NXDOMAIN"));
    }
  }

  @Test
  @DisplayName("--trace: one ';; query' line per query before the answers; --tcp: over tcp")
  void trace() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.a("v4.dial4j.test", "192.0.2.2", 60);
      for (String transport : List.of("udp", "tcp")) {
        Dial4jRun r =
            transport.equals("tcp")
                ? Dial4jRun.of(
                    "resolve", "--trace", "--tcp", "--server", dns.address(), "v4.dial4j.test")
                : Dial4jRun.of("resolve", "--trace", "--server", dns.address(), "v4.dial4j.test");
        assertThat(r.status()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        String prefix = "@" + dns.address() + " " + transport + ": NOERROR, ";
        assertThat(lines.subList(0, 2))
            .anySatisfy(
                l ->
                    assertThat(l)
                        .matches(
                            ";; query v4\\.dial4j\\.test\\. AAAA \\Q"
                                + prefix
                                + "\\E\\d+\\.\\d{3} ms, no records of the type"))
            .anySatisfy(
                l ->
                    assertThat(l)
                        .matches(
                            ";; query v4\\.dial4j\\.test\\. A \\Q"
                                + prefix
                                + "\\E\\d+\\.\\d{3} ms, 1 records?"));
        assertThat(lines.subList(2, 4))
            .containsExactly(";; no AAAA records", "v4.dial4j.test. 60 IN A 192.0.2.2");
      }
      assertThat(dns.queries())
          .extracting(DnsAnswerer.Query::tcp)
          .containsExactly(false, false, true, true);
    }
  }

  @Test
  @DisplayName("-t HTTPS: the record in presentation form (1 . alpn=h2), exit 0")
  void https() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.add(new DnsAnswerer.Rec("svc.dial4j.test", DnsAnswerer.HTTPS, 120, httpsRdata(0, null)));
      Dial4jRun r =
          Dial4jRun.of("resolve", "-t", "HTTPS", "--server", dns.address(), "svc.dial4j.test");
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out()).isEqualTo("svc.dial4j.test. 120 IN HTTPS 1 . alpn=h2\n");
    }
  }

  @Test
  @DisplayName("-t ANY: AAAA, A and HTTPS, each a query of its own")
  void any() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.start()) {
      dns.a("v4.dial4j.test", "192.0.2.2", 60);
      Dial4jRun r =
          Dial4jRun.of("resolve", "-t", "ANY", "--server", dns.address(), "v4.dial4j.test");
      assertThat(r.status()).isZero();
      assertThat(r.out().lines())
          .containsExactly(
              ";; no AAAA records", "v4.dial4j.test. 60 IN A 192.0.2.2", ";; no HTTPS records");
      assertThat(dns.queries())
          .extracting(DnsAnswerer.Query::type)
          .containsExactlyInAnyOrder(DnsAnswerer.AAAA, DnsAnswerer.A, DnsAnswerer.HTTPS);
    }
  }

  @Test
  @DisplayName("a bad -t is a usage error, exit 2, without a query")
  void badType() {
    Dial4jRun r = Dial4jRun.of("resolve", "-t", "MX", "--server", "127.0.0.1:9", "x.dial4j.test");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("-t takes A, AAAA, HTTPS, SVCB, CNAME or ANY, not 'MX'");
  }

  @Test
  @DisplayName("a bad --server is a usage error naming it, exit 2")
  void badServer() {
    Dial4jRun r = Dial4jRun.of("resolve", "--server", "nameserver.example", "x.dial4j.test");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--server").contains("nameserver.example");
  }

  @Test
  @DisplayName("--timeout with a server that never answers: timed_out, exit 4")
  void timesOut() throws IOException {
    try (DnsAnswerer dns = DnsAnswerer.silent()) {
      Dial4jRun r =
          Dial4jRun.of(
              "resolve",
              "--json",
              "--timeout",
              "200ms",
              "--server",
              dns.address(),
              "www.dial4j.test");
      assertThat(r.status()).isEqualTo(4);
      Map<String, Object> j = MiniJson.parseObject(r.out());
      for (String type : List.of("AAAA", "A")) {
        assertThat(map(map(j.get("answers")).get(type)))
            .containsEntry("outcome", "timed_out")
            .containsEntry("errno", "ETIMEDOUT");
      }
    }
  }

  @Test
  @DisplayName("a .invalid name fails without a query (RFC 6761): exit 3")
  void invalidName() {
    Dial4jRun r = Dial4jRun.of("resolve", "--server", "127.0.0.1:9", "nothing.invalid");
    assertThat(r.status()).isEqualTo(3);
    assertThat(r.out()).contains(";; AAAA: ", "ENOENT");
  }

  @Test
  @DisplayName("--trace and --json together are a usage error, exit 2")
  void traceAndJson() {
    Dial4jRun r = Dial4jRun.of("resolve", "--trace", "--json", "nothing.invalid");
    assertThat(r.status()).isEqualTo(2);
  }

  @Test
  @DisplayName("resolve --help documents the types, ANY, the JSON and the exit status")
  void help() {
    Dial4jRun r = Dial4jRun.of("resolve", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains(
            "Usage: dial4j resolve", "--server=IP[:port]", "never sends a\n", "QTYPE ANY query")
        .contains("Exit status:", "3   the name does not exist", "4   timed out")
        .contains("elapsed_ms", "canonical_name");
    assertThat(r.out().lines()).allMatch(l -> l.length() <= 80);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
