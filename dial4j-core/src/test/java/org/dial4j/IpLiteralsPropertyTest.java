package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** IpLiterals against itself and against the JDK's own literal reader. */
class IpLiteralsPropertyTest {

  @Property
  void ipv6FormatThenParseGivesTheSameBytes(@ForAll("ipv6") byte[] address) {
    String text = IpLiterals.format(address);
    assertThat(IpLiterals.parseIpv6(text))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(address));
  }

  @Property
  void ipv6FormatAgreesWithTheJdk(@ForAll("ipv6") byte[] address) {
    InetAddress jdk = InetAddress.ofLiteral(IpLiterals.format(address));
    if (IpLiterals.isV4Mapped(address)) {
      // The JDK turns ::ffff:a.b.c.d into an Inet4Address; the IPv4 part must still agree.
      assertThat(jdk).isInstanceOf(Inet4Address.class);
      assertThat(jdk.getAddress()).isEqualTo(Arrays.copyOfRange(address, 12, 16));
    } else {
      assertThat(jdk.getAddress()).isEqualTo(address);
    }
  }

  @Property
  void ipv6FormatIsLowerCaseWithAtMostOneCompression(@ForAll("ipv6") byte[] address) {
    String text = IpLiterals.format(address);
    assertThat(text).isEqualTo(text.toLowerCase(Locale.ROOT));
    assertThat(text.indexOf("::")).isEqualTo(text.lastIndexOf("::"));
    assertThat(text).doesNotContain(":::").doesNotContainPattern("(^|:)0[0-9a-f]");
  }

  @Property
  void ipv4FormatThenParseGivesTheSameBytes(@ForAll("ipv4") byte[] address) {
    String text = IpLiterals.format(address);
    assertThat(IpLiterals.parseIpv4(text))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(address));
    assertThat(InetAddress.ofLiteral(text).getAddress()).isEqualTo(address);
  }

  @Provide
  Arbitrary<byte[]> ipv4() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4);
  }

  /** 16 bytes made of groups that are often zero, so that zero runs of every length occur. */
  @Provide
  Arbitrary<byte[]> ipv6() {
    Arbitrary<Integer> group =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just(0)),
            Tuple.of(1, Arbitraries.integers().between(1, 0xff)),
            Tuple.of(2, Arbitraries.integers().between(0, 0xffff)));
    Arbitrary<byte[]> grouped = group.list().ofSize(8).map(IpLiteralsPropertyTest::toBytes);
    Arbitrary<byte[]> mapped =
        ipv4()
            .map(
                v4 -> {
                  byte[] b = new byte[16];
                  b[10] = (byte) 0xff;
                  b[11] = (byte) 0xff;
                  System.arraycopy(v4, 0, b, 12, 4);
                  return b;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(6, grouped),
        Tuple.of(1, mapped),
        Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofSize(16)));
  }

  private static byte[] toBytes(List<Integer> groups) {
    byte[] b = new byte[16];
    for (int g = 0; g < 8; g++) {
      b[2 * g] = (byte) (groups.get(g) >> 8);
      b[2 * g + 1] = (byte) (int) groups.get(g);
    }
    return b;
  }
}
