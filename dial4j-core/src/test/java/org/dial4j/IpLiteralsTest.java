package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.dial4j.testing.Libc;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The inet_pton tables (as glibc answers them) and the RFC 5952 formatting cases. */
class IpLiteralsTest {

  @ParameterizedTest(name = "inet_pton(AF_INET, \"{0}\") = {1}")
  @DisplayName("IPv4 literals that glibc inet_pton accepts")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3.4         | 01020304",
        "0.0.0.0         | 00000000",
        "255.255.255.255 | ffffffff",
        "127.0.0.1       | 7f000001",
        "192.0.2.33      | c0000221",
        "10.0.100.9      | 0a006409",
      })
  void validIpv4(String text, String hex) {
    assertThat(IpLiterals.parseIpv4(text))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(hex(hex)));
  }

  @ParameterizedTest(name = "inet_pton(AF_INET, \"{0}\") = 0")
  @DisplayName("IPv4 literals that glibc inet_pton rejects")
  @ValueSource(
      strings = {
        "", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "00.0.0.0", " 1.2.3.4",
        "1.2.3.4 ", "+1.2.3.4", "-1.2.3.4", "127.1", "1.2.3.", ".1.2.3", "1..2.3", "0x7f.0.0.1",
        "1.2.3.4/8", "1.2.3.4:80", "a.b.c.d", "1.2.3.1000", "::1", "\u0661.2.3.4"
      })
  void invalidIpv4(String text) {
    assertThat(IpLiterals.parseIpv4(text)).isEmpty();
  }

  @Test
  void nullIsNoAddress() {
    assertThat(IpLiterals.parseIpv4(null)).isEmpty();
    assertThat(IpLiterals.parseIpv6(null)).isEmpty();
  }

  @ParameterizedTest(name = "inet_pton(AF_INET6, \"{0}\") formats as {1}")
  @DisplayName("IPv6 literals that glibc inet_pton accepts, and their RFC 5952 form")
  @CsvSource(
      delimiter = '|',
      value = {
        "::                        | ::",
        "::1                       | ::1",
        "1::                       | 1::",
        "1:2:3:4:5:6:7:8           | 1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::           | 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8           | 0:2:3:4:5:6:7:8",
        "::ffff:1.2.3.4            | ::ffff:1.2.3.4",
        "::FFFF:1.2.3.4            | ::ffff:1.2.3.4",
        "::ffff:0.0.0.0            | ::ffff:0.0.0.0",
        "::1.2.3.4                 | ::102:304",
        "64:ff9b::192.0.2.33       | 64:ff9b::c000:221",
        "1:2:3:4:5:6:1.2.3.4       | 1:2:3:4:5:6:102:304",
        "1::1.2.3.4                | 1::102:304",
        "fe80::1                   | fe80::1",
        "FE80::ABCD                | fe80::abcd",
        "2001:0db8::0001           | 2001:db8::1",
        "2001:db8:0:0:1:0:0:1      | 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1      | 2001:db8:0:1:1:1:1:1",
        "2001:db8::1:0:0:0:1       | 2001:db8:0:1::1",
        "2001:0:0:1:0:0:0:1        | 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:0      | 2001:db8:0:0:1::",
        "2001:db8::aaaa:0:0:1      | 2001:db8::aaaa:0:0:1",
        "2001:DB8:0:0:0:0:2:1      | 2001:db8::2:1",
        "0:0:0:0:0:0:0:1           | ::1",
        "0000:0000:0000:0000:0000:0000:0000:0000 | ::",
        "ff02::1                   | ff02::1",
        "1:0:0:2::3                | 1:0:0:2::3",
        "::ffff:0:1.2.3.4          | ::ffff:0:102:304",
      })
  void validIpv6(String text, String canonical) throws Exception {
    byte[] bytes = IpLiterals.parseIpv6(text).orElseThrow();
    assertThat(IpLiterals.format(bytes)).isEqualTo(canonical);
    // The JDK reads the same bytes, except that it turns IPv4-mapped into Inet4Address.
    if (!IpLiterals.isV4Mapped(bytes)) {
      assertThat(InetAddress.ofLiteral(text).getAddress()).isEqualTo(bytes);
    }
  }

  @ParameterizedTest(name = "inet_pton(AF_INET6, \"{0}\") = 0")
  @DisplayName("IPv6 literals that glibc inet_pton rejects")
  @ValueSource(
      strings = {
        "",
        ":",
        ":::",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::",
        "::ffff:1.2.3",
        "fe80::1%eth0",
        "fe80::1%1",
        "1:2:3:4:5:6:7:1.2.3.4",
        "g::1",
        ":1::",
        "1:",
        "1::2:",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6::1.2.3.4",
        "::ffff:01.2.3.4",
        "::ffff:1.2.3.4.5",
        "::ffff:256.2.3.4",
        "1.2.3.4",
        " ::1",
        "::1 ",
        "[::1]",
        "::1/128",
        "0x1::",
        "::-1",
        "1:2:3:4:5:6:7:8:",
        "::1.2.3.4:1"
      })
  void invalidIpv6(String text) {
    assertThat(IpLiterals.parseIpv6(text)).isEmpty();
  }

  @Test
  @DisplayName(
      "a NUL inside a literal refuses it, where C stops reading at the NUL (IpLiteralsFuzzTest's"
          + " first finding, a difference of representation)")
  void nulInsideIsRefused() {
    byte[] bytes = "0.0.0.0\0".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Libc.inetPton(Libc.AF_INET, bytes)).isEqualTo(new byte[4]);
    assertThat(IpLiterals.parseIpv4("0.0.0.0\0")).isEmpty();
    assertThat(IpLiterals.parseIpv6("::1\0junk")).isEmpty();
    assertThat(IpLiterals.parseIpv6("::1")).isPresent();
  }

  @Test
  @DisplayName(
      "an IPv4-compatible address: glibc's inet_ntop writes ::a.b.c.d, dial4j RFC 5952's hex"
          + " groups; each reads the other's text (the one text difference IpLiteralsFuzzTest"
          + " allows)")
  void ipv4CompatibleTextDiffersFromGlibc() {
    byte[] compatible = hex("00000000000000000000000001020304");
    assertThat(Libc.inetNtop(Libc.AF_INET6, compatible)).isEqualTo("::1.2.3.4");
    assertThat(IpLiterals.format(compatible)).isEqualTo("::102:304");
    assertThat(IpLiterals.parseIpv6("::1.2.3.4"))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(compatible));
    assertThat(Libc.inetPton(Libc.AF_INET6, "::102:304".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(compatible);
    // Below 0.1.0.0 the longest zero run is seven groups, and both write hex.
    byte[] small = hex("00000000000000000000000000000102");
    assertThat(Libc.inetNtop(Libc.AF_INET6, small))
        .isEqualTo("::102")
        .isEqualTo(IpLiterals.format(small));
    // IPv4-mapped: both write the dotted quad (RFC 5952 section 5).
    byte[] mapped = hex("00000000000000000000ffff01020304");
    assertThat(Libc.inetNtop(Libc.AF_INET6, mapped))
        .isEqualTo("::ffff:1.2.3.4")
        .isEqualTo(IpLiterals.format(mapped));
  }

  @Test
  @DisplayName("4 bytes format as a dotted quad")
  void formatsIpv4() {
    assertThat(IpLiterals.format(hex("c0000201"))).isEqualTo("192.0.2.1");
    assertThat(IpLiterals.format(hex("00000000"))).isEqualTo("0.0.0.0");
    assertThat(IpLiterals.format(hex("ffffffff"))).isEqualTo("255.255.255.255");
  }

  @Test
  @DisplayName("RFC 5952 4.2.3: the longest zero run is shortened, not the first")
  void longestRunWins() {
    assertThat(IpLiterals.format(hex("00010000000000010000000000000001"))).isEqualTo("1:0:0:1::1");
  }

  @Test
  @DisplayName("RFC 5952 4.2.3: of two equal zero runs the first is shortened")
  void equalRunsFirstWins() {
    assertThat(IpLiterals.format(hex("20010db8000000000001000000000001")))
        .isEqualTo("2001:db8::1:0:0:1");
  }

  @Test
  @DisplayName("other lengths are refused")
  void formatRefusesOtherLengths() {
    assertThatThrownBy(() -> IpLiterals.format(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 5");
    assertThatThrownBy(() -> IpLiterals.format(null)).isInstanceOf(IllegalArgumentException.class);
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
