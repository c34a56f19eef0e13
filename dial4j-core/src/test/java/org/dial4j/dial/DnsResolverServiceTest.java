package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.testing.ScriptedDnsServer.A;
import static org.dial4j.testing.ScriptedDnsServer.AAAA;
import static org.dial4j.testing.ScriptedDnsServer.HTTPS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dial4j.Endpoint;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.ScriptedDnsServer;
import org.dial4j.testing.ScriptedDnsServer.Rec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Happy Eyeballs version 3 on real loopback sockets: the Dialer with a service asks the scripted
 * server for the name's HTTPS record beside A and AAAA (draft-ietf-happy-happyeyeballs-v3-04),
 * dials the binding's endpoint (its {@code port}, not the dial's), tells the binding on the
 * connection and in the Won event, and starts no attempt before the HTTPS answer is in.
 */
class DnsResolverServiceTest {
  private static final long BOUND_S = 10;

  private EventLoop loop;
  private ScriptedDnsServer dns;
  private final Loopback peers = new Loopback();
  private final List<DialEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("dns-service");
    dns = ScriptedDnsServer.start("127.0.0.1");
  }

  @AfterEach
  void stop() throws Exception {
    loop.close();
    assertThat(loop.awaitTermination(Duration.ofSeconds(BOUND_S))).isTrue();
    dns.close();
    peers.close();
  }

  private DnsResolver resolver() {
    return DnsResolver.builder()
        .noSystemFiles()
        .server("127.0.0.1:" + dns.address().getPort())
        .timeout(Duration.ofSeconds(2))
        .loop(loop)
        .build();
  }

  private Dialer dialer() {
    return Dialer.builder()
        .loop(loop)
        .listener(events::add)
        .resolver(resolver())
        .service("https")
        .build();
  }

  /** A listener on 127.0.0.1: its port. */
  private int listener() throws IOException {
    PosixSocket l = peers.listener("127.0.0.1", 16);
    return Loopback.where(l).port();
  }

  /** svc.test: A 127.0.0.1, no AAAA (NODATA). */
  private void ipv4Only(String name) {
    dns.on(name, A).answer(Rec.a(name, "127.0.0.1", 60));
    dns.on(name, AAAA).authority(Rec.soa("test", 60, 60));
  }

  @Test
  @DisplayName(
      "HTTPS 1 . alpn=h2 port=P: the dial of svc.test:443 connects to 127.0.0.1:P, the binding on"
          + " the connection and in Won; the dial's own port is never tried")
  void bindingPort() throws Exception {
    int port = listener();
    ipv4Only("svc.test");
    dns.on("svc.test", HTTPS).answer(https("svc.test", 1, List.of("h2"), port));
    try (Dialer d = dialer();
        Connection c = d.dial("svc.test:443")) {
      assertThat(c.remote()).isEqualTo(Endpoint.parseInet("127.0.0.1:" + port));
      ServiceBinding b = c.serviceBinding().orElseThrow();
      assertThat(b.alpn()).containsExactly("h2");
      assertThat(b.port()).hasValue(port);
      assertThat(b.target()).isEqualTo("svc.test.");
      assertThat(b.priority()).isEqualTo(1);
      assertThat(event(DialEvent.Won.class).binding()).isEqualTo(b);
    }
    assertThat(events)
        .filteredOn(e -> e instanceof DialEvent.AttemptStart)
        .extracting(e -> ((DialEvent.AttemptStart) e).target())
        .containsExactly(Endpoint.parseInet("127.0.0.1:" + port));
    assertThat(dns.queries())
        .extracting(ScriptedDnsServer.Query::type)
        .containsExactlyInAnyOrder(AAAA, A, HTTPS);
  }

  @Test
  @DisplayName("the HTTPS answer 30 ms after A and AAAA: the first attempt starts only after it")
  void waitsForTheBindings() throws Exception {
    int port = listener();
    ipv4Only("late.test");
    dns.on("late.test", HTTPS)
        .delay(Duration.ofMillis(30))
        .answer(https("late.test", 1, List.of("h2"), port));
    // A Resolution Delay far longer than the HTTPS answer's 30 ms: only that answer may start the
    // dial (on a loaded machine the 30 ms may pass 50, and the delay would rightly start it).
    try (Dialer d =
            Dialer.builder()
                .loop(loop)
                .listener(events::add)
                .resolver(resolver())
                .service("https")
                .resolutionDelay(Duration.ofSeconds(5))
                .build();
        Connection c = d.dial("late.test:443")) {
      assertThat(c.remote()).isEqualTo(Endpoint.parseInet("127.0.0.1:" + port));
      assertThat(c.serviceBinding()).isPresent();
    }
    DialEvent.ServiceAnswer bindings = event(DialEvent.ServiceAnswer.class);
    DialEvent.AttemptStart first = event(DialEvent.AttemptStart.class);
    assertThat(bindings.bindings())
        .singleElement()
        .satisfies(b -> assertThat(b.port()).hasValue(port));
    assertThat(first.at())
        .as("the first attempt, after the bindings")
        .isGreaterThanOrEqualTo(bindings.at());
    assertThat(events.indexOf(first)).isGreaterThan(events.indexOf(bindings));
  }

  @Test
  @DisplayName(
      "a port other than 443: the HTTPS record of _P._https.name (RFC 9460 section 9.1), its '.'"
          + " target that owner, looked up by the race; the connection has its binding")
  void portPrefixedOwner() throws Exception {
    int port = listener();
    int closed = peers.closedPort("127.0.0.1").port();
    String owner = "_" + closed + "._https.pfx.test";
    ipv4Only("pfx.test");
    ipv4Only(owner);
    dns.on(owner, HTTPS).answer(https(owner, 1, List.of("h2"), port));
    try (Dialer d = dialer();
        Connection c = d.dial("pfx.test:" + closed)) {
      assertThat(c.remote()).isEqualTo(Endpoint.parseInet("127.0.0.1:" + port));
      assertThat(c.serviceBinding().orElseThrow().target()).isEqualTo(owner + ".");
    }
    assertThat(dns.queries())
        .extracting(q -> q.type() + " " + q.name().toLowerCase(java.util.Locale.ROOT))
        .contains(HTTPS + " " + owner, A + " " + owner);
  }

  private <E extends DialEvent> E event(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  /**
   * An HTTPS record in RFC 9460 wire form: priority, target "." (the root, one zero byte), then
   * alpn (key 1: each ID length-prefixed) and port (key 3: a u16), keys increasing.
   */
  private static Rec https(String owner, int priority, List<String> alpn, int port) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    u16(b, priority);
    b.write(0); // TargetName "."
    ByteArrayOutputStream ids = new ByteArrayOutputStream();
    for (String id : alpn) {
      byte[] bytes = id.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ids.write(bytes.length);
      ids.writeBytes(bytes);
    }
    u16(b, 1);
    u16(b, ids.size());
    b.writeBytes(ids.toByteArray());
    u16(b, 3);
    u16(b, 2);
    u16(b, port);
    return new Rec(owner, HTTPS, 60, b.toByteArray());
  }

  private static void u16(ByteArrayOutputStream b, int v) {
    b.write(v >>> 8);
    b.write(v & 0xff);
  }
}
