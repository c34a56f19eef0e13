package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.testing.FuzzTarget;

/**
 * A query for any name text, type, class, ID and EDNS choice: the name is read or refused with
 * EINVAL naming it, and a query's wire form decodes back to the same ID, flags, question (its case
 * kept, byte for byte) and OPT record, with nothing left over.
 */
@FuzzTarget
class DnsQueryFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void queryEncodesThenDecodes(FuzzedDataProvider data) throws DnsFormatException {
    int id = data.consumeInt(0, 0xffff);
    int type = data.consumeInt(0, 0xffff);
    int qclass = data.consumeInt(0, 0xffff);
    boolean edns = data.consumeBoolean();
    roundTrips(id, type, qclass, edns, data.consumeRemainingAsString());
  }

  static void roundTrips(int id, int type, int qclass, boolean edns, String text)
      throws DnsFormatException {
    DnsName name;
    try {
      name = DnsName.parse(text);
    } catch (InvalidArgumentException refused) {
      assertThat(refused.errno()).isEqualTo(Errno.EINVAL);
      assertThat(refused.input()).contains(text);
      return;
    }
    assertThat(DnsName.parse(name.toString()).toWire()).isEqualTo(name.toWire());
    DnsQuery q = new DnsQuery(id, new DnsQuestion(name, type, qclass), edns);
    byte[] wire = q.encode();
    DnsMessage m = DnsDecoder.decode(wire);
    assertThat(m.header().id()).isEqualTo(id);
    assertThat(m.header().response()).isFalse();
    assertThat(m.header().recursionDesired()).isTrue();
    assertThat(m.header().opcode()).isEqualTo(DnsCodes.OPCODE_QUERY);
    assertThat(m.question()).isEqualTo(q.question());
    assertThat(m.question().name().toWire()).isEqualTo(name.toWire());
    assertThat(m.answers()).isEmpty();
    assertThat(m.authorities()).isEmpty();
    assertThat(m.additionals()).isEmpty();
    assertThat(m.edns() != null).isEqualTo(edns);
    assertThat(m.trailingBytes()).isZero();
    assertThat(m.answers(q)).isFalse(); // a query is no response
  }
}
