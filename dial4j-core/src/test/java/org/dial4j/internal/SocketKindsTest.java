package org.dial4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.Network;
import org.dial4j.sys.Sys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The tables between dial4j's socket kinds and the kernel's numbers and Go's network names. */
class SocketKindsTest {

  @Test
  @DisplayName("socket(7): every family and type maps to its AF_/SOCK_ number and back")
  void roundTrips() {
    for (Family f : Family.values()) {
      assertThat(SocketKinds.family(SocketKinds.af(f))).isEqualTo(f);
    }
    for (Network.SocketType t : Network.SocketType.values()) {
      assertThat(SocketKinds.socketType(SocketKinds.sockType(t))).isEqualTo(t);
    }
    assertThat(SocketKinds.af(Family.INET6)).isEqualTo(Sys.AF_INET6);
    assertThat(SocketKinds.sockType(Network.SocketType.SEQPACKET)).isEqualTo(Sys.SOCK_SEQPACKET);
  }

  @Test
  @DisplayName("socket(7): a number dial4j lacks (AF_NETLINK 16, SOCK_RAW 3) has no kind")
  void unknownNumbers() {
    assertThat(SocketKinds.family(16)).isNull();
    assertThat(SocketKinds.socketType(3)).isNull();
  }

  @Test
  @DisplayName("Go's names: a socket is tcp or udp for either IP family, unix* by type")
  void socketNetwork() {
    assertThat(SocketKinds.network(Family.INET, Network.SocketType.STREAM)).isEqualTo(Network.TCP);
    assertThat(SocketKinds.network(Family.INET6, Network.SocketType.DGRAM)).isEqualTo(Network.UDP);
    assertThat(SocketKinds.network(Family.INET6, Network.SocketType.SEQPACKET)).isNull();
    assertThat(SocketKinds.network(Family.UNIX, Network.SocketType.STREAM)).isEqualTo(Network.UNIX);
    assertThat(SocketKinds.network(Family.UNIX, Network.SocketType.DGRAM))
        .isEqualTo(Network.UNIXGRAM);
    assertThat(SocketKinds.network(Family.UNIX, Network.SocketType.SEQPACKET))
        .isEqualTo(Network.UNIXPACKET);
    assertThat(SocketKinds.network(null, Network.SocketType.STREAM)).isNull();
    assertThat(SocketKinds.network(Family.INET, null)).isNull();
  }

  @Test
  @DisplayName("Go's names: a connection to one family's address is tcp4 or tcp6")
  void streamNetwork() {
    assertThat(SocketKinds.streamNetwork(Family.INET)).isEqualTo(Network.TCP4);
    assertThat(SocketKinds.streamNetwork(Family.INET6)).isEqualTo(Network.TCP6);
    assertThat(SocketKinds.streamNetwork(Family.UNIX)).isEqualTo(Network.UNIX);
  }

  @Test
  @DisplayName(
      "socket(2) for a target: the address's family, AF_UNIX on unix networks, else AF_INET6")
  void familyFor() {
    assertThat(SocketKinds.familyFor(Network.TCP, Endpoint.parse("127.0.0.1:80")))
        .isEqualTo(Family.INET);
    assertThat(SocketKinds.familyFor(Network.UDP, Endpoint.parse("[::1]:53")))
        .isEqualTo(Family.INET6);
    assertThat(SocketKinds.familyFor(Network.UNIX, Endpoint.parse(Network.UNIX, "/tmp/x")))
        .isEqualTo(Family.UNIX);
    assertThat(SocketKinds.familyFor(Network.TCP, Endpoint.parse("localhost:80")))
        .isEqualTo(Family.INET6);
    assertThat(SocketKinds.familyFor(Network.TCP, null)).isEqualTo(Family.INET6);
  }
}
