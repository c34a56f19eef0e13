package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.socket.SolarisConnectTest.receive;
import static org.dial4j.socket.SolarisConnectTest.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.Network;
import org.dial4j.UnixEndpoint;
import org.dial4j.error.Errno;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unix-domain sockets: the UNIX-domain errors of the Solaris connect(3SOCKET) page (seed 001) and
 * SOCK_SEQPACKET and EAGAIN of the Linux connect(2) page (seed 002).
 */
class UnixDomainTest {
  private static final Deadline SOON = Deadline.after(Duration.ofSeconds(10));
  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir Path dir;

  private static PosixSocket unix(Loopback lo, Network.SocketType type) throws IOException {
    return lo.own(PosixSocket.open(Family.UNIX, type));
  }

  /** A listener bound to {@code name} in the test's directory, owned by {@code lo}. */
  private PosixSocket listener(Loopback lo, Network.SocketType type, String name, int backlog)
      throws IOException {
    PosixSocket l = unix(lo, type);
    l.bind(UnixEndpoint.path(dir.resolve(name).toString()));
    l.listen(backlog);
    return l;
  }

  private UnixEndpoint listen(Loopback lo, Network.SocketType type, String name, int backlog)
      throws IOException {
    return (UnixEndpoint) listener(lo, type, name, backlog).local();
  }

  @Test
  @DisplayName("Linux connect(2): unix stream connect to a path, data both ways")
  void streamByPath() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket l = listener(lo, Network.SocketType.STREAM, "s.sock", 4);
      UnixEndpoint at = (UnixEndpoint) l.local();
      PosixSocket c = unix(lo, Network.SocketType.STREAM);
      assertThat(c.connect(at, SOON)).isEqualTo(ConnectResult.CONNECTED);
      PosixSocket a = lo.own(l.accept(SOON));
      c.send(text("ping"), SOON);
      assertThat(receive(a)).isEqualTo("ping");
      assertThat(c.remote()).isEqualTo(at);
      assertThat(a.remote()).isEqualTo(UnixEndpoint.unnamed());
    }
  }

  @Test
  @DisplayName("Linux connect(2): unix abstract names (@name)")
  void abstractName() throws IOException {
    try (Loopback lo = new Loopback()) {
      UnixEndpoint at =
          UnixEndpoint.abstractName(
              "dial4j-test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet());
      PosixSocket l = unix(lo, Network.SocketType.STREAM);
      l.bind(at);
      l.listen(4);
      assertThat(l.local()).isEqualTo(at);
      PosixSocket c = unix(lo, Network.SocketType.STREAM);
      assertThat(c.connect(at, SOON)).isEqualTo(ConnectResult.CONNECTED);
      assertThat(c.remote().toString()).startsWith("@dial4j-test-");
    }
  }

  @Test
  @DisplayName("Linux connect(2): SOCK_SEQPACKET keeps message boundaries")
  void seqpacketKeepsBoundaries() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket l = listener(lo, Network.SocketType.SEQPACKET, "q.sock", 4);
      UnixEndpoint at = (UnixEndpoint) l.local();
      PosixSocket c = unix(lo, Network.SocketType.SEQPACKET);
      c.connect(at, SOON);
      PosixSocket a = lo.own(l.accept(SOON));
      c.send(text("one"), SOON);
      c.send(text("two"), SOON);
      c.send(text("three"), SOON);
      assertThat(receive(a)).isEqualTo("one");
      assertThat(receive(a)).isEqualTo("two");
      assertThat(receive(a)).isEqualTo("three");
      // A message longer than the buffer is cut, not spread over two reads.
      c.send(text("abcdef"), SOON);
      ByteBuffer small = ByteBuffer.allocate(3);
      a.recv(small, SOON);
      assertThat(small.position()).isEqualTo(3);
      assertThat(errnoOf(() -> a.recv(ByteBuffer.allocate(8), Deadline.NOW)))
          .isEqualTo(Errno.EAGAIN);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): ENOENT, the socket path does not exist")
  void enoent() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket c = unix(lo, Network.SocketType.STREAM);
      UnixEndpoint missing = UnixEndpoint.path(dir.resolve("missing.sock").toString());
      assertThat(errnoOf(() -> c.connect(missing, SOON))).isEqualTo(Errno.ENOENT);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): ECONNREFUSED, a socket file nobody listens on")
  void econnrefused() throws IOException {
    try (Loopback lo = new Loopback()) {
      UnixEndpoint at = UnixEndpoint.path(dir.resolve("bound.sock").toString());
      PosixSocket b = unix(lo, Network.SocketType.STREAM);
      b.bind(at);
      PosixSocket c = unix(lo, Network.SocketType.STREAM);
      assertThat(errnoOf(() -> c.connect(at, SOON))).isEqualTo(Errno.ECONNREFUSED);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): EPROTOTYPE, the path is a socket of another type")
  void eprototype() throws IOException {
    try (Loopback lo = new Loopback()) {
      UnixEndpoint at = listen(lo, Network.SocketType.STREAM, "stream.sock", 4);
      PosixSocket d = unix(lo, Network.SocketType.DGRAM);
      assertThat(errnoOf(() -> d.connect(at, SOON))).isEqualTo(Errno.EPROTOTYPE);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): ENOTDIR, a path prefix component is not a directory")
  void enotdir() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    try (Loopback lo = new Loopback()) {
      PosixSocket c = unix(lo, Network.SocketType.STREAM);
      UnixEndpoint at = UnixEndpoint.path(file.resolve("s.sock").toString());
      assertThat(errnoOf(() -> c.connect(at, SOON))).isEqualTo(Errno.ENOTDIR);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): ELOOP, too many symbolic links in the path")
  void eloop() throws IOException {
    Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
    Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
    try (Loopback lo = new Loopback()) {
      PosixSocket c = unix(lo, Network.SocketType.STREAM);
      UnixEndpoint at = UnixEndpoint.path(dir.resolve("a").resolve("s.sock").toString());
      assertThat(errnoOf(() -> c.connect(at, SOON))).isEqualTo(Errno.ELOOP);
    }
  }

  @Test
  @DisplayName(
      "Linux connect(2): EAGAIN, a non-blocking connect to a unix listener whose queue is full")
  void eagainWhenBacklogFull() throws IOException {
    try (Loopback lo = new Loopback()) {
      UnixEndpoint at = listen(lo, Network.SocketType.STREAM, "full.sock", 0);
      PosixSocket first = unix(lo, Network.SocketType.STREAM);
      first.setBlocking(false);
      first.connect(at);
      PosixSocket second = unix(lo, Network.SocketType.STREAM);
      second.setBlocking(false);
      assertThat(errnoOf(() -> second.connect(at))).isEqualTo(Errno.EAGAIN);
    }
  }

  @Test
  @DisplayName("Linux connect(2): unixgram connect sets the peer, AF_UNSPEC dissolves it")
  void unixgramConnectAndDissolve() throws IOException {
    try (Loopback lo = new Loopback()) {
      UnixEndpoint rx = UnixEndpoint.path(dir.resolve("rx.sock").toString());
      PosixSocket r = unix(lo, Network.SocketType.DGRAM);
      r.bind(rx);
      PosixSocket s = unix(lo, Network.SocketType.DGRAM);
      assertThat(s.connect(rx, Deadline.NOW)).isEqualTo(ConnectResult.CONNECTED);
      s.send(text("hello"), SOON);
      ByteBuffer buf = ByteBuffer.allocate(16);
      assertThat(r.recvFrom(buf, SOON)).isEqualTo(UnixEndpoint.unnamed());
      s.disconnect();
      assertThat(errnoOf(() -> s.send(text("x")))).isEqualTo(Errno.ENOTCONN);
    }
  }
}
