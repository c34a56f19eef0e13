package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A query's exact bytes, written here by hand from RFC 1035 section 4.1 and RFC 6891 section 6.1.2,
 * then the query read back and matched with responses ({@link DnsMessage#answers}).
 */
class DnsQueryTest {

  private static final DnsQuestion WWW_A =
      DnsQuestion.in(DnsName.parse("www.example.com"), DnsCodes.TYPE_A);

  @Test
  void aQueryWithoutEdns() {
    byte[] expected =
        Wire.hex(
            "be ef", // ID 0xbeef (RFC 1035 4.1.1)
            "01 00", // QR 0, OPCODE 0 (QUERY), AA 0, TC 0, RD 1; RA 0, Z 0, RCODE 0
            "00 01", // QDCOUNT 1
            "00 00", // ANCOUNT 0
            "00 00", // NSCOUNT 0
            "00 00", // ARCOUNT 0: no OPT record
            "03 77 77 77", // QNAME (RFC 1035 4.1.2): 3 "www"
            "07 65 78 61 6d 70 6c 65", // 7 "example"
            "03 63 6f 6d", // 3 "com"
            "00", // the root's zero length
            "00 01", // QTYPE A
            "00 01"); // QCLASS IN
    assertThat(new DnsQuery(0xbeef, WWW_A, false).encode()).isEqualTo(expected);
  }

  @Test
  void aQueryWithEdns() {
    byte[] expected =
        Wire.hex(
            "00 2a", // ID 42
            "01 00", // QR 0, OPCODE 0, AA 0, TC 0, RD 1; RA 0, Z 0, RCODE 0
            "00 01", // QDCOUNT 1
            "00 00", // ANCOUNT 0
            "00 00", // NSCOUNT 0
            "00 01", // ARCOUNT 1: the OPT record
            "07 45 78 61 6d 70 6c 65 03 4f 52 47 00", // QNAME Example.ORG., its case kept
            "00 1c", // QTYPE AAAA
            "00 01", // QCLASS IN
            "00", // OPT (RFC 6891 6.1.2): NAME, the root
            "00 29", // TYPE 41, OPT
            "04 d0", // CLASS: the requestor's UDP payload size, 1232
            "00", // TTL: EXTENDED-RCODE 0 (RFC 6891 6.1.3)
            "00", // TTL: VERSION 0
            "00 00", // TTL: DO 0, Z 0
            "00 00"); // RDLEN 0: no options
    DnsQuestion q = DnsQuestion.in(DnsName.parse("Example.ORG."), DnsCodes.TYPE_AAAA);
    assertThat(new DnsQuery(42, q, true).encode()).isEqualTo(expected);
    assertThat(DnsQuery.EDNS_UDP_SIZE).isEqualTo(1232);
  }

  @Test
  void anIdOutside16BitsIsRefused() {
    assertThatThrownBy(() -> new DnsQuery(0x10000, WWW_A, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DnsQuery(-1, WWW_A, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aQueryReadsBackAndAnswersNothing() throws Exception {
    DnsQuery query = new DnsQuery(0x1234, WWW_A, true);
    DnsMessage m = DnsDecoder.decode(query.encode());
    assertThat(m.header().response()).as("QR 0").isFalse();
    assertThat(m.header().id()).isEqualTo(0x1234);
    assertThat(m.header().recursionDesired()).isTrue();
    assertThat(m.question()).isEqualTo(WWW_A);
    assertThat(m.answers()).isEmpty();
    assertThat(m.edns()).isEqualTo(new Edns(1232, 0, 0, false, Octets.EMPTY));
    assertThat(m.answers(query)).as("a query answers no query, not even itself").isFalse();
    assertThatThrownBy(() -> DnsAnswer.of(m, WWW_A))
        .isInstanceOf(DnsFormatException.class)
        .hasMessageContaining("query");
  }

  /** The query's bytes with QR set: the barest response to it. */
  private static byte[] echo(DnsQuery query) {
    byte[] b = query.encode();
    b[2] |= (byte) 0x80;
    return b;
  }

  @Test
  void theMatchingResponseAnswersTheQuery() throws Exception {
    DnsQuery query = new DnsQuery(0x1234, WWW_A, false);
    assertThat(DnsDecoder.decode(echo(query)).answers(query)).isTrue();
  }

  @Test
  void aResponseWithAnotherIdDoesNot() throws Exception {
    DnsQuery query = new DnsQuery(0x1234, WWW_A, false);
    DnsQuery other = new DnsQuery(0x1235, WWW_A, false);
    assertThat(DnsDecoder.decode(echo(other)).answers(query)).isFalse();
  }

  @Test
  void aResponseToAnotherQuestionDoesNot() throws Exception {
    DnsQuery query = new DnsQuery(7, WWW_A, false);
    DnsQuestion otherName = DnsQuestion.in(DnsName.parse("ww.example.com"), DnsCodes.TYPE_A);
    DnsQuestion otherType = DnsQuestion.in(DnsName.parse("www.example.com"), DnsCodes.TYPE_AAAA);
    DnsQuestion otherClass = new DnsQuestion(DnsName.parse("www.example.com"), DnsCodes.TYPE_A, 3);
    for (DnsQuestion q : new DnsQuestion[] {otherName, otherType, otherClass}) {
      assertThat(DnsDecoder.decode(echo(new DnsQuery(7, q, false))).answers(query))
          .as("%s", q)
          .isFalse();
    }
  }

  @Test
  void namesMatchWithoutRegardToCase() throws Exception {
    DnsQuery query = new DnsQuery(9, WWW_A, false);
    DnsQuestion shouted = DnsQuestion.in(DnsName.parse("WWW.eXaMpLe.CoM."), DnsCodes.TYPE_A);
    DnsMessage response = DnsDecoder.decode(echo(new DnsQuery(9, shouted, false)));
    assertThat(response.answers(query)).as("RFC 4343: case does not matter").isTrue();
    assertThat(response.question()).hasToString("WWW.eXaMpLe.CoM. IN A");
  }

  @Test
  void caseFoldsAsciiLettersOnly() {
    // RFC 4343 section 3: only A-Z and a-z fold; '[' (0x5b) and '{' (0x7b) differ by 0x20 too.
    assertThat(DnsName.parse("a[b")).isNotEqualTo(DnsName.parse("a{b"));
    assertThat(DnsName.parse("ABC")).isEqualTo(DnsName.parse("abc"));
    assertThat(DnsName.parse("ABC").hashCode()).isEqualTo(DnsName.parse("abc").hashCode());
  }

  @Test
  void anotherOpcodeDoesNotAnswer() throws Exception {
    DnsQuery query = new DnsQuery(3, WWW_A, false);
    byte[] b = echo(query);
    b[2] |= (byte) (2 << 3); // OPCODE 2, STATUS
    assertThat(DnsDecoder.decode(b).answers(query)).isFalse();
  }

  @Test
  void aBareErrorWithoutQuestionAnswersButABareNoerrorDoesNot() throws Exception {
    DnsQuery query = new DnsQuery(5, WWW_A, false);
    byte[] formerr = Wire.hex("00 05 81 01 00 00 00 00 00 00 00 00"); // QR RD, FORMERR, no QD
    byte[] noerror = Wire.hex("00 05 81 00 00 00 00 00 00 00 00 00");
    assertThat(DnsDecoder.decode(formerr).answers(query)).isTrue();
    assertThat(DnsDecoder.decode(noerror).answers(query)).isFalse();
  }
}
