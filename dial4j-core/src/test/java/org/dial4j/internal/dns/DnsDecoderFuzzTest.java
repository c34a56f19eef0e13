package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dial4j.testing.FuzzTarget;

/**
 * The DNS decoder on any bytes: a decoded message or a {@link DnsFormatException} that names a byte
 * inside the message, nothing else; and what a decoded message's question is answered with (the
 * CNAME chain followed, the negative TTL read) is an answer or that same exception.
 */
@FuzzTarget
class DnsDecoderFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void anyBytesDecodeOrFailTyped(byte[] input) {
    decodes(input);
  }

  static void decodes(byte[] input) {
    DnsMessage m;
    try {
      m = DnsDecoder.decode(input);
    } catch (DnsFormatException malformed) {
      assertThat(malformed.getMessage()).isNotBlank();
      return;
    }
    assertThat(m.trailingBytes()).isBetween(0, input.length);
    assertThat(m.rcode()).isBetween(0, 4095);
    assertThat(m.toString()).isNotEmpty();
    DnsQuestion q = m.question();
    if (q != null) {
      assertThat(q.name().wireLength()).isBetween(1, 255);
      try {
        assertThat(DnsAnswer.of(m, q)).isNotNull().hasToString(DnsAnswer.of(m, q).toString());
      } catch (DnsFormatException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    }
  }
}
