package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.socket.Errnos.failure;
import static org.dial4j.socket.Loopback.where;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TargetTCP connect(), seed page 004: the state machine and the input checks, on loopback. */
class TargetTcpConnectTest {
  private static final Deadline SOON = Deadline.after(Duration.ofSeconds(10));

  @Test
  @DisplayName("TargetTCP connect(): EINPROGRESS, then EALREADY while the handshake is pending")
  void einprogressThenEalready() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint stuck = lo.fullQueue("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      s.setBlocking(false);
      assertThat(s.connect(stuck)).isEqualTo(ConnectResult.IN_PROGRESS);
      assertThat(errnoOf(() -> s.connect(stuck))).isEqualTo(Errno.EALREADY);
      assertThat(errnoOf(() -> s.connect(stuck))).isEqualTo(Errno.EALREADY);
      assertThat(s.state()).isEqualTo(PosixSocket.State.CONNECTING);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): EISCONN after the connection is established")
  void eisconnAfterEstablished() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      s.setBlocking(false);
      s.connect(at);
      s.finishConnect(SOON);
      assertThat(errnoOf(() -> s.connect(at))).isEqualTo(Errno.EISCONN);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): a blocking connect waits for the handshake")
  void blockingConnectWaits() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(s.isBlocking()).isTrue();
      assertThat(s.connect(at)).isEqualTo(ConnectResult.CONNECTED);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): UDP connect is always non-blocking")
  void udpConnectNeverBlocks() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket u = lo.udp(Family.INET);
      assertThat(u.connect(Endpoint.parse("127.0.0.1:9"), Deadline.NOW))
          .isEqualTo(ConnectResult.CONNECTED);
      assertThat(u.remote()).isEqualTo(Endpoint.parse("127.0.0.1:9"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0.0.0.0:80", "[::]:80", "127.0.0.1:0", "[::1]:0"})
  @DisplayName("TargetTCP connect(): EDESTADDRREQ for INADDR_ANY or port zero")
  void edestaddrreq(String target) throws IOException {
    try (Loopback lo = new Loopback()) {
      Endpoint t = Endpoint.parse(target);
      PosixSocket s = lo.tcp(((InetEndpoint) t).family());
      NetError e = failure(() -> s.connect(t));
      assertThat(e.errno()).isEqualTo(Errno.EDESTADDRREQ);
      assertThat(((Exception) e).getMessage()).contains(t.toString());
      // Same for UDP, which TargetTCP's rule covers too.
      PosixSocket u = lo.udp(((InetEndpoint) t).family());
      assertThat(errnoOf(() -> u.connect(t))).isEqualTo(Errno.EDESTADDRREQ);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"224.0.0.1:80", "239.1.2.3:80", "255.255.255.255:80", "[ff02::1]:80"})
  @DisplayName("TargetTCP connect(): EADDRNOTAVAIL for a broadcast or multicast target (TCP only)")
  void eaddrnotavailForGroupTargets(String target) throws IOException {
    try (Loopback lo = new Loopback()) {
      Endpoint t = Endpoint.parse(target);
      PosixSocket s = lo.tcp(((InetEndpoint) t).family());
      NetError e = failure(() -> s.connect(t));
      assertThat(e.errno()).isEqualTo(Errno.EADDRNOTAVAIL);
      assertThat(((Exception) e).getMessage()).contains("TCP cannot connect to");
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): EAFNOSUPPORT when the address family does not match")
  void eafnosupport() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket v4 = lo.tcp(Family.INET);
      assertThat(errnoOf(() -> v4.connect(Endpoint.parse("[::1]:80"))))
          .isEqualTo(Errno.EAFNOSUPPORT);
      assertThat(errnoOf(() -> v4.connect(Endpoint.parse("/tmp/x.sock"))))
          .isEqualTo(Errno.EAFNOSUPPORT);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): EFAULT for a null address")
  void efaultForNull() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(errnoOf(() -> s.connect(null))).isEqualTo(Errno.EFAULT);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): EINVAL when addrlen is less than the socket address size")
  void einvalForShortLength() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(errnoOf(() -> s.connectRaw(new byte[] {2, 0, 0, 80, 127, 0, 0, 1})))
          .isEqualTo(Errno.EINVAL);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): EOPNOTSUPP for a socket in the listen state")
  void eopnotsuppOnListener() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket l = lo.listener("127.0.0.1", 4);
      assertThat(errnoOf(() -> l.connect(Endpoint.parse("127.0.0.1:9"))))
          .isEqualTo(Errno.EOPNOTSUPP);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): ENOTSOCK for a handle that is not a socket")
  void enotsock() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket r = lo.pipe()[0];
      assertThat(r.family()).isEmpty();
      assertThat(r.network()).isEmpty();
      assertThat(errnoOf(() -> r.connect(Endpoint.parse("127.0.0.1:9")))).isEqualTo(Errno.ENOTSOCK);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): EBADF for a closed handle, without a system call")
  void ebadfWhenClosed() throws IOException {
    PosixSocket s = PosixSocket.open(Family.INET, org.dial4j.Network.SocketType.STREAM);
    s.close();
    assertThat(s.fd()).isEqualTo(-1);
    NetError e = failure(() -> s.connect(Endpoint.parse("127.0.0.1:9")));
    assertThat(e.errno()).isEqualTo(Errno.EBADF);
    assertThat(((Exception) e).getMessage()).endsWith("the socket is closed");
    s.close(); // idempotent
  }

  @Test
  @DisplayName("TargetTCP connect(): ECONNREFUSED when nobody listens")
  void econnrefused() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint closed = lo.closedPort("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(errnoOf(() -> s.connect(closed, SOON))).isEqualTo(Errno.ECONNREFUSED);
    }
  }

  @Test
  @DisplayName("TargetTCP connect(): ETIMEDOUT when no answer comes to the SYN (deadline)")
  void etimedoutByDeadline() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint stuck = lo.fullQueue("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.connect(stuck, Deadline.after(Duration.ofMillis(200))))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("ETIMEDOUT");
      assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }
  }

  @Test
  @DisplayName(
      "TargetTCP connect(): ETIMEDOUT made by the kernel (TCP_USER_TIMEOUT on a dropped SYN)")
  void etimedoutByKernel() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint stuck = lo.fullQueue("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      s.setUserTimeout(Duration.ofMillis(100));
      s.setBlocking(false);
      assertThat(s.connect(stuck)).isEqualTo(ConnectResult.IN_PROGRESS);
      // The kernel fails the attempt at the first SYN retransmission (about 1 s) with ETIMEDOUT
      // in SO_ERROR; the deadline here is only a bound.
      NetError e = failure(() -> s.finishConnect(Deadline.after(Duration.ofSeconds(10))));
      assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT);
      assertThat(e.detail()).as("from SO_ERROR, not from the deadline").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[fe80::1]:80", "[ff02::1]:80"})
  @DisplayName(
      "Linux connect(2): EINVAL for a link-local IPv6 target without a scope, with a detail that"
          + " says so")
  void linkLocalWithoutScopeIsEinval(String target) throws IOException {
    try (Loopback lo = new Loopback()) {
      // ff02::1 is multicast, which TCP refuses before the kernel (EADDRNOTAVAIL): UDP for both.
      PosixSocket u = lo.udp(Family.INET6);
      NetError e = failure(() -> u.connect(Endpoint.parse(target), Deadline.NOW));
      assertThat(e.errno()).isEqualTo(Errno.EINVAL);
      assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("needs a scope"));
    }
  }
}
