package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Network.class)
  @DisplayName("every label parses, in any case")
  void parsesEveryLabel(Network network) {
    String label = network.label();
    assertThat(Network.parse(label)).isSameAs(network);
    assertThat(Network.parse(label.toUpperCase(Locale.ROOT))).isSameAs(network);
    assertThat(Network.parse(Character.toUpperCase(label.charAt(0)) + label.substring(1)))
        .isSameAs(network);
    assertThat(network).hasToString(label);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "tcp5", "ip", "sctp", "unix-stream", "tcp 4"})
  @DisplayName("an unknown name is EINVAL naming it")
  void badNames(String name) {
    assertThatThrownBy(() -> Network.parse(name))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.EINVAL);
              assertThat(e.input()).contains(name);
            })
        .hasMessageContaining("unknown network")
        .hasMessageContaining("\"" + name + "\"");
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> Network.parse(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  @DisplayName("families and socket types")
  void properties() {
    assertThat(Network.TCP.allowsIpv4() && Network.TCP.allowsIpv6()).isTrue();
    assertThat(Network.TCP4.allowsIpv6()).isFalse();
    assertThat(Network.UDP6.allowsIpv4()).isFalse();
    assertThat(Network.UNIX.isUnix()).isTrue();
    assertThat(Network.UDP.isInet()).isTrue();
    assertThat(Network.UDP.isConnectionOriented()).isFalse();
    assertThat(Network.UNIXGRAM.socketType()).isEqualTo(Network.SocketType.DGRAM);
  }

  @Test
  @DisplayName("Linux connect(2): SOCK_SEQPACKET keeps message boundaries on a connection")
  void seqpacket() {
    assertThat(Network.UNIXPACKET.socketType()).isEqualTo(Network.SocketType.SEQPACKET);
    assertThat(Network.UNIXPACKET.isConnectionOriented()).isTrue();
  }
}
