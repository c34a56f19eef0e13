package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;

import org.dial4j.IpLiterals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** glibc's inet_aton_exact (resolv/inet_addr.c), which reads resolv.conf's IPv4 servers. */
class InetAtonTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "1.2.3.4, 1.2.3.4",
    "127.1, 127.0.0.1",
    "0x7f.2, 127.0.0.2",
    "0X7F.0.0.3, 127.0.0.3",
    "010.0.0.1, 8.0.0.1",
    "1.2.772, 1.2.3.4",
    "1.131844, 1.2.3.4",
    "16909060, 1.2.3.4",
    "0, 0.0.0.0",
    "4294967295, 255.255.255.255",
    "0xffffffff, 255.255.255.255",
    "255.255.255.255, 255.255.255.255",
  })
  void reads(String text, String address) {
    byte[] b = InetAton.exact(text);
    assertThat(b).isNotNull();
    assertThat(IpLiterals.format(b)).isEqualTo(address);
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(
      strings = {
        "",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1.2.3.4.5",
        "1.2.3.",
        ".1.2.3",
        "256.1.1.1",
        "1.2.3.256",
        "1.2.65536",
        "1.16777216",
        "4294967296",
        "08.0.0.1",
        "0x",
        "0xg.1.1.1",
        "1.2.3.4%eth0",
        "-1.2.3.4",
        "1..2",
        "1.2.3.4\r",
        "::1",
        "１.2.3.4"
      })
  void refuses(String text) {
    assertThat(InetAton.exact(text)).isNull();
  }
}
