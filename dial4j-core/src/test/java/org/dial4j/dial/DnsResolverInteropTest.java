package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;
import org.dial4j.testing.Dnsmasq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * dial4j's resolver against a real DNS server: dnsmasq (Debian's dnsmasq-base, which .ci/run
 * installs; chosen because it is one small binary that serves A, AAAA, arbitrary RRs such as HTTPS
 * from the command line alone, with no zone files, and answers over UDP and TCP on one port), on
 * 127.0.0.1 with only the records given here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsResolverInteropTest {
  private static final long BOUND_S = 10;
  private static final int BIG = 100;

  private Dnsmasq dnsmasq;
  private EventLoop loop;

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Dnsmasq.installed(), "dnsmasq is not installed (.ci/run installs it)");
    List<String> options = new ArrayList<>();
    options.add("--host-record=both.test,192.0.2.10,2001:db8::10");
    options.add("--host-record=v4only.test,192.0.2.11");
    // 100 A records: about 1,600 bytes of answer, more than the 1,232 bytes EDNS offers over UDP.
    for (int i = 1; i <= BIG; i++) {
      options.add("--host-record=big.test,198.51.100." + i);
    }
    // svc.test HTTPS 1 . alpn=h2,h3 ipv4hint=127.0.0.1 (RFC 9460 section 2.2's wire form)
    options.add("--dns-rr=svc.test,65,00010000010006026832026833000400047f000001");
    dnsmasq = Dnsmasq.start(options);
    loop = EventLoop.start("dns-interop");
  }

  @AfterAll
  void stop() throws Exception {
    if (loop != null) {
      loop.close();
      assertThat(loop.awaitTermination(Duration.ofSeconds(BOUND_S))).isTrue();
    }
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  private DnsResolver resolver() {
    return DnsResolver.builder()
        .noSystemFiles()
        .server(dnsmasq.address())
        .timeout(Duration.ofSeconds(2))
        .loop(loop)
        .build();
  }

  private static Deadline bound() {
    return Deadline.after(Duration.ofSeconds(BOUND_S));
  }

  @Test
  @DisplayName("A and AAAA of a name with both families")
  void bothFamilies() throws Exception {
    DnsResolver r = resolver();
    assertThat(r.lookup("both.test", Family.INET, bound()).get(BOUND_S, TimeUnit.SECONDS))
        .containsExactly(InetAddress.ofLiteral("192.0.2.10"));
    assertThat(r.lookup("both.test", Family.INET6, bound()).get(BOUND_S, TimeUnit.SECONDS))
        .containsExactly(InetAddress.ofLiteral("2001:db8::10"));
  }

  @Test
  @DisplayName("a name with only IPv4: its AAAA lookup is empty (NODATA), not an error")
  void oneFamily() throws Exception {
    DnsResolver r = resolver();
    assertThat(r.lookup("v4only.test", Family.INET6, bound()).get(BOUND_S, TimeUnit.SECONDS))
        .isEmpty();
    assertThat(r.lookup("v4only.test", Family.INET, bound()).get(BOUND_S, TimeUnit.SECONDS))
        .containsExactly(InetAddress.ofLiteral("192.0.2.11"));
  }

  @Test
  @DisplayName("NXDOMAIN: ENOENT")
  void nxdomain() {
    assertThatThrownBy(
            () ->
                resolver()
                    .lookup("missing.test", Family.INET, bound())
                    .get(BOUND_S, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(NetError.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
  }

  @Test
  @DisplayName("an answer too large for UDP: truncated, then the whole answer over TCP")
  void tooLargeForUdp() throws Exception {
    List<DnsQueryEvent> trace = new CopyOnWriteArrayList<>();
    DnsLookupResult r =
        resolver().query("big.test", "A", bound(), trace::add).get(BOUND_S, TimeUnit.SECONDS);
    assertThat(r.addresses()).hasSize(BIG);
    assertThat(trace)
        .extracting(DnsQueryEvent::outcome)
        .containsExactly("truncated", BIG + " records");
    assertThat(trace).extracting(DnsQueryEvent::tcp).containsExactly(false, true);
  }

  @Test
  @DisplayName("an HTTPS record: its ALPN ids and its IPv4 hint")
  void https() throws Exception {
    DnsLookupResult r =
        resolver().query("svc.test", "HTTPS", bound(), null).get(BOUND_S, TimeUnit.SECONDS);
    assertThat(r.records())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("HTTPS");
              assertThat(e.data()).contains("h2", "h3", "127.0.0.1");
            });
  }
}
