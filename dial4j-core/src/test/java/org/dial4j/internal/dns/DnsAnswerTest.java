package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.testing.ScriptedDnsServer;
import org.dial4j.testing.ScriptedDnsServer.Rec;
import org.junit.jupiter.api.Test;

/**
 * What {@link DnsAnswer#of} reads in responses encoded by the scripted test server's own encoder
 * ({@link Rec}, {@link ScriptedDnsServer#encodeName}: uncompressed, so it shares no code and no bug
 * with the decoder): addresses, CNAME chains, negative answers and their RFC 2308 TTL, server
 * errors, truncation.
 */
class DnsAnswerTest {

  private static final int QR_RD_RA = 0x8180;
  private static final int TC = 0x0200;

  /** A response to {@code name}/{@code type} with these answer and authority records. */
  private static DnsMessage response(
      int flags, String name, int type, List<Rec> answers, List<Rec> authority)
      throws DnsFormatException {
    Wire w =
        Wire.header(0x4242, flags, 1, answers.size(), authority.size(), 0).question(name, type);
    for (List<Rec> section : List.of(answers, authority)) {
      for (Rec r : section) {
        w.bytes(ScriptedDnsServer.encodeName(r.name()))
            .rrHeader(r.type(), r.ttl(), r.rdata().length)
            .bytes(r.rdata());
      }
    }
    return DnsDecoder.decode(w.build());
  }

  private static DnsAnswer answer(int flags, String name, int type, List<Rec> an, List<Rec> ns)
      throws DnsFormatException {
    return DnsAnswer.of(response(flags, name, type, an, ns), q(name, type));
  }

  private static DnsQuestion q(String name, int type) {
    return DnsQuestion.in(DnsName.parse(name), type);
  }

  private static DnsName n(String name) {
    return DnsName.parse(name);
  }

  private static DnsFormatException rejected(int flags, String name, int type, List<Rec> an) {
    Throwable t = catchThrowable(() -> answer(flags, name, type, an, List.of()));
    assertThat(t).isInstanceOf(DnsFormatException.class);
    return (DnsFormatException) t;
  }

  @Test
  void addressesAndTheSmallestTtl() throws Exception {
    DnsAnswer a =
        answer(
            QR_RD_RA,
            "host.test",
            DnsCodes.TYPE_A,
            List.of(Rec.a("host.test", "192.0.2.1", 300), Rec.a("host.test", "192.0.2.2", 30)),
            List.of());
    DnsAnswer.Records r = (DnsAnswer.Records) a;
    assertThat(r.name()).isEqualTo(n("host.test"));
    assertThat(r.aliases()).isEmpty();
    assertThat(r.addresses())
        .containsExactly(InetAddress.ofLiteral("192.0.2.1"), InetAddress.ofLiteral("192.0.2.2"));
    assertThat(r.ttl()).isEqualTo(30);
  }

  @Test
  void aaaaAddresses() throws Exception {
    DnsAnswer.Records r =
        (DnsAnswer.Records)
            answer(
                QR_RD_RA,
                "host.test",
                DnsCodes.TYPE_AAAA,
                List.of(Rec.aaaa("host.test", "2001:db8::7", 3600)),
                List.of());
    assertThat(r.addresses()).containsExactly(InetAddress.ofLiteral("2001:db8::7"));
    assertThat(r.ttl()).isEqualTo(3600);
  }

  @Test
  void aCnameChainToAnAddress() throws Exception {
    DnsAnswer.Records r =
        (DnsAnswer.Records)
            answer(
                QR_RD_RA,
                "www.test",
                DnsCodes.TYPE_A,
                List.of(
                    Rec.cname("www.test", "cdn.test", 600),
                    Rec.cname("CDN.test", "edge.test", 90), // case does not matter
                    Rec.a("edge.test", "198.51.100.1", 3600),
                    Rec.a("other.test", "198.51.100.99", 1)), // not on the chain: not used
                List.of());
    assertThat(r.name()).isEqualTo(n("edge.test"));
    assertThat(r.aliases()).containsExactly(n("www.test"), n("cdn.test"));
    assertThat(r.addresses()).containsExactly(InetAddress.ofLiteral("198.51.100.1"));
    assertThat(r.ttl()).as("the CNAME's 90 bounds the address's 3600").isEqualTo(90);
  }

  @Test
  void aCnameAskedForIsTheAnswerNotAChainToFollow() throws Exception {
    DnsAnswer.Records r =
        (DnsAnswer.Records)
            answer(
                QR_RD_RA,
                "www.test",
                DnsCodes.TYPE_CNAME,
                List.of(Rec.cname("www.test", "cdn.test", 600)),
                List.of());
    assertThat(r.data()).containsExactly(new RData.Cname(n("cdn.test")));
    assertThat(r.aliases()).isEmpty();
  }

  @Test
  void aCnameLoopIsAFormatError() {
    DnsFormatException e =
        rejected(
            QR_RD_RA,
            "a.test",
            DnsCodes.TYPE_A,
            List.of(Rec.cname("a.test", "b.test", 60), Rec.cname("b.test", "a.test", 60)));
    assertThat(e).hasMessageContaining("loops back to a.test.");
  }

  @Test
  void aCnameToItselfIsALoop() {
    assertThat(
            rejected(
                QR_RD_RA, "a.test", DnsCodes.TYPE_A, List.of(Rec.cname("a.test", "a.test", 60))))
        .hasMessageContaining("loops");
  }

  @Test
  void twoCnamesForOneNameAreAFormatError() {
    DnsFormatException e =
        rejected(
            QR_RD_RA,
            "a.test",
            DnsCodes.TYPE_A,
            List.of(
                Rec.cname("a.test", "b.test", 60),
                Rec.cname("a.test", "c.test", 60),
                Rec.a("b.test", "192.0.2.1", 60)));
    assertThat(e).hasMessageContaining("two CNAME records").hasMessageContaining("10.1");
  }

  @Test
  void aChainLongerThanTheBoundIsAFormatError() throws Exception {
    List<Rec> chain = new ArrayList<>();
    for (int i = 0; i <= DnsAnswer.MAX_CNAMES; i++) {
      chain.add(Rec.cname("n" + i + ".test", "n" + (i + 1) + ".test", 60));
    }
    assertThat(rejected(QR_RD_RA, "n0.test", DnsCodes.TYPE_A, chain))
        .hasMessageContaining("longer than " + DnsAnswer.MAX_CNAMES);
    // MAX_CNAMES links are fine.
    List<Rec> fits = new ArrayList<>(chain.subList(0, DnsAnswer.MAX_CNAMES));
    fits.add(Rec.a("n" + DnsAnswer.MAX_CNAMES + ".test", "192.0.2.1", 60));
    DnsAnswer.Records r =
        (DnsAnswer.Records) answer(QR_RD_RA, "n0.test", DnsCodes.TYPE_A, fits, List.of());
    assertThat(r.aliases()).hasSize(DnsAnswer.MAX_CNAMES);
  }

  @Test
  void nxdomainWithSoaTakesTheSmallerOfItsTtlAndMinimum() throws Exception {
    DnsAnswer.NxDomain a =
        (DnsAnswer.NxDomain)
            answer(
                QR_RD_RA | DnsCodes.RCODE_NXDOMAIN,
                "nope.zone.test",
                DnsCodes.TYPE_A,
                List.of(),
                List.of(Rec.soa("zone.test", 900, 300)));
    assertThat(a.name()).isEqualTo(n("nope.zone.test"));
    assertThat(a.negativeTtl()).as("min(TTL 900, MINIMUM 300)").hasValue(300);

    DnsAnswer.NxDomain b =
        (DnsAnswer.NxDomain)
            answer(
                QR_RD_RA | DnsCodes.RCODE_NXDOMAIN,
                "nope.zone.test",
                DnsCodes.TYPE_A,
                List.of(),
                List.of(Rec.soa("zone.test", 60, 3600)));
    assertThat(b.negativeTtl()).as("min(TTL 60, MINIMUM 3600)").hasValue(60);
  }

  @Test
  void nxdomainAtTheEndOfAChain() throws Exception {
    DnsAnswer.NxDomain a =
        (DnsAnswer.NxDomain)
            answer(
                QR_RD_RA | DnsCodes.RCODE_NXDOMAIN,
                "www.test",
                DnsCodes.TYPE_A,
                List.of(Rec.cname("www.test", "gone.zone.test", 40)),
                List.of(Rec.soa("zone.test", 900, 300)));
    assertThat(a.name()).isEqualTo(n("gone.zone.test"));
    assertThat(a.aliases()).containsExactly(n("www.test"));
    assertThat(a.negativeTtl()).as("the CNAME's 40 bounds it").hasValue(40);
  }

  @Test
  void nxdomainWithoutSoaIsNotCached() throws Exception {
    DnsAnswer.NxDomain a =
        (DnsAnswer.NxDomain)
            answer(
                QR_RD_RA | DnsCodes.RCODE_NXDOMAIN,
                "nope.test",
                DnsCodes.TYPE_A,
                List.of(),
                List.of());
    assertThat(a.negativeTtl()).isEmpty();
  }

  @Test
  void nodataWithSoa() throws Exception {
    DnsAnswer.NoData a =
        (DnsAnswer.NoData)
            answer(
                QR_RD_RA,
                "v4only.zone.test",
                DnsCodes.TYPE_AAAA,
                List.of(),
                List.of(Rec.soa("zone.test", 3600, 120)));
    assertThat(a.name()).isEqualTo(n("v4only.zone.test"));
    assertThat(a.negativeTtl()).hasValue(120);
  }

  @Test
  void nodataWithoutSoa() throws Exception {
    DnsAnswer.NoData a =
        (DnsAnswer.NoData)
            answer(
                QR_RD_RA,
                "v4only.test",
                DnsCodes.TYPE_AAAA,
                List.of(Rec.a("v4only.test", "192.0.2.1", 60)), // another type: not an answer
                List.of());
    assertThat(a.negativeTtl()).isEmpty();
  }

  @Test
  void anSoaOfAnotherZoneIsNotUsed() throws Exception {
    DnsAnswer.NoData a =
        (DnsAnswer.NoData)
            answer(
                QR_RD_RA,
                "host.zone.test",
                DnsCodes.TYPE_AAAA,
                List.of(),
                List.of(Rec.soa("elsewhere.test", 3600, 120), Rec.soa("one.zone.test", 5, 5)));
    assertThat(a.negativeTtl()).isEmpty();
  }

  @Test
  void servfailAndRefusedAreServerErrors() throws Exception {
    assertThat(
            answer(
                QR_RD_RA | DnsCodes.RCODE_SERVFAIL,
                "x.test",
                DnsCodes.TYPE_A,
                List.of(),
                List.of()))
        .isEqualTo(new DnsAnswer.ServerError(DnsCodes.RCODE_SERVFAIL))
        .hasToString("ServerError[SERVFAIL]");
    assertThat(
            answer(
                QR_RD_RA | DnsCodes.RCODE_REFUSED, "x.test", DnsCodes.TYPE_A, List.of(), List.of()))
        .isEqualTo(new DnsAnswer.ServerError(DnsCodes.RCODE_REFUSED))
        .hasToString("ServerError[REFUSED]");
    assertThat(DnsCodes.rcodeName(11)).isEqualTo("RCODE11");
  }

  @Test
  void aServerErrorNeedNotEchoTheQuestion() throws Exception {
    DnsMessage m = DnsDecoder.decode(Wire.hex("42 42 81 82 00 00 00 00 00 00 00 00"));
    assertThat(DnsAnswer.of(m, q("x.test", DnsCodes.TYPE_A)))
        .isEqualTo(new DnsAnswer.ServerError(DnsCodes.RCODE_SERVFAIL));
  }

  @Test
  void truncatedIsToBeAskedAgainOverTcp() throws Exception {
    assertThat(
            answer(
                QR_RD_RA | TC,
                "x.test",
                DnsCodes.TYPE_A,
                List.of(Rec.a("x.test", "192.0.2.1", 60)),
                List.of()))
        .isEqualTo(new DnsAnswer.Truncated());
  }

  @Test
  void anotherQuestionEchoedIsAFormatError() throws Exception {
    DnsMessage m =
        response(
            QR_RD_RA,
            "x.test",
            DnsCodes.TYPE_A,
            List.of(Rec.a("x.test", "192.0.2.1", 60)),
            List.of());
    Throwable t = catchThrowable(() -> DnsAnswer.of(m, q("y.test", DnsCodes.TYPE_A)));
    assertThat(t).isInstanceOf(DnsFormatException.class).hasMessageContaining("not the query's");
  }

  @Test
  void compressedOwnersInTheAnswerSection() throws Exception {
    // Golden.A_COMPRESSED: both answers' owners are pointers to the question's name (offset 12).
    DnsAnswer.Records r =
        (DnsAnswer.Records)
            DnsAnswer.of(
                DnsDecoder.decode(Golden.A_COMPRESSED), q("WWW.example.com", DnsCodes.TYPE_A));
    assertThat(r.addresses()).hasSize(2);
    assertThat(r.ttl()).isEqualTo(300);
  }
}
