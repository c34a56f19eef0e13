package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dial4j.InetEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link LoopbackAddresses}: cconnect's -a/-s lists ({@code parse_addrs} in bench/benchutil.h). */
class LoopbackAddressesTest {

  private static List<String> read(String list, int port) {
    return LoopbackAddresses.parse(list, port).stream().map(InetEndpoint::toString).toList();
  }

  @Test
  @DisplayName("cconnect -a: one address, with the port given")
  void one() {
    assertThat(read("127.0.0.1", 8080)).containsExactly("127.0.0.1:8080");
  }

  @Test
  @DisplayName("cconnect -a: 127.0.0.1-8 is 127.0.0.1 .. 127.0.0.8, in order")
  void range() {
    assertThat(read("127.0.0.1-8", 80))
        .containsExactly(
            "127.0.0.1:80",
            "127.0.0.2:80",
            "127.0.0.3:80",
            "127.0.0.4:80",
            "127.0.0.5:80",
            "127.0.0.6:80",
            "127.0.0.7:80",
            "127.0.0.8:80");
  }

  @Test
  @DisplayName(
      "cconnect -s: a comma list of addresses and ranges, port 0, empty tokens skipped as strtok"
          + " does")
  void list() {
    assertThat(read("127.0.0.9,,127.1.2.3-4,127.0.0.7-7,", 0))
        .containsExactly("127.0.0.9:0", "127.1.2.3:0", "127.1.2.4:0", "127.0.0.7:0");
  }

  @Test
  @DisplayName("cconnect -a: a range may reach the last octet 255, and the same address may repeat")
  void edges() {
    assertThat(read("127.255.255.250-255", 1)).hasSize(6).last().isEqualTo("127.255.255.255:1");
    assertThat(read("127.0.0.1,127.0.0.1", 1)).containsExactly("127.0.0.1:1", "127.0.0.1:1");
  }

  @Test
  @DisplayName("cconnect -a: at most 256 addresses")
  void atMost256() {
    assertThat(read("127.0.0.0-255", 1)).hasSize(256);
    assertThatThrownBy(() -> read("127.0.0.0-255,127.0.1.0", 1))
        .hasMessage("too many addresses (max 256)");
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1|refusing non-loopback address 10.0.0.1: loopback (127.0.0.0/8) only",
        "127.0.0.1,192.0.2.1|refusing non-loopback address 192.0.2.1: loopback (127.0.0.0/8) only",
        "128.0.0.1-3|refusing non-loopback address 128.0.0.1: loopback (127.0.0.0/8) only",
        "126.255.255.255|refusing non-loopback address 126.255.255.255: loopback (127.0.0.0/8)"
            + " only",
        "0.0.0.0|refusing non-loopback address 0.0.0.0: loopback (127.0.0.0/8) only",
        "localhost|bad address: localhost",
        "::1|bad address: ::1",
        "127.1|bad address: 127.1",
        "127.0.0.01|bad address: 127.0.0.01",
        "' 127.0.0.1'|bad address:  127.0.0.1",
        "127.0.0.5-3|bad range: 127.0.0.5-3",
        "127.0.0.1-256|bad range: 127.0.0.1-256",
        "127.0.0.1-|bad range: 127.0.0.1-",
        "127.0.0.1-8x|bad range: 127.0.0.1-8x",
        "127.0.0.1--2|bad range: 127.0.0.1--2",
        "''|no address in ''",
        "',,'|no address in ',,'"
      })
  @DisplayName(
      "cconnect -a/-s: refuses what is not a 127.0.0.0/8 address or range, with cconnect's message")
  void refuses(String list, String message) {
    assertThatThrownBy(() -> LoopbackAddresses.parse(list, 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
