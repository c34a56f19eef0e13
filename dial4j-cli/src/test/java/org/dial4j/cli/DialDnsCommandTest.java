package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.dial4j.InetEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code dial4j dial} with DNS: --dns-server, --resolver and --service, against a {@link
 * DnsAnswerer} and a listener, both on 127.0.0.1.
 */
class DialDnsCommandTest {

  @Test
  @DisplayName("--dns-server: the name's A record from the server, connected, exit 0")
  void dnsServer() throws IOException {
    try (Listeners lo = new Listeners();
        DnsAnswerer dns = DnsAnswerer.start()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      dns.a("app.dial4j.test", "127.0.0.1", 60);
      Dial4jRun r =
          Dial4jRun.of("dial", "--dns-server", dns.address(), "app.dial4j.test:" + server.port());
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out())
          .matches(
              "connected to 127\\.0\\.0\\.1:"
                  + server.port()
                  + " from 127\\.0\\.0\\.1:\\d+ in \\d+\\.\\d{3} ms\n");
      assertThat(dns.queries()).extracting(DnsAnswerer.Query::name).containsOnly("app.dial4j.test");
    }
  }

  @Test
  @DisplayName("--resolve answers its name, --dns-server every other: both dials connect")
  void resolveTableBeforeDnsServer() throws IOException {
    try (Listeners lo = new Listeners();
        DnsAnswerer dns = DnsAnswerer.start()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      dns.a("app.dial4j.test", "127.0.0.1", 60);
      for (String name : List.of("fixed.dial4j.test", "app.dial4j.test")) {
        Dial4jRun r =
            Dial4jRun.of(
                "dial",
                "--resolve",
                "fixed.dial4j.test=127.0.0.1",
                "--dns-server",
                dns.address(),
                name + ":" + server.port());
        assertThat(r.status()).as(r.err()).isZero();
      }
      assertThat(dns.queries()).extracting(DnsAnswerer.Query::name).containsOnly("app.dial4j.test");
    }
  }

  @Test
  @DisplayName("--dns-server with --resolver system is a usage error, exit 2")
  void dnsServerWithSystemResolver() {
    Dial4jRun r =
        Dial4jRun.of(
            "dial", "--resolver", "system", "--dns-server", "127.0.0.1:9", "app.dial4j.test:80");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--dns-server needs --resolver dns");
  }

  @Test
  @DisplayName("a bad --resolver or --dns-server is a usage error, exit 2")
  void badResolverOptions() {
    assertThat(Dial4jRun.of("dial", "--resolver", "nis", "app.dial4j.test:80").status())
        .isEqualTo(2);
    Dial4jRun r = Dial4jRun.of("dial", "--dns-server", "ns.example", "app.dial4j.test:80");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--dns-server").contains("ns.example");
  }

  @Test
  @DisplayName("--resolver system: getaddrinfo answers localhost, connected, exit 0")
  void systemResolver() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      Dial4jRun r =
          Dial4jRun.of("dial", "-4", "--resolver", "system", "localhost:" + server.port());
      assertThat(r.status()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("connected to 127.0.0.1:" + server.port());
    }
  }

  @Test
  @DisplayName(
      "--service https, an HTTPS record with ipv4hint and port, the name's A and AAAA queries"
          + " unanswered: connected through the hint, won's service in the JSON, 'via' on the"
          + " line, exit 0")
  void serviceHint() throws IOException {
    try (Listeners lo = new Listeners();
        DnsAnswerer dns = DnsAnswerer.start()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      dns.add(
              new DnsAnswerer.Rec(
                  "svc.dial4j.test",
                  DnsAnswerer.HTTPS,
                  120,
                  ResolveCommandTest.httpsRdata(server.port(), Listeners.V4_LOOPBACK)))
          // No answer to A and AAAA: the hint stands in for them (RFC 9460 section 7.3).
          // (Answered NODATA at once, they come before the HTTPS answer and the core drops the
          // hints: the dial fails with ENOENT and an empty plan.)
          .drop("svc.dial4j.test", DnsAnswerer.A)
          .drop("svc.dial4j.test", DnsAnswerer.AAAA);
      // Port 443: the HTTPS record is the name's own (RFC 9460 section 9.1); its port param
      // sends the dial to the listener.
      Dial4jRun r =
          Dial4jRun.of(
              "dial",
              "--json",
              "--service",
              "https",
              "--dns-server",
              dns.address(),
              "svc.dial4j.test:443");
      assertThat(r.status()).as(r.out()).isZero();
      Map<String, Object> j = MiniJson.parseObject(r.out());
      assertThat(j).containsEntry("remote", "127.0.0.1:" + server.port());
      List<Map<String, Object>> events = events(j);
      String binding = "1 svc.dial4j.test. alpn=h2 port=" + server.port() + " ipv4hint=127.0.0.1";
      assertThat(events)
          .filteredOn(e -> e.get("event").equals("service_answer"))
          .singleElement()
          .satisfies(e -> assertThat(e).containsEntry("bindings", List.of(binding)));
      assertThat(events.getLast()).containsEntry("event", "won").containsEntry("service", binding);

      // A --resolve table for another name passes the service lookup on to the DNS resolver.
      Dial4jRun text =
          Dial4jRun.of(
              "dial",
              "--resolve",
              "other.dial4j.test=127.0.0.1",
              "--service",
              "https",
              "--dns-server",
              dns.address(),
              "svc.dial4j.test:443");
      assertThat(text.status()).as(text.err()).isZero();
      assertThat(text.out())
          .startsWith("connected to 127.0.0.1:" + server.port())
          .endsWith(" via " + binding + "\n");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(Map<String, Object> json) {
    return (List<Map<String, Object>>) json.get("events");
  }
}
