package org.dial4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.dial4j.Endpoint;
import org.dial4j.Network;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one source rule of PosixSocket.bind and the loop's named connect (ip(7)). */
class SourceBindingTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @DisplayName(
      "IP_BIND_ADDRESS_NO_PORT for a stream socket on a chosen IP with port 0, and only then")
  @CsvSource({
    "127.0.0.2:0, STREAM, true",
    "[::1]:0, STREAM, true",
    "0.0.0.0:0, STREAM, false",
    "[::]:0, STREAM, false",
    "127.0.0.2:5000, STREAM, false",
    "127.0.0.2:0, DGRAM, false",
    "127.0.0.2:0, SEQPACKET, false",
  })
  void defersPort(String local, Network.SocketType type, boolean defers) {
    assertThat(SourceBinding.defersPort(Endpoint.parseInet(local), type)).isEqualTo(defers);
  }
}
