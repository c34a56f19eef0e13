package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Real-world shapes of response, decoded field by field, and what the resolver reads in them. */
class DnsDecoderGoldenTest {

  private static DnsQuestion question(String name, int type) {
    return DnsQuestion.in(DnsName.parse(name), type);
  }

  @Test
  void anAnswerWithCompressedOwners() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.A_COMPRESSED);
    DnsHeader h = m.header();
    assertThat(h.id()).isEqualTo(0x1234);
    assertThat(h.response()).isTrue();
    assertThat(h.opcode()).isZero();
    assertThat(h.authoritative()).isFalse();
    assertThat(h.truncated()).isFalse();
    assertThat(h.recursionDesired()).isTrue();
    assertThat(h.recursionAvailable()).isTrue();
    assertThat(m.rcode()).isZero();
    assertThat(m.question()).isEqualTo(question("www.example.com", DnsCodes.TYPE_A));
    assertThat(m.answers())
        .extracting(DnsRecord::toString)
        .containsExactly(
            "www.example.com. 3600 IN A 192.0.2.10", "www.example.com. 300 IN A 192.0.2.11");
    assertThat(m.authorities()).isEmpty();
    assertThat(m.additionals()).isEmpty();
    assertThat(m.edns()).isNull();
    assertThat(m.trailingBytes()).isZero();

    DnsAnswer answer = DnsAnswer.of(m, question("www.example.com", DnsCodes.TYPE_A));
    assertThat(answer).isInstanceOf(DnsAnswer.Records.class);
    DnsAnswer.Records records = (DnsAnswer.Records) answer;
    assertThat(records.addresses())
        .containsExactly(InetAddress.ofLiteral("192.0.2.10"), InetAddress.ofLiteral("192.0.2.11"));
    assertThat(records.ttl()).as("the smaller TTL of the two").isEqualTo(300);
    assertThat(records.aliases()).isEmpty();
  }

  @Test
  void anAaaaAnswerWithTheServersOptRecord() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.AAAA_EDNS);
    assertThat(m.header().authenticData()).isTrue();
    assertThat(m.answers()).singleElement().hasToString("example.com. 60 IN AAAA 2001:db8::1");
    assertThat(m.additionals()).as("the OPT record is edns(), not a record").isEmpty();
    assertThat(m.edns()).isEqualTo(new Edns(1232, 0, 0, false, Octets.EMPTY));
    DnsAnswer.Records r =
        (DnsAnswer.Records) DnsAnswer.of(m, question("example.com", DnsCodes.TYPE_AAAA));
    assertThat(r.addresses()).containsExactly(InetAddress.ofLiteral("2001:db8::1"));
    assertThat(r.ttl()).isEqualTo(60);
  }

  @Test
  void aCnameChainIsFollowedToItsAddress() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.CNAME_CHAIN);
    assertThat(m.answers())
        .extracting(DnsRecord::toString)
        .containsExactly(
            "www.example.org. 600 IN CNAME a.example.net.",
            "a.example.net. 120 IN CNAME b.example.net.",
            "b.example.net. 3600 IN A 198.51.100.7");
    DnsAnswer.Records r =
        (DnsAnswer.Records) DnsAnswer.of(m, question("www.example.org", DnsCodes.TYPE_A));
    assertThat(r.name()).isEqualTo(DnsName.parse("b.example.net"));
    assertThat(r.aliases())
        .containsExactly(DnsName.parse("www.example.org"), DnsName.parse("a.example.net"));
    assertThat(r.addresses()).containsExactly(InetAddress.ofLiteral("198.51.100.7"));
    assertThat(r.ttl()).as("the chain's 120 bounds the address's 3600").isEqualTo(120);
  }

  @Test
  void nxdomainCarriesItsZonesSoa() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.NXDOMAIN_SOA);
    assertThat(m.rcode()).isEqualTo(DnsCodes.RCODE_NXDOMAIN);
    DnsRecord soa = m.authorities().getFirst();
    assertThat(soa.name()).isEqualTo(DnsName.parse("example.com"));
    assertThat(soa.ttl()).isEqualTo(900);
    assertThat(soa.data())
        .isEqualTo(
            new RData.Soa(
                DnsName.parse("ns1.example.com"),
                DnsName.parse("hostmaster.example.com"),
                2024010101L,
                7200,
                3600,
                1209600,
                300));
    DnsAnswer a = DnsAnswer.of(m, question("nope.example.com", DnsCodes.TYPE_A));
    assertThat(a).isInstanceOf(DnsAnswer.NxDomain.class);
    DnsAnswer.NxDomain nx = (DnsAnswer.NxDomain) a;
    assertThat(nx.name()).isEqualTo(DnsName.parse("nope.example.com"));
    assertThat(nx.negativeTtl()).as("min(SOA TTL 900, MINIMUM 300)").hasValue(300);
  }

  @Test
  void nodataIsANameWithoutTheType() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.NODATA_SOA);
    DnsAnswer a = DnsAnswer.of(m, question("example.com", DnsCodes.TYPE_AAAA));
    assertThat(a).isInstanceOf(DnsAnswer.NoData.class);
    assertThat(((DnsAnswer.NoData) a).negativeTtl())
        .as("min(SOA TTL 60, MINIMUM 3600)")
        .hasValue(60);
  }

  @Test
  void aTruncatedResponseIsNotRead() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.TRUNCATED);
    assertThat(m.header().truncated()).isTrue();
    assertThat(DnsAnswer.of(m, question("example.com", 16))).isEqualTo(new DnsAnswer.Truncated());
  }

  @Test
  void theOptRecordCarriesTheUpperBitsOfTheResponseCode() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.EDNS_BADVERS);
    assertThat(m.header().rcode()).isZero();
    assertThat(m.rcode()).isEqualTo(DnsCodes.RCODE_BADVERS);
    Edns e = m.edns();
    assertThat(e).isNotNull();
    assertThat(e.udpPayloadSize()).isEqualTo(4096);
    assertThat(e.extendedRcode()).isEqualTo(1);
    assertThat(e.version()).isZero();
    assertThat(e.dnssecOk()).isTrue();
    assertThat(e.options()).hasToString("000300046e733031");
    assertThat(DnsAnswer.of(m, question("example.com", DnsCodes.TYPE_A)))
        .isEqualTo(new DnsAnswer.ServerError(DnsCodes.RCODE_BADVERS))
        .hasToString("ServerError[BADVERS]");
  }

  @Test
  void anHttpsRecordInServiceMode() throws Exception {
    DnsMessage m = DnsDecoder.decode(Golden.HTTPS_SERVICE);
    DnsRecord record = m.answers().getFirst();
    assertThat(record.type()).isEqualTo(DnsCodes.TYPE_HTTPS);
    RData.Svcb svcb = (RData.Svcb) record.data();
    assertThat(svcb.priority()).isEqualTo(1);
    assertThat(svcb.aliasMode()).isFalse();
    assertThat(svcb.target()).isEqualTo(DnsName.ROOT);
    SvcParams p = svcb.params();
    assertThat(p.keys()).containsExactly(1, 3, 4, 5, 6);
    assertThat(p.mandatory()).isEmpty();
    assertThat(p.alpn()).containsExactly("h3", "h2");
    assertThat(p.noDefaultAlpn()).isFalse();
    assertThat(p.port()).isEqualTo(OptionalInt.of(8443));
    assertThat(p.ipv4Hint())
        .containsExactly(
            (java.net.Inet4Address) InetAddress.ofLiteral("192.0.2.1"),
            (java.net.Inet4Address) InetAddress.ofLiteral("192.0.2.2"));
    assertThat(p.ech())
        .hasValue(Octets.of((byte) 0, (byte) 4, (byte) 0xfe, (byte) 0x0d, (byte) 0, (byte) 0));
    assertThat(p.ipv6Hint())
        .extracting(InetAddress::getAddress)
        .containsExactly(InetAddress.ofLiteral("2001:db8::1").getAddress());
    assertThat(p.others()).isEmpty();
    assertThat(record)
        .hasToString(
            "example.com. 3600 IN HTTPS 1 . alpn=h3,h2 port=8443 ipv4hint=192.0.2.1,192.0.2.2"
                + " ech=0004fe0d0000 ipv6hint=2001:db8::1");
    DnsAnswer.Records r =
        (DnsAnswer.Records) DnsAnswer.of(m, question("example.com", DnsCodes.TYPE_HTTPS));
    assertThat(r.data()).containsExactly(svcb);
    assertThat(r.addresses()).as("HTTPS records are not addresses").isEmpty();
  }

  @Test
  void anHttpsRecordInAliasMode() throws Exception {
    RData.Svcb svcb =
        (RData.Svcb) DnsDecoder.decode(Golden.HTTPS_ALIAS).answers().getFirst().data();
    assertThat(svcb.aliasMode()).isTrue();
    assertThat(svcb.target()).isEqualTo(DnsName.parse("svc.example.net"));
    assertThat(svcb.params()).isEqualTo(SvcParams.NONE);
  }

  @Test
  void recordsOfTypesNotReadAreSkippedByTheirLength() throws Exception {
    byte[] m =
        Wire.header(1, 0x8180, 1, 4, 1, 0)
            .question("example.com", DnsCodes.TYPE_A)
            .pointer(12)
            .rrHeader(DnsCodes.TYPE_NS, 60, 6)
            .labels("ns1")
            .pointer(12) // NS: an RFC 1035 type, compressed, not read
            .pointer(12)
            .rrHeader(99, 60, 3)
            .hexBytes("ff ff ff") // TYPE99: opaque
            .pointer(12)
            .u16(DnsCodes.TYPE_A)
            .u16(3) // class CH: an A record there is not an address
            .u32(60)
            .u16(2)
            .hexBytes("c0 0c")
            .pointer(12)
            .rrHeader(DnsCodes.TYPE_A, 60, 4)
            .hexBytes("c0 00 02 01")
            .pointer(12)
            .rrHeader(46, 60, 2) // RRSIG in the authority section, opaque
            .hexBytes("00 00")
            .build();
    DnsMessage d = DnsDecoder.decode(m);
    assertThat(d.answers()).singleElement().hasToString("example.com. 60 IN A 192.0.2.1");
    assertThat(d.authorities()).isEmpty();
  }

  @Test
  void trailingBytesAreToleratedAndCounted() throws Exception {
    byte[] padded = java.util.Arrays.copyOf(Golden.A_COMPRESSED, Golden.A_COMPRESSED.length + 3);
    DnsMessage m = DnsDecoder.decode(padded);
    assertThat(m.trailingBytes()).isEqualTo(3);
    assertThat(m.answers()).hasSize(2);
  }

  @Test
  void aTtlWithItsTopBitSetCountsAsZero() throws Exception {
    byte[] m =
        Wire.header(1, 0x8180, 1, 1, 0, 0)
            .question("example.com", DnsCodes.TYPE_A)
            .pointer(12)
            .rrHeader(DnsCodes.TYPE_A, 0x80000000L, 4)
            .hexBytes("c0 00 02 01")
            .build();
    assertThat(DnsDecoder.decode(m).answers().getFirst().ttl()).isZero();
  }

  @Test
  void decodesThePrefixOfAReceiveBuffer() throws Exception {
    byte[] buffer = new byte[1232];
    System.arraycopy(Golden.A_COMPRESSED, 0, buffer, 0, Golden.A_COMPRESSED.length);
    DnsMessage m = DnsDecoder.decode(buffer, Golden.A_COMPRESSED.length);
    assertThat(m.answers()).hasSize(2);
    assertThat(m.trailingBytes()).isZero();
  }

  @Test
  void anIpv4MappedAaaaStaysIpv6() throws Exception {
    byte[] m =
        Golden.withRdata(
            DnsCodes.TYPE_AAAA, Wire.hex("00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01"));
    RData.Aaaa aaaa = (RData.Aaaa) DnsDecoder.decode(m).answers().getFirst().data();
    assertThat(aaaa.address()).isInstanceOf(java.net.Inet6Address.class);
    assertThat(aaaa).hasToString("::ffff:192.0.2.1");
    assertThat(List.of(aaaa.address().getAddress())).hasSize(1);
  }
}
