package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.socket.Errnos.failure;
import static org.dial4j.socket.Loopback.where;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.sys.Sys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Choosing the source address: libut's "from IP:port, port 0 = the kernel picks" (seed 000) and
 * TargetTCP's "either the IP address or port number may be left as zero" (seed 004), with
 * IP_BIND_ADDRESS_NO_PORT so that a chosen source IP does not use up ephemeral ports.
 */
class SourceBindingTest {
  private static final Deadline SOON = Deadline.after(Duration.ofSeconds(10));

  @Test
  @DisplayName(
      "libut UT_net_connect: source IP with port 0 sets IP_BIND_ADDRESS_NO_PORT; port picked at"
          + " connect")
  void sourceIpPortZeroDefersThePort() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      s.bind(Endpoint.parseInet("127.0.0.2:0"));
      assertThat(s.getOption(Sys.IPPROTO_IP, Sys.IP_BIND_ADDRESS_NO_PORT)).isEqualTo(1);
      assertThat(((InetEndpoint) s.local()).port()).as("no port yet").isZero();
      s.connect(at, SOON);
      InetEndpoint local = (InetEndpoint) s.local();
      assertThat(local.toString()).startsWith("127.0.0.2:");
      assertThat(local.port()).isPositive();
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): a chosen source port that is taken gives EADDRINUSE")
  void takenPortIsEaddrinuse() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint taken = where(lo.listener("127.0.0.1", 4));
      PosixSocket s = lo.tcp(Family.INET);
      assertThatThrownBy(() -> s.bind(taken))
          .isInstanceOf(BindException.class)
          .hasMessage("bind tcp " + taken + ": EADDRINUSE (Address already in use)");
    }
  }

  @Test
  @DisplayName("Linux connect(2): EADDRINUSE, a bound source already used for the same 4-tuple")
  void sameFourTupleIsEaddrinuse() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket first = lo.tcp(Family.INET);
      first.setReuseAddress(true);
      // bind(0.0.0.0:0) takes the port now, from the ports no other socket holds; a port chosen
      // at connect() may be shared with TIME_WAIT sockets of other 4-tuples (made without
      // SO_REUSEADDR by earlier tests), which would make the second bind fail instead of the
      // connect this test is about.
      first.bind(Endpoint.parseInet("0.0.0.0:0"));
      first.connect(at, SOON);
      InetEndpoint src = (InetEndpoint) first.local();
      PosixSocket second = lo.tcp(Family.INET);
      second.setReuseAddress(true);
      second.bind(src);
      Errno e = errnoOf(() -> second.connect(at, SOON));
      assertThat(e).isIn(Errno.EADDRINUSE, Errno.EADDRNOTAVAIL);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): binding an address this host lacks gives EADDRNOTAVAIL")
  void absentAddressIsEaddrnotavail() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket s = lo.tcp(Family.INET);
      // 192.0.2.1 (TEST-NET-1) is on no interface; bind sends nothing.
      assertThat(errnoOf(() -> s.bind(Endpoint.parseInet("192.0.2.1:0"))))
          .isEqualTo(Errno.EADDRNOTAVAIL);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): IPv4 target on an IPv6 socket is connected IPv4-mapped")
  void ipv4OnIpv6SocketIsMapped() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET6);
      s.connect(at, SOON);
      assertThat(s.remote()).isEqualTo(at.toV4Mapped());
    }
  }

  @Test
  @DisplayName("A refused connect from 127.0.0.1:0 names the source port the kernel chose, not :0")
  void refusedConnectNamesTheChosenPort() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint closed = lo.closedPort("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      s.bind(
          Endpoint.parseInet("127.0.0.1:0")); // IP_BIND_ADDRESS_NO_PORT: the port comes at connect
      NetError e = failure(() -> s.connect(closed, SOON));
      assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED);
      InetEndpoint chosen = (InetEndpoint) s.local();
      assertThat(chosen.port()).as("the kernel chose a port").isPositive();
      assertThat(e.source()).contains(chosen);
      assertThat(((Exception) e).getMessage())
          .isEqualTo(
              "connect tcp " + chosen + "->" + closed + ": ECONNREFUSED (Connection refused)");
    }
  }

  @Test
  @DisplayName(
      "A non-blocking connect from 127.0.0.1:0: finishConnect's error names the chosen port")
  void finishConnectNamesTheChosenPort() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint closed = lo.closedPort("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      s.bind(Endpoint.parseInet("127.0.0.1:0"));
      s.setBlocking(false);
      NetError e =
          failure(
              () -> {
                if (s.connect(closed) == ConnectResult.IN_PROGRESS) {
                  s.finishConnect(SOON);
                }
              });
      assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED);
      assertThat(((InetEndpoint) e.source().orElseThrow()).port()).isPositive();
      assertThat(e.source()).contains(s.local());
    }
  }

  @Test
  @DisplayName("A UDP socket bound to 0.0.0.0:0: a receive error names the port bind chose")
  void datagramErrorNamesTheChosenPort() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint closed = lo.closedPort("127.0.0.1");
      PosixSocket u = lo.udp(Family.INET);
      u.bind(Endpoint.parseInet("0.0.0.0:0"));
      u.connect(closed, Deadline.NOW);
      u.send(java.nio.ByteBuffer.wrap(new byte[] {1}), SOON);
      // The ICMP port unreachable comes back as the socket's error on the next receive.
      NetError e = failure(() -> u.recv(java.nio.ByteBuffer.allocate(8), SOON));
      assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED);
      assertThat(e.source()).contains(u.local());
      assertThat(((InetEndpoint) u.local()).port()).isPositive();
    }
  }

  @Test
  @DisplayName(
      "The chosen port is read only for an error: bind's own error still names the address asked"
          + " for")
  void bindErrorNamesTheAddressAskedFor() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket s = lo.tcp(Family.INET);
      InetEndpoint asked = Endpoint.parseInet("127.0.0.1:0");
      s.bind(Endpoint.parseInet("0.0.0.0:0"));
      NetError e = failure(() -> s.bind(asked));
      assertThat(e.errno()).isEqualTo(Errno.EINVAL);
      assertThat(e.source()).contains(asked);
    }
  }
}
