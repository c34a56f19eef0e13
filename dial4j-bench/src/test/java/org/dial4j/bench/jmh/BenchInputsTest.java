package org.dial4j.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.dial4j.internal.dns.DnsFormatException;
import org.dial4j.internal.dns.DnsMessage;
import org.junit.jupiter.api.Test;

/** The microbenchmarks measure the work they name: their inputs are what they say. */
class BenchInputsTest {

  @Test
  void theDnsResponseDecodesToTheChainItDescribes() throws DnsFormatException {
    DnsMessage m = new DnsCodecBench().decodeAnswer();
    assertThat(m.answers()).hasSize(3);
    assertThat(m.edns()).isNotNull();
    assertThat(m.trailingBytes()).isZero();
    assertThat(new DnsCodecBench().encodeQuery()).hasSize(12 + 17 + 4 + 11);
  }

  @Test
  void theEndpointsAreTheirTexts() {
    EndpointBench b = new EndpointBench();
    assertThat(b.parseIpv4()).hasToString("127.0.0.1:8080");
    assertThat(b.parseIpv6()).hasToString("[2001:db8::17:1]:443");
    assertThat(b.parseHost()).hasToString("db.example.com:5432");
    assertThat(b.formatIpv6Endpoint()).isEqualTo("[2001:db8::17:1]:443");
  }

  @Test
  void theDeadlineIsAheadOfTheClock() {
    DeadlineBench b = new DeadlineBench();
    assertThat(b.remainingNanos()).isEqualTo(250_000_001L);
    assertThat(b.pollTimeoutMillis()).isEqualTo(251);
    assertThat(b.hasPassed()).isFalse();
  }
}
