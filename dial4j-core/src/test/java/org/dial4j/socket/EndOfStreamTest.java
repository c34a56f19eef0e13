package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.socket.Loopback.where;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.UnixEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.SocketErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * End of stream reads as -1, as {@link java.io.InputStream#read} and {@link
 * java.nio.channels.ReadableByteChannel#read} say (and as Connection.read and LoopFd.read do); 0 is
 * left for a buffer without room and for an empty datagram or message.
 */
class EndOfStreamTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** A connected TCP pair on 127.0.0.1: {client, accepted}. */
  private static PosixSocket[] tcpPair(Loopback lo) throws IOException {
    PosixSocket l = lo.listener("127.0.0.1", 4);
    PosixSocket c = lo.tcp(Family.INET);
    c.connect(where(l), Deadline.after(BOUND));
    return new PosixSocket[] {c, lo.own(l.accept(Deadline.after(BOUND)))};
  }

  /** A connected Unix pair of {@code type} on a fresh abstract name: {client, accepted}. */
  private static PosixSocket[] unixPair(Loopback lo, Network.SocketType type) throws IOException {
    UnixEndpoint at =
        UnixEndpoint.abstractName(
            "dial4j-eos-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet());
    PosixSocket l = lo.own(PosixSocket.open(Family.UNIX, type));
    l.bind(at);
    l.listen(4);
    PosixSocket c = lo.own(PosixSocket.open(Family.UNIX, type));
    c.connect(at, Deadline.after(BOUND));
    return new PosixSocket[] {c, lo.own(l.accept(Deadline.after(BOUND)))};
  }

  @Test
  @DisplayName("recv on TCP: the data, then -1 at end of stream, again and again")
  void tcpRecvEndsWithMinusOne() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = tcpPair(lo);
      p[1].send(ByteBuffer.wrap(new byte[] {1, 2, 3}), Deadline.after(BOUND));
      p[1].shutdownOutput();
      ByteBuffer b = ByteBuffer.allocate(16);
      assertThat(p[0].recv(b, Deadline.after(BOUND))).isEqualTo(3);
      assertThat(p[0].recv(b, Deadline.after(BOUND))).isEqualTo(-1);
      assertThat(p[0].recv(b, Deadline.after(BOUND))).as("still at end").isEqualTo(-1);
      assertThat(b.position()).as("end of stream moves no position").isEqualTo(3);
    }
  }

  @Test
  @DisplayName("recv on TCP at end of stream: -1 in non-blocking mode too (never EAGAIN)")
  void tcpNonBlockingRecvEndsWithMinusOne() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = tcpPair(lo);
      p[1].close();
      p[0].setBlocking(false);
      // A non-blocking recv may find nothing after a readiness report (a spurious wake-up, or the
      // EAGAIN FaultySyscalls$Interrupting injects when the suite runs over it): EAGAIN, then ask
      // again; end of stream must come, as -1.
      Integer r = null;
      for (int i = 0; i < 100 && r == null; i++) {
        p[0].awaitReadable(Deadline.after(BOUND));
        try {
          r = p[0].recv(ByteBuffer.allocate(8));
        } catch (SocketErrnoException e) {
          assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
        }
      }
      assertThat(r).isEqualTo(-1);
    }
  }

  @Test
  @DisplayName("recv on TCP with a buffer without room: 0, at end of stream or not")
  void zeroLengthBufferReadsZero() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = tcpPair(lo);
      p[1].send(ByteBuffer.wrap(new byte[] {9}), Deadline.after(BOUND));
      assertThat(p[0].awaitReadable(Deadline.after(BOUND))).isTrue();
      assertThat(p[0].recv(ByteBuffer.allocate(0), Deadline.after(BOUND))).isZero();
      assertThat(p[0].recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(1);
      p[1].shutdownOutput();
      p[0].awaitReadable(Deadline.after(BOUND));
      assertThat(p[0].recv(ByteBuffer.allocate(0), Deadline.after(BOUND))).isZero();
      assertThat(p[0].recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);
    }
  }

  @Test
  @DisplayName("recv on a unix stream: -1 at end of stream")
  void unixStreamEndsWithMinusOne() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = unixPair(lo, Network.SocketType.STREAM);
      p[1].shutdownOutput();
      assertThat(p[0].recv(ByteBuffer.allocate(8), Deadline.after(BOUND))).isEqualTo(-1);
    }
  }

  @Test
  @DisplayName("recvFrom on TCP: the peer with data, null at end of stream")
  void tcpRecvFromSaysNullAtEndOfStream() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = tcpPair(lo);
      p[1].send(ByteBuffer.wrap(new byte[] {7}), Deadline.after(BOUND));
      p[1].shutdownOutput();
      ByteBuffer b = ByteBuffer.allocate(8);
      assertThat(p[0].recvFrom(b, Deadline.after(BOUND))).isEqualTo(p[0].remote());
      assertThat(b.position()).isEqualTo(1);
      assertThat(p[0].recvFrom(b, Deadline.after(BOUND))).isNull();
      assertThat(b.position()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("recv on UDP: an empty datagram reads 0")
  void emptyDatagramReadsZero() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket a = lo.udp(Family.INET);
      PosixSocket b = lo.udp(Family.INET);
      a.bind(InetEndpoint.of(new byte[] {127, 0, 0, 1}, 0));
      b.bind(InetEndpoint.of(new byte[] {127, 0, 0, 1}, 0));
      b.sendTo(ByteBuffer.allocate(0), where(a));
      assertThat(a.recv(ByteBuffer.allocate(8), Deadline.after(BOUND))).isZero();
      b.sendTo(ByteBuffer.allocate(0), where(a));
      assertThat(a.recvFrom(ByteBuffer.allocate(8), Deadline.after(BOUND))).isEqualTo(b.local());
    }
  }

  @Test
  @DisplayName("recv on a unix seqpacket socket: an empty message reads 0")
  void emptySeqpacketMessageReadsZero() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = unixPair(lo, Network.SocketType.SEQPACKET);
      p[1].send(ByteBuffer.allocate(0), Deadline.after(BOUND));
      assertThat(p[0].recv(ByteBuffer.allocate(8), Deadline.after(BOUND))).isZero();
    }
  }
}
