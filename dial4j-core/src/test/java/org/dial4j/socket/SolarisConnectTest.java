package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.socket.Loopback.where;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Solaris / illumos connect(3SOCKET), seed page 001, on real loopback sockets. */
class SolarisConnectTest {
  private static final Deadline SOON = Deadline.after(Duration.ofSeconds(10));

  @Test
  @DisplayName("Solaris connect(3SOCKET): non-blocking connect, poll for POLLOUT, SO_ERROR 0")
  void nonBlockingConnectThenSoError() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      s.setBlocking(false);
      ConnectResult r = s.connect(at);
      if (r == ConnectResult.IN_PROGRESS) {
        assertThat(s.awaitWritable(SOON)).isTrue();
        assertThat(s.takeError()).isEmpty();
      }
      assertThat(s.finishConnect(Deadline.NOW)).isEqualTo(ConnectResult.CONNECTED);
      assertThat(s.remote()).isEqualTo(at);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): an unbound socket is bound by connect")
  void unboundSocketIsBoundAutomatically() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(((InetEndpoint) s.local()).port()).isZero();
      s.connect(at, SOON);
      InetEndpoint local = (InetEndpoint) s.local();
      assertThat(local.port()).isPositive();
      assertThat(local.isLoopback()).isTrue();
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): stream sockets connect only once (EISCONN)")
  void streamConnectsOnce() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(s.connect(at, SOON)).isEqualTo(ConnectResult.CONNECTED);
      assertThat(errnoOf(() -> s.connect(at, SOON))).isEqualTo(Errno.EISCONN);
    }
  }

  @Test
  @DisplayName(
      "Solaris connect(3SOCKET): asynchronous failure: EINPROGRESS then SO_ERROR ECONNREFUSED")
  void asynchronousRefusal() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint closed = lo.closedPort("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      s.setBlocking(false);
      assertThat(s.connect(closed)).isEqualTo(ConnectResult.IN_PROGRESS);
      assertThatThrownBy(() -> s.finishConnect(SOON))
          .isInstanceOf(ConnectException.class)
          .hasMessage("connect tcp " + closed + ": ECONNREFUSED (Connection refused)");
      // The error is reported once: SO_ERROR now reads 0.
      assertThat(s.takeError()).isEmpty();
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): after a refused attempt the same socket connects again")
  void reconnectAfterFailure() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint closed = lo.closedPort("127.0.0.1");
      InetEndpoint live = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(errnoOf(() -> s.connect(closed, SOON))).isEqualTo(Errno.ECONNREFUSED);
      assertThat(s.connect(live, SOON)).isEqualTo(ConnectResult.CONNECTED);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): EINTR, and the connection is established asynchronously")
  void interruptedConnectCompletesLater() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 16));
      PosixSocket s = lo.tcp(Family.INET);
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> s.connect(at, SOON))
            .isInstanceOf(InterruptedIOException.class)
            .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EINTR));
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
      assertThat(s.state()).isEqualTo(PosixSocket.State.CONNECTING);
      assertThat(s.finishConnect(SOON)).isEqualTo(ConnectResult.CONNECTED);
    }
  }

  @Test
  @DisplayName(
      "Solaris connect(3SOCKET): a datagram socket receives only from its peer, reconnects,"
          + " dissolves")
  void datagramAssociation() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket a = lo.udp(Family.INET);
      PosixSocket b = lo.udp(Family.INET);
      PosixSocket c = lo.udp(Family.INET);
      for (PosixSocket s : new PosixSocket[] {a, b, c}) {
        s.bind(InetEndpoint.of(new byte[] {127, 0, 0, 1}, 0));
      }
      // Connect never blocks for UDP, even with deadline NOW.
      assertThat(a.connect(where(b), Deadline.NOW)).isEqualTo(ConnectResult.CONNECTED);
      c.sendTo(text("from c"), where(a));
      b.sendTo(text("from b"), where(a));
      assertThat(receive(a)).isEqualTo("from b");
      assertThat(errnoOf(() -> a.recv(ByteBuffer.allocate(64), Deadline.NOW)))
          .isEqualTo(Errno.EAGAIN);

      // Datagram sockets can connect again to change their association.
      a.connect(where(c), Deadline.NOW);
      b.sendTo(text("from b"), where(a));
      c.sendTo(text("from c"), where(a));
      assertThat(receive(a)).isEqualTo("from c");
      assertThat(errnoOf(() -> a.recv(ByteBuffer.allocate(64), Deadline.NOW)))
          .isEqualTo(Errno.EAGAIN);

      // Connecting to a null address dissolves the association.
      a.disconnect();
      assertThat(a.state()).isEqualTo(PosixSocket.State.OPEN);
      assertThat(errnoOf(() -> a.send(text("x")))).isEqualTo(Errno.EDESTADDRREQ);
      b.sendTo(text("from b"), where(a));
      assertThat(receive(a)).isEqualTo("from b");
    }
  }

  static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static String receive(PosixSocket s) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(256);
    s.recv(buf, SOON);
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
  }
}
