package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.socket.Errnos.failure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.socket.PosixSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libdill's TCP connection semantics ({@code tcp.c}, its {@code tests/tcp.c} and the {@code
 * tcp_connect(3)}, {@code bsend(3)}, {@code brecv(3)}, {@code tcp_done(3)}, {@code tcp_close(3)}
 * pages) on a {@link Connection}, on real loopback sockets.
 */
class ConnectionTest {
  private static final Duration BOUND = Connections.BOUND;
  private static final Duration SHORT = Duration.ofMillis(100);

  /** How late a timed-out call may return on a shared, loaded 2-core machine. */
  private static final Duration SLACK = Duration.ofSeconds(1);

  private Connections conns;

  @BeforeEach
  void start() throws IOException {
    conns = new Connections("connection-test");
  }

  @AfterEach
  void stop() throws Exception {
    conns.close();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] readExactly(PosixSocket s, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      if (s.recv(b, Deadline.after(BOUND)) < 0) {
        throw new AssertionError("EOF after " + b.position() + " of " + n + " bytes");
      }
    }
    return b.array();
  }

  /** A blocking PosixSocket send may take part of the buffer: loop until all is sent. */
  static void sendAll(PosixSocket s, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data);
    while (b.hasRemaining()) {
      s.send(b, Deadline.after(BOUND));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tests/tcp.c 'simple data exchange' and tcp_connect(3)'s example: bsend 3 bytes,"
          + " brecv exactly 3")
  void roundTrip(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    p.client().send(ascii("ABC"), Deadline.after(BOUND));
    assertThat(readExactly(p.server(), 3)).isEqualTo(ascii("ABC"));

    p.server().send(ByteBuffer.wrap(ascii("DEF")));
    assertThat(p.client().recv(3, Deadline.after(BOUND))).isEqualTo(ascii("DEF"));

    // brecv waits for the whole length: two bytes now, the third later.
    p.server().send(ByteBuffer.wrap(ascii("GH")));
    CompletableFuture<byte[]> three =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.client().recv(3, Deadline.after(BOUND));
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    p.server().send(ByteBuffer.wrap(ascii("I")));
    assertThat(three.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ascii("GHI"));
    assertThat(p.client().local().family()).isEqualTo(p.client().remote().family());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tests/tcp.c move_lots_of_data: 4 MiB through a peer that reads slowly, bsend waiting"
          + " for room")
  void lotsOfData(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    byte[] data = new byte[4 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >>> 11));
    }
    CompletableFuture<byte[]> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return readExactly(p.server(), data.length);
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    p.client().send(ByteBuffer.wrap(data), Deadline.after(BOUND));
    assertThat(Arrays.equals(read.get(BOUND.toMillis(), TimeUnit.MILLISECONDS), data)).isTrue();

    CompletableFuture<Void> back =
        CompletableFuture.runAsync(
            () -> {
              try {
                sendAll(p.server(), data);
                sendAll(p.server(), data);
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
    p.client().recv(direct, Deadline.after(BOUND));
    byte[] got = new byte[data.length];
    direct.flip().get(got);
    assertThat(Arrays.equals(got, data)).as("into a direct buffer").isTrue();
    assertThat(Arrays.equals(p.client().recv(data.length, Deadline.after(BOUND)), data))
        .as("into a heap array")
        .isTrue();
    back.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tests/tcp.c 'Test deadline': brecv fails ETIMEDOUT at the deadline, then ECONNRESET"
          + " (tcp.c inerr)")
  void recvDeadline(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    long start = System.nanoTime(); // before the deadline is made, so "took" is never short of it
    Deadline deadline = Deadline.after(SHORT);
    NetError e = failure(() -> p.client().recv(16, deadline));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(e.operation()).isEqualTo(Operation.RECV);
    assertThat(took)
        .as("returns at the deadline")
        .isGreaterThanOrEqualTo(SHORT.minusMillis(1))
        .isLessThan(SHORT.plus(SLACK));

    // Data arriving later does not undo it: the stream position is unknown, so the side is broken.
    p.server().send(ByteBuffer.wrap(ascii("late")));
    NetError again = failure(() -> p.client().recv(4, Deadline.after(BOUND)));
    assertThat(again.errno()).isEqualTo(Errno.ECONNRESET);
    assertThat(again.info().message()).contains("ETIMEDOUT");
    assertThat(p.client().toString()).contains("broken");
    // Sending is the other direction: still fine.
    p.client().send(ascii("ok"), Deadline.after(BOUND));
    assertThat(readExactly(p.server(), 2)).isEqualTo(ascii("ok"));
  }

  @Test
  @DisplayName(
      "libdill brecv(3) deadline 0: Deadline.NOW does what it can at once, else ETIMEDOUT without"
          + " waiting")
  void recvNow() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    p.server().send(ByteBuffer.wrap(ascii("xy")));
    // Both bytes may take a moment to arrive on loopback; read them with a real deadline first.
    assertThat(p.client().recv(2, Deadline.after(BOUND))).isEqualTo(ascii("xy"));
    long start = System.nanoTime();
    assertThat(errnoOf(() -> p.client().recv(1, Deadline.NOW))).isEqualTo(Errno.ETIMEDOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLACK);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tests/tcp.c client3: brecv at end of stream is EPIPE, EPIPE again (indone); bsend"
          + " still works; tcp_close then succeeds")
  void endOfStream(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    p.server().send(ByteBuffer.wrap(ascii("ABC")));
    p.server().shutdownOutput();
    assertThat(p.client().recv(3, Deadline.after(BOUND))).isEqualTo(ascii("ABC"));
    NetError eof = failure(() -> p.client().recv(3, Deadline.after(BOUND)));
    assertThat(eof.errno()).isEqualTo(Errno.EPIPE);
    assertThat(eof.operation()).isEqualTo(Operation.RECV);
    assertThat(errnoOf(() -> p.client().recv(1, Deadline.after(BOUND)))).isEqualTo(Errno.EPIPE);
    assertThat(p.client().read(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);

    p.client().send(ascii("DEF"), Deadline.after(BOUND));
    assertThat(readExactly(p.server(), 3)).isEqualTo(ascii("DEF"));
    p.client().close(Deadline.after(BOUND)); // EOF already read: done, then brecv is EPIPE at once
    assertThat(p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);
    assertThat(p.client().isOpen()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tests/tcp.c 'Emulate a DoS attack': bsend after the peer reset fails ECONNRESET, and"
          + " ECONNRESET again (outerr)")
  void sendAfterReset(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    p.server().abort();
    byte[] chunk = new byte[2048];
    NetError e = null;
    long until = System.nanoTime() + BOUND.toNanos();
    while (e == null && System.nanoTime() - until < 0) {
      try {
        p.client().send(chunk, Deadline.after(BOUND));
      } catch (IOException x) {
        e = (NetError) x;
      }
    }
    assertThat(e).as("a send fails once the reset arrived").isNotNull();
    assertThat(e.errno()).isEqualTo(Errno.ECONNRESET);
    assertThat(e.operation()).isEqualTo(Operation.SEND);
    NetError again = failure(() -> p.client().send(ascii("A"), Deadline.after(BOUND)));
    assertThat(again.errno()).isEqualTo(Errno.ECONNRESET);
    assertThat(again.info().message()).contains("earlier");
    assertThat(errnoOf(() -> p.client().close(Deadline.after(BOUND))))
        .as("tcp_close of a broken connection")
        .isEqualTo(Errno.ECONNRESET);
    assertThat(p.client().isOpen()).as("released anyway").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tcp_done(3) and tests/tcp.c 'Manual termination handshake': the peer reads EOF;"
          + " bsend then EPIPE; tcp_done again EPIPE; brecv goes on")
  void done(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    p.client().send(ascii("ABC"), Deadline.after(BOUND));
    p.client().done(Deadline.after(BOUND));
    assertThat(readExactly(p.server(), 3)).isEqualTo(ascii("ABC"));
    assertThat(p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND)))
        .as("EOF")
        .isEqualTo(-1);

    NetError send = failure(() -> p.client().send(ascii("X"), Deadline.after(BOUND)));
    assertThat(send.errno()).isEqualTo(Errno.EPIPE);
    NetError twice = failure(() -> p.client().done(Deadline.after(BOUND)));
    assertThat(twice.errno()).isEqualTo(Errno.EPIPE);
    assertThat(twice.operation()).isEqualTo(Operation.SHUTDOWN);

    p.server().send(ByteBuffer.wrap(ascii("DEF")));
    assertThat(p.client().recv(3, Deadline.after(BOUND))).isEqualTo(ascii("DEF"));
    p.server().close();
    assertThat(errnoOf(() -> p.client().recv(1, Deadline.after(BOUND)))).isEqualTo(Errno.EPIPE);
    p.client().close(Deadline.after(BOUND));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tests/tcp.c client4: tcp_close fails ETIMEDOUT when the peer never closes, at the"
          + " deadline, and releases the descriptor")
  void closeTimesOut(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    p.server().send(ByteBuffer.wrap(ascii("discarded")));
    long start = System.nanoTime(); // before the deadline is made, so "took" is never short of it
    Deadline deadline = Deadline.after(SHORT);
    NetError e = failure(() -> p.client().close(deadline));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(e.operation()).isEqualTo(Operation.CLOSE);
    assertThat(took).isGreaterThanOrEqualTo(SHORT.minusMillis(1)).isLessThan(SHORT.plus(SLACK));
    assertThat(p.client().isOpen()).isFalse();
    assertThat(errnoOf(() -> p.client().recv(1, Deadline.NOW))).isEqualTo(Errno.EBADF);
    assertThat(errnoOf(() -> p.client().close(Deadline.NOW))).isEqualTo(Errno.EBADF);
    // The peer saw our FIN (tcp_close starts with tcp_done), then our descriptor close.
    assertThat(p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill tcp_close(3): the peer reads to EOF and closes; tcp_close discards what the peer"
          + " sent and succeeds")
  void closeGracefully(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    p.client().send(ascii("bye"), Deadline.after(BOUND));
    CompletableFuture<byte[]> peer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                p.server().send(ByteBuffer.wrap(new byte[100_000])); // unread by the client's user
                byte[] got = readExactly(p.server(), 3);
                if (p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND)) != -1) {
                  throw new AssertionError("no EOF");
                }
                p.server().close();
                return got;
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    p.client().close(Deadline.after(BOUND));
    assertThat(peer.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ascii("bye"));
    assertThat(p.client().isOpen()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName(
      "libdill hclose after fd_close's SO_LINGER 0 (abort): the peer's recv fails ECONNRESET")
  void abort(String ip) throws Exception {
    Connections.Pair p = conns.connect(ip);
    p.client().abort();
    assertThat(p.client().isOpen()).isFalse();
    assertThat(errnoOf(() -> p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND))))
        .isEqualTo(Errno.ECONNRESET);
    p.client().abort(); // idempotent
    p.client().close();
  }

  @Test
  @DisplayName(
      "libdill tcp_connect(3): errors name the operation, network and both endpoints; toString"
          + " shows them")
  void errorsAndNames() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Connection c = p.client();
    assertThat(c.network()).isEqualTo(Network.TCP4);
    assertThat(c.local().port()).isEqualTo(((InetEndpoint) p.server().remote()).port());
    assertThat(c.remote().port()).isEqualTo(((InetEndpoint) p.server().local()).port());
    NetError e = failure(() -> c.recv(1, Deadline.NOW));
    assertThat(e.info().network()).isEqualTo(Network.TCP4);
    assertThat(e.info().source()).isEqualTo(c.local());
    assertThat(e.info().target()).isEqualTo(c.remote());
    assertThat(c.toString())
        .contains("tcp4", c.local().toString(), c.remote().toString(), "broken");
    c.close();
    assertThat(c.toString()).contains("closed");
    assertThat(errnoOf(() -> c.send(ascii("x"), Deadline.NOW))).isEqualTo(Errno.EBADF);
  }
}
