package org.dial4j.internal.dns;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * RFC 9460 Appendix D: the SVCB test vectors, their RDATA bytes as the appendix writes them (D.1
 * AliasMode, D.2 ServiceMode), and its failure cases (D.3), written here in wire form, each a
 * {@link DnsFormatException}. Each RDATA is the one answer of a response to {@code example.com.
 * SVCB} ({@link Golden#withRdata}).
 */
class SvcbVectorsTest {

  private static RData.Svcb svcb(String... rdataLines) throws DnsFormatException {
    DnsMessage m = DnsDecoder.decode(Golden.withRdata(DnsCodes.TYPE_SVCB, Wire.hex(rdataLines)));
    return (RData.Svcb) m.answers().getFirst().data();
  }

  private static DnsFormatException rejected(String... rdataLines) {
    Throwable t = catchThrowable(() -> svcb(rdataLines));
    assertThat(t).isInstanceOf(DnsFormatException.class);
    return (DnsFormatException) t;
  }

  @Test
  void d1AliasMode() throws Exception {
    // RFC 9460 Appendix D.1, Figure 2: example.com. HTTPS 0 foo.example.com.
    RData.Svcb s =
        svcb(
            "00 00", // priority
            "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00"); // target
    assertThat(s.aliasMode()).isTrue();
    assertThat(s.priority()).isZero();
    assertThat(s.target()).isEqualTo(DnsName.parse("foo.example.com"));
    assertThat(s.params()).isEqualTo(SvcParams.NONE);
  }

  @Test
  void d2TargetNameIsTheRoot() throws Exception {
    // RFC 9460 Appendix D.2, Figure 3: example.com. SVCB 1 .
    RData.Svcb s =
        svcb(
            "00 01", // priority
            "00"); // target (root label)
    assertThat(s.aliasMode()).isFalse();
    assertThat(s.target()).isEqualTo(DnsName.ROOT);
    assertThat(s.params().keys()).isEmpty();
  }

  @Test
  void d2SpecifiesAPort() throws Exception {
    // RFC 9460 Appendix D.2, Figure 4: example.com. SVCB 16 foo.example.com. port=53
    RData.Svcb s =
        svcb(
            "00 10", // priority
            "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // target
            "00 03", // key 3
            "00 02", // length 2
            "00 35"); // value
    assertThat(s.priority()).isEqualTo(16);
    assertThat(s.params().port()).isEqualTo(OptionalInt.of(53));
    assertThat(s.params().keys()).containsExactly(SvcParams.KEY_PORT);
    assertThat(s).hasToString("16 foo.example.com. port=53");
  }

  @Test
  void d2AGenericKeyAndUnquotedValue() throws Exception {
    // RFC 9460 Appendix D.2, Figure 5: example.com. SVCB 1 foo.example.com. key667=hello
    RData.Svcb s =
        svcb(
            "00 01", // priority
            "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // target
            "02 9b", // key 667
            "00 05", // length 5
            "68 65 6c 6c 6f"); // value
    assertThat(s.params().others()).containsEntry(667, Octets.of("hello".getBytes(US_ASCII)));
  }

  @Test
  void d2AGenericKeyAndQuotedValueWithADecimalEscape() throws Exception {
    // RFC 9460 Appendix D.2, Figure 6: key667="hello\210qoo"
    RData.Svcb s =
        svcb(
            "00 01", // priority
            "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // target
            "02 9b", // key 667
            "00 09", // length 9
            "68 65 6c 6c 6f d2 71 6f 6f"); // value
    assertThat(s.params().others().get(667)).hasToString("68656c6c6fd2716f6f");
  }

  @Test
  void d2TwoIpv6Hints() throws Exception {
    // RFC 9460 Appendix D.2, Figure 7: ipv6hint="2001:db8::1,2001:db8::53:1"
    RData.Svcb s =
        svcb(
            "00 01", // priority
            "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // target
            "00 06", // key 6
            "00 20", // length 32
            "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01", // first address
            "20 01 0d b8 00 00 00 00 00 00 00 00 00 53 00 01"); // second address
    assertThat(s.params().ipv6Hint())
        .extracting(InetAddress::getHostAddress)
        .containsExactly("2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:53:1");
    assertThat(s.params()).hasToString("ipv6hint=2001:db8::1,2001:db8::53:1");
  }

  @Test
  void d2AnIpv6HintWithEmbeddedIpv4Syntax() throws Exception {
    // RFC 9460 Appendix D.2, Figure 8: example.com. SVCB 1 example.com.
    // ipv6hint="2001:db8:122:344::192.0.2.33"
    RData.Svcb s =
        svcb(
            "00 01", // priority
            "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // target
            "00 06", // key 6
            "00 10", // length 16
            "20 01 0d b8 01 22 03 44 00 00 00 00 c0 00 02 21"); // address
    assertThat(s.target()).isEqualTo(DnsName.parse("example.com"));
    assertThat(s.params().ipv6Hint())
        .singleElement()
        .isEqualTo(InetAddress.ofLiteral("2001:db8:122:344::192.0.2.33"));
  }

  @Test
  void d2KeysSortedMandatoryAlpnIpv4hint() throws Exception {
    // RFC 9460 Appendix D.2, Figure 9: example.com. SVCB 16 foo.example.org.
    // alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1
    RData.Svcb s =
        svcb(
            "00 10", // priority
            "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 6f 72 67 00", // target
            "00 00", // key 0
            "00 04", // param length 4
            "00 01", // value: key 1
            "00 04", // value: key 4
            "00 01", // key 1
            "00 09", // param length 9
            "02", // alpn length 2
            "68 32", // alpn value
            "05", // alpn length 5
            "68 33 2d 31 39", // alpn value
            "00 04", // key 4
            "00 04", // param length 4
            "c0 00 02 01"); // param value
    SvcParams p = s.params();
    assertThat(s.target()).isEqualTo(DnsName.parse("foo.example.org"));
    assertThat(p.keys()).containsExactly(0, 1, 4);
    assertThat(p.mandatory()).containsExactly(SvcParams.KEY_ALPN, SvcParams.KEY_IPV4HINT);
    assertThat(p.alpn()).containsExactly("h2", "h3-19");
    assertThat(p.noDefaultAlpn()).isFalse();
    assertThat(p.port()).isEmpty();
    assertThat(p.ipv4Hint()).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.1");
    assertThat(p.ipv6Hint()).isEmpty();
    assertThat(p.ech()).isEmpty();
    assertThat(p).hasToString("mandatory=alpn,ipv4hint alpn=h2,h3-19 ipv4hint=192.0.2.1");
  }

  @Test
  void d2AnAlpnWithAnEscapedCommaAndBackslash() throws Exception {
    // RFC 9460 Appendix D.2, Figure 10: alpn="f\\\\oo\\,bar,h2" (and alpn=f\\\092oo\092,bar,h2)
    RData.Svcb s =
        svcb(
            "00 10", // priority
            "03 66 6f 6f 07 65 78 61 6d 70 6c 65 03 6f 72 67 00", // target
            "00 01", // key 1
            "00 0c", // param length 12
            "08", // alpn length 8
            "66 5c 6f 6f 2c 62 61 72", // alpn value
            "02", // alpn length 2
            "68 32"); // alpn value
    assertThat(s.params().alpn()).containsExactly("f\\oo,bar", "h2");
  }

  @Test
  void echAndNoDefaultAlpn() throws Exception {
    RData.Svcb s =
        svcb(
            "00 01", // priority
            "00", // target: the owner
            "00 01 00 03 02 68 33", // alpn=h3
            "00 02 00 00", // no-default-alpn (empty)
            "00 05 00 03 01 02 03"); // ech, opaque
    assertThat(s.params().noDefaultAlpn()).isTrue();
    assertThat(s.params().ech()).hasValue(Octets.of((byte) 1, (byte) 2, (byte) 3));
  }

  // RFC 9460 Appendix D.3, the failure cases, each in the wire form its presentation form names.

  @Test
  void d3MultipleInstancesOfTheSameKey() {
    // key123=abc key123=def
    DnsFormatException e =
        rejected(
            "00 01 00", // priority 1, target .
            "00 7b 00 03 61 62 63", // key123=abc
            "00 7b 00 03 64 65 66"); // key123=def
    assertThat(e).hasMessageContaining("strictly increasing");
    assertThat(e.offset()).as("the second key123 (after 41 + 3 + 7)").isEqualTo(51);
  }

  @Test
  void d3MissingValuesThatMustBeNonEmpty() {
    // mandatory, alpn, port, ipv4hint, ipv6hint: each with an empty value
    for (String key : new String[] {"00 00", "00 01", "00 03", "00 04", "00 06"}) {
      assertThat(rejected("00 01 00", key + " 00 00"))
          .as("key %s", key)
          .hasMessageContaining("RFC 9460 section");
    }
  }

  @Test
  void d3NoDefaultAlpnHasAValue() {
    // no-default-alpn=abc
    assertThat(rejected("00 01 00", "00 01 00 03 02 68 32", "00 02 00 03 61 62 63"))
        .hasMessageContaining("no-default-alpn has a value");
  }

  @Test
  void d3AMandatoryParamIsMissing() {
    // mandatory=key123, and no key123
    DnsFormatException e = rejected("00 01 00", "00 00 00 02 00 7b", "00 01 00 03 02 68 32");
    assertThat(e).hasMessageContaining("mandatory names SvcParamKey 123");
    assertThat(e.offset()).as("the mandatory param").isEqualTo(44);
  }

  @Test
  void d3MandatoryListsItself() {
    // mandatory=mandatory
    assertThat(rejected("00 01 00", "00 00 00 02 00 00")).hasMessageContaining("lists itself");
  }

  @Test
  void d3AKeyTwiceInTheMandatoryList() {
    // mandatory=key123,key123 key123=abc
    assertThat(rejected("00 01 00", "00 00 00 04 00 7b 00 7b", "00 7b 00 03 61 62 63"))
        .hasMessageContaining("mandatory's keys are not strictly increasing");
  }

  // The wire rules of RFC 9460 section 2.2 and section 7, one each.

  @Test
  void keysOutOfOrder() {
    DnsFormatException e = rejected("00 01 00", "00 03 00 02 01 bb", "00 01 00 03 02 68 32");
    assertThat(e).hasMessageContaining("SvcParamKey 1 follows key 3");
    assertThat(e.offset()).isEqualTo(50);
  }

  @Test
  void aPortNotTwoBytes() {
    assertThat(rejected("00 01 00", "00 03 00 03 00 01 bb"))
        .hasMessageContaining("port is 3 bytes, not 2");
  }

  @Test
  void anIpv4hintNotAMultipleOf4() {
    assertThat(rejected("00 01 00", "00 04 00 05 c0 00 02 01 02"))
        .hasMessageContaining("ipv4hint is 5 bytes");
  }

  @Test
  void anIpv6hintNotAMultipleOf16() {
    assertThat(rejected("00 01 00", "00 06 00 04 20 01 0d b8"))
        .hasMessageContaining("ipv6hint is 4 bytes");
  }

  @Test
  void anEmptyAlpnId() {
    DnsFormatException e = rejected("00 01 00", "00 01 00 04 02 68 32 00");
    assertThat(e).hasMessageContaining("empty alpn-id");
    assertThat(e.offset()).isEqualTo(51);
  }

  @Test
  void anAlpnIdPastItsValue() {
    assertThat(rejected("00 01 00", "00 01 00 03 05 68 32"))
        .hasMessageContaining("runs past the alpn value");
  }

  @Test
  void aValuePastTheRdata() {
    assertThat(rejected("00 01 00", "00 03 00 04 01 bb"))
        .hasMessageContaining("runs past the SVCB data");
  }

  @Test
  void theRdataEndingInsideAKey() {
    assertThat(rejected("00 01 00", "00 03 00")).hasMessageContaining("ends within a SvcParam");
  }

  @Test
  void aCompressedTargetName() {
    // RFC 9460 section 2.2: TargetName is not compressed; a pointer to the question's name.
    assertThat(rejected("00 01 c0 0c")).hasMessageContaining("compressed");
  }

  @Test
  void httpsHasTheSameForm() throws Exception {
    DnsMessage m =
        DnsDecoder.decode(
            Golden.withRdata(DnsCodes.TYPE_HTTPS, Wire.hex("00 01 00 00 03 00 02 01 bb")));
    RData.Svcb s = (RData.Svcb) m.answers().getFirst().data();
    assertThat(s.params().port()).hasValue(443);
    assertThat(List.of(m.answers().getFirst().type())).containsExactly(DnsCodes.TYPE_HTTPS);
  }
}
