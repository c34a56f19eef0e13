package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.dial4j.IpLiteralsTest.hex;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InetEndpointTest {

  private static InetEndpoint ip(String text) {
    return Endpoint.parseInet(text);
  }

  @Test
  void canonicalText() {
    assertThat(InetEndpoint.of(hex("01020304"), 80)).hasToString("1.2.3.4:80");
    assertThat(InetEndpoint.of(hex("20010db8000000000000000000000001"), 80))
        .hasToString("[2001:db8::1]:80");
    assertThat(InetEndpoint.of(hex("fe800000000000000000000000000001"), "eth0", 80))
        .hasToString("[fe80::1%eth0]:80");
    assertThat(InetEndpoint.of(hex("00000000000000000000ffff01020304"), 80))
        .hasToString("[::ffff:1.2.3.4]:80");
  }

  @Test
  @DisplayName("IPv4 and IPv4-mapped IPv6 are different endpoints that convert into each other")
  void mappedIsNotEqualButConverts() {
    InetEndpoint v4 = ip("1.2.3.4:80");
    InetEndpoint mapped = ip("[::ffff:1.2.3.4]:80");
    assertThat(v4).isNotEqualTo(mapped);
    assertThat(v4.family()).isEqualTo(Family.INET);
    assertThat(mapped.family()).isEqualTo(Family.INET6);
    assertThat(mapped.isV4Mapped()).isTrue();
    assertThat(v4.isV4Mapped()).isFalse();
    assertThat(mapped.unmapped()).isEqualTo(v4);
    assertThat(v4.toV4Mapped()).isEqualTo(mapped);
    assertThat(v4.unmapped()).isSameAs(v4);
    InetEndpoint v6 = ip("[::1]:80");
    assertThat(v6.unmapped()).isSameAs(v6);
    assertThat(v6.toV4Mapped()).isSameAs(v6);
  }

  @Test
  void equalityCoversBytesScopeAndPort() {
    assertThat(ip("[fe80::1%eth0]:80"))
        .isEqualTo(ip("[FE80::0001%eth0]:80"))
        .hasSameHashCodeAs(ip("[fe80::1%eth0]:80"))
        .isNotEqualTo(ip("[fe80::1%eth1]:80"))
        .isNotEqualTo(ip("[fe80::1]:80"))
        .isNotEqualTo(ip("[fe80::1%eth0]:81"));
    assertThat(ip("1.2.3.4:80").withPort(81)).isEqualTo(ip("1.2.3.4:81"));
    assertThat(ip("[fe80::1%eth0]:80").withPort(0)).isEqualTo(ip("[fe80::1%eth0]:0"));
  }

  @Test
  @DisplayName("the address bytes are copied in and out")
  void defensiveCopies() {
    byte[] bytes = hex("01020304");
    InetEndpoint e = InetEndpoint.of(bytes, 80);
    bytes[0] = 9;
    e.address()[1] = 9;
    assertThat(e).hasToString("1.2.3.4:80");
  }

  @ParameterizedTest(name = "{0}: unspecified {1}, loopback {2}, multicast {3}, broadcast {4}")
  @CsvSource({
    "0.0.0.0:0,              true,  false, false, false",
    "[::]:0,                 true,  false, false, false",
    "[::ffff:0.0.0.0]:0,     true,  false, false, false",
    "127.0.0.1:0,            false, true,  false, false",
    "127.255.1.2:0,          false, true,  false, false",
    "[::1]:0,                false, true,  false, false",
    "[::ffff:127.0.0.1]:0,   false, true,  false, false",
    "224.0.0.1:0,            false, false, true,  false",
    "239.255.255.255:0,      false, false, true,  false",
    "240.0.0.1:0,            false, false, false, false",
    "[ff02::1]:0,            false, false, true,  false",
    "[::ffff:224.0.0.251]:0, false, false, true,  false",
    "255.255.255.255:0,      false, false, false, true",
    "[::ffff:255.255.255.255]:0, false, false, false, true",
    "[::ffff:ffff:ffff]:0,   false, false, false, true",
    "[fe80::1]:0,            false, false, false, false",
    "[::2]:0,                false, false, false, false",
    "[::127.0.0.1]:0,        false, false, false, false",
    "192.0.2.1:0,            false, false, false, false",
  })
  void predicates(
      String text, boolean unspecified, boolean loopback, boolean multicast, boolean broadcast) {
    InetEndpoint e = ip(text);
    assertThat(e.isUnspecified()).isEqualTo(unspecified);
    assertThat(e.isLoopback()).isEqualTo(loopback);
    assertThat(e.isMulticast()).isEqualTo(multicast);
    assertThat(e.isLimitedBroadcast()).isEqualTo(broadcast);
  }

  @Test
  @DisplayName("a numeric zone is its own scope id; no zone is 0")
  void numericScopeId() {
    assertThat(ip("[fe80::1%7]:80").scopeId()).isEqualTo(7);
    assertThat(ip("[fe80::1%7]:80").scope()).contains("7");
    assertThat(ip("[fe80::1]:80").scopeId()).isZero();
    assertThat(ip("[fe80::1]:80").scope()).isEmpty();
    assertThat(ip("1.2.3.4:80").scopeId()).isZero();
  }

  @Test
  @DisplayName("a named zone is the interface's index")
  void namedScopeId() throws Exception {
    NetworkInterface lo = NetworkInterface.getByName("lo");
    assumeThat(lo).as("this machine has an interface named lo").isNotNull();
    assertThat(ip("[fe80::1%lo]:80").scopeId()).isEqualTo(lo.getIndex());
  }

  @Test
  @DisplayName("a zone naming no interface fails with ENXIO naming the zone")
  void unknownInterface() {
    InetEndpoint e = ip("[fe80::1%nosuchif0]:80");
    assertThatThrownBy(e::scopeId)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, x -> assertThat(x.errno()).isEqualTo(Errno.ENXIO))
        .hasMessageContaining("nosuchif0");
    assertThatThrownBy(e::toInetAddress).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  @DisplayName("to and from java.net without DNS; IPv4-mapped stays IPv6")
  void javaNetConversions() throws Exception {
    InetAddress v4 = ip("192.0.2.1:80").toInetAddress();
    assertThat(v4).isInstanceOf(Inet4Address.class);
    assertThat(v4.getAddress()).isEqualTo(hex("c0000201"));
    InetAddress mapped = ip("[::ffff:192.0.2.1]:80").toInetAddress();
    assertThat(mapped).isInstanceOf(Inet6Address.class);
    assertThat(mapped.getAddress()).hasSize(16);
    Inet6Address scoped = (Inet6Address) ip("[fe80::1%5]:80").toInetAddress();
    assertThat(scoped.getScopeId()).isEqualTo(5);
    assertThat(InetEndpoint.of(scoped, 80)).isEqualTo(ip("[fe80::1%5]:80"));
    assertThat(((Inet6Address) ip("[::1]:80").toInetAddress()).getScopeId()).isZero();

    InetSocketAddress sa = ip("[2001:db8::1]:443").toSocketAddress();
    assertThat(sa.isUnresolved()).isFalse();
    assertThat(sa.getPort()).isEqualTo(443);
    assertThat(InetEndpoint.of(sa.getAddress(), sa.getPort())).isEqualTo(ip("[2001:db8::1]:443"));
    assertThat(InetEndpoint.of(InetAddress.ofLiteral("10.0.0.1"), 0)).isEqualTo(ip("10.0.0.1:0"));
  }

  @Test
  @DisplayName("an Inet6Address bound to an interface keeps the interface name")
  void javaNetScopedInterface() throws Exception {
    NetworkInterface lo = NetworkInterface.getByName("lo");
    assumeThat(lo).isNotNull();
    // The JDK lists an interface's IPv6 addresses scoped to the interface, e.g. ::1%lo.
    Inet6Address scoped =
        lo.inetAddresses()
            .filter(a -> a instanceof Inet6Address a6 && a6.getScopedInterface() != null)
            .map(Inet6Address.class::cast)
            .findFirst()
            .orElse(null);
    assumeThat(scoped).as("lo has an IPv6 address").isNotNull();
    InetEndpoint e = InetEndpoint.of(scoped, 80);
    assertThat(e.scope()).contains("lo");
    assertThat(e.scopeId()).isEqualTo(lo.getIndex());
    assertThat(Endpoint.parse(e.toString())).isEqualTo(e);
  }

  @Test
  @DisplayName("bad arguments are refused with EINVAL naming them")
  void badArguments() {
    assertInvalid(() -> InetEndpoint.of(new byte[5], 80), "4 or 16 bytes, not 5", "00 00");
    assertInvalid(() -> InetEndpoint.of((byte[]) null, 80), "the address is null", "null:80");
    assertInvalid(() -> InetEndpoint.of((InetAddress) null, 80), "the address is null", "null:80");
    assertInvalid(
        () -> InetEndpoint.of(hex("01020304"), 65536),
        "port 65536 is outside 0..65535",
        "1.2.3.4:65536");
    assertInvalid(() -> InetEndpoint.of(hex("01020304"), -1), "port -1 is outside", "1.2.3.4:-1");
    assertInvalid(
        () -> InetEndpoint.of(hex("01020304"), "eth0", 80),
        "only an IPv6 address has a zone",
        "1.2.3.4:80");
    byte[] v6 = hex("fe800000000000000000000000000001");
    assertInvalid(() -> InetEndpoint.of(v6, "", 80), "zone after '%' is empty", "[fe80::1%]:80");
    assertInvalid(() -> InetEndpoint.of(v6, "a%b", 80), "contains '%'", "fe80::1%a%b");
    assertInvalid(() -> InetEndpoint.of(v6, "a]", 80), "contains ']'", "fe80::1%a]");
    assertInvalid(() -> InetEndpoint.of(v6, "a b", 80), "contains ' '", "fe80::1%a b");
    assertInvalid(() -> InetEndpoint.of(v6, "4294967296", 80), "is outside 0..", "4294967296");
    assertInvalid(() -> ip("1.2.3.4:80").withPort(70000), "port 70000", "1.2.3.4:70000");
  }

  private static void assertInvalid(Runnable call, String why, String inputFragment) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.EINVAL);
              assertThat(e.input()).hasValueSatisfying(i -> assertThat(i).contains(inputFragment));
            })
        .hasMessageContaining(why);
  }

  @Test
  @DisplayName(
      "a zone holding '/' is refused (no Linux interface name has one), so every endpoint's text"
          + " reads back as itself, never as a Unix path")
  void zoneWithSlash() {
    assertThatThrownBy(() -> InetEndpoint.of(new byte[16], "a/b", 80))
        .isInstanceOf(org.dial4j.error.InvalidArgumentException.class)
        .hasMessageContaining("contains '/'");
    assertThatThrownBy(() -> Endpoint.parseInet("[fe80::1%a/b]:80"))
        .isInstanceOf(org.dial4j.error.InvalidArgumentException.class);
  }
}
