package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostEndpointTest {

  @ParameterizedTest(name = "\"{0}\" is a host name")
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "example.com.",
        "a",
        "A-b_c.d-",
        "1a",
        "1.2.3.a",
        "xn--bcher-kva.example"
      })
  void goodNames(String host) {
    HostEndpoint e = new HostEndpoint(host, 80);
    assertThat(e).hasToString(host + ":80");
    assertThat(e.host()).isEqualTo(host);
    assertThat(e.port()).isEqualTo(80);
  }

  @Test
  @DisplayName("253 characters, labels of 63: the DNS limits")
  void lengthLimits() {
    String label63 = "a".repeat(63);
    String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
    assertThat(name253).hasSize(253);
    assertThat(new HostEndpoint(name253, 1).host()).isEqualTo(name253);
    assertThat(new HostEndpoint(name253 + ".", 1).host()).endsWith(".");
    assertBad(name253 + "a", "254 characters long, more than 253");
    assertBad(label63 + "a.com", "label is 64 characters long, more than 63");
  }

  @ParameterizedTest(name = "\"{0}\": {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''         | missing host",
        "a..b       | has an empty label",
        ".a         | has an empty label",
        "a..        | has an empty label",
        ".          | has an empty label",
        "a b        | contains ' '",
        "a:b        | contains ':'",
        "bücher.de  | contains 'ü'",
        "1.2.3.256  | \"1.2.3.256\" is not a valid IPv4 address",
        "127.1      | \"127.1\" is not a valid IPv4 address",
        "1234       | \"1234\" is not a valid IPv4 address",
        "1.2.3.4    | an IPv4 address is not a host name",
      })
  void badNames(String host, String why) {
    assertBad(host, why);
  }

  @Test
  void badPortAndNull() {
    assertThatThrownBy(() -> new HostEndpoint("example.com", 65536))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("port 65536 is outside 0..65535")
        .hasMessageContaining("\"example.com:65536\"");
    assertThatThrownBy(() -> new HostEndpoint(null, 80))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("the host name is null");
  }

  @Test
  void recordEquality() {
    assertThat(new HostEndpoint("a.b", 1)).isEqualTo(Endpoint.parse("a.b:1"));
    assertThat(new HostEndpoint("a.b", 1)).isNotEqualTo(new HostEndpoint("a.b.", 1));
  }

  private static void assertBad(String host, String why) {
    assertThatThrownBy(() -> new HostEndpoint(host, 80))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
        .hasMessageContaining(why)
        .hasMessageEndingWith(" in \"" + host + ":80\"");
  }
}
