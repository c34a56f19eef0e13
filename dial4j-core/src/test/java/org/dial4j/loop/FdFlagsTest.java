package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.loop.Loops.flags;
import static org.dial4j.loop.Loops.leftOver;
import static org.dial4j.loop.Loops.onLoop;
import static org.dial4j.loop.Loops.runOnLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.Sys;
import org.dial4j.testing.Await;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * libut's {@code UT_fd_cntl}: the flags the loop keeps per descriptor, and the one a caller sets.
 */
class FdFlagsTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  /** Far more than a loopback socket buffers when the peer's receive buffer is 4 KiB. */
  private static final int BIG = 8 << 20;

  private final Loopback peers = new Loopback();
  private final RawFds fds = new RawFds();
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();
  private EventLoop loop;

  /** Records the flags at each (name, first status) and nothing else. */
  private final FdCallback recordFlags =
      (fd, name, status, data) ->
          seen.putIfAbsent(name + " " + Status.describe(status), fd.flags());

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("flags-test");
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    fds.close();
    peers.close();
  }

  @Test
  @DisplayName("libut UT_fd_cntl: PIPE, SOCKET or OTHER, with R and W as registered")
  void typeFlags() throws Exception {
    int[] p = fds.pipe();
    LoopFd pipe = loop.register(p[0], "pipe", FdFlags.R, recordFlags, null);
    fds.handOver(p[0]);
    LoopFd other = loop.register(fds.eventfd(), "efd", FdFlags.R | FdFlags.W, recordFlags, null);
    fds.handOver(other.fd());
    PosixSocket s = peers.tcp(Family.INET);
    LoopFd socket = loop.register(s.fd(), "socket", FdFlags.W, recordFlags, null);

    assertThat(FdFlags.describe(flags(pipe))).isEqualTo("PIPE|R");
    assertThat(FdFlags.describe(flags(other))).isEqualTo("OTHER|R|W");
    assertThat(FdFlags.describe(flags(socket))).isEqualTo("SOCKET|W");
    // The PosixSocket owns that descriptor: give it back before the Loopback closes it.
    runOnLoop(loop, socket::unregister);
  }

  @Test
  @DisplayName(
      "libut UT_fd_cntl: LISTENING, ACCEPTED, CONNECTING, CONNECTED, LOCALADDR and REMOTEADDR")
  void roleFlags() throws Exception {
    LoopFd listener = loop.listen("srv", "127.0.0.1:0", recordFlags, null);
    assertThat(FdFlags.describe(flags(listener))).isEqualTo("SOCKET|R|LISTENING|LOCALADDR");

    LoopFd client = loop.connect("cli", recordFlags, null, null, listener.local().toString());
    Await.until(
        "CONNECTED and NEW_ACCEPT",
        () -> seen.containsKey("cli CONNECTED") && seen.containsKey("srv NEW_ACCEPT"),
        BOUND);
    assertThat(FdFlags.describe(seen.get("cli CONNECTED")))
        .isEqualTo("SOCKET|R|CONNECTED|REMOTEADDR");
    assertThat(FdFlags.describe(seen.get("srv NEW_ACCEPT")))
        .isEqualTo("SOCKET|R|ACCEPTED|REMOTEADDR");
    assertThat(onLoop(loop, client::local)).isNotNull();
    assertThat(FdFlags.describe(flags(client)))
        .as("the local address, once asked for, is known")
        .isEqualTo("SOCKET|R|CONNECTED|LOCALADDR|REMOTEADDR");

    InetEndpoint full = peers.fullQueue("127.0.0.1");
    LoopFd pending = loop.connect("pending", recordFlags, null, "127.0.0.1:0", full.toString());
    assertThat(FdFlags.describe(flags(pending)))
        .as("a source port 0 is chosen at connect: not known yet")
        .isEqualTo("SOCKET|CONNECTING|REMOTEADDR");
  }

  @Test
  @DisplayName(
      "libut UT_fd_cntl: CLOSE_AFTER_WRITE (and dial4j's OWNER_CLOSES) are the settable flags; any"
          + " other is EINVAL and changes nothing")
  void onlyCloseAfterWriteIsSettable() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf = loop.register(p[0], "pipe", FdFlags.R, recordFlags, null);
    fds.handOver(p[0]);
    int before = flags(lf);

    for (int bit = 0; bit < 32; bit++) {
      int flag = 1 << bit;
      if (flag == FdFlags.CLOSE_AFTER_WRITE || flag == FdFlags.OWNER_CLOSES) {
        continue;
      }
      assertThatThrownBy(() -> runOnLoop(loop, () -> lf.setFlags(flag)))
          .as("setFlags(%s)", FdFlags.describe(flag))
          .cause()
          .isInstanceOf(InvalidArgumentException.class)
          .satisfies(
              e -> assertThat(((InvalidArgumentException) e).errno()).isEqualTo(Errno.EINVAL));
    }
    assertThat(flags(lf)).isEqualTo(before);
    assertThat(FdFlags.describe(FdFlags.WRITE_PENDING | 1 << 20))
        .isEqualTo("WRITE_PENDING|0x100000");

    runOnLoop(loop, () -> lf.setFlags(FdFlags.CLOSE_AFTER_WRITE));
    assertThat(lf.isOpen()).as("nothing pending: closed at once").isFalse();
  }

  /** A loop connection (CONNECTED) and its accepted peer, which reads only when told to. */
  private record Pair(LoopFd client, PosixSocket server) {}

  private Pair connectedPair() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 4);
    // A small receive window, so that the client's writes back up quickly.
    listener.setOption(Sys.SOL_SOCKET, Sys.SO_RCVBUF, 4096);
    LoopFd client =
        loop.connect("writer", recordFlags, null, null, Loopback.where(listener).toString());
    PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
    Await.until("CONNECTED", () -> seen.containsKey("writer CONNECTED"), BOUND);
    return new Pair(client, server);
  }

  /** {@code n} bytes of a pattern that shows order: byte i is i mod 251. */
  private static ByteBuffer pattern(long from, int n) {
    ByteBuffer b = ByteBuffer.allocate(n);
    for (int i = 0; i < n; i++) {
      b.put(i, (byte) ((from + i) % 251));
    }
    return b;
  }

  /** Reads {@code n} bytes on the test thread, checking the pattern. */
  private static void readPattern(PosixSocket s, long n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(64 << 10);
    long got = 0;
    while (got < n) {
      int r = s.recv(b.clear(), Deadline.after(BOUND));
      assertThat(r).as("bytes after %d of %d", got, n).isPositive();
      for (int i = 0; i < r; i++) {
        if (b.get(i) != (byte) ((got + i) % 251)) {
          throw new AssertionError("byte " + (got + i) + " out of order");
        }
      }
      got += r;
    }
  }

  @Test
  @DisplayName(
      "libut UT_fd_cntl: WRITE_PENDING while a write exceeds the socket buffer, cleared once"
          + " drained")
  void writePending() throws Exception {
    Pair pair = connectedPair();

    int afterWrite =
        onLoop(
            loop,
            () -> {
              pair.client().write(pattern(0, BIG));
              return pair.client().flags();
            });
    assertThat(afterWrite & FdFlags.WRITE_PENDING).as("a peer that does not read").isNotZero();

    readPattern(pair.server(), BIG);
    Await.until(
        "WRITE_PENDING to clear", () -> (flags(pair.client()) & FdFlags.WRITE_PENDING) == 0, BOUND);
    assertThat(onLoop(loop, pair.client()::bytesOut)).isEqualTo(BIG);
    assertThat(pair.client().isOpen()).isTrue();
  }

  @Test
  @DisplayName(
      "libut UT_fd_cntl: CLOSE_AFTER_WRITE closes after the flush: the peer reads every byte, in"
          + " order, then EOF")
  void closeAfterWrite() throws Exception {
    Pair pair = connectedPair();

    runOnLoop(
        loop,
        () -> {
          pair.client().write(pattern(0, BIG / 2));
          // Appended to what is pending: order must hold across the two writes.
          pair.client().write(pattern(BIG / 2, BIG / 2));
          pair.client().setFlags(FdFlags.CLOSE_AFTER_WRITE);
        });
    assertThat(pair.client().isOpen()).as("open while bytes are pending").isTrue();
    assertThat(flags(pair.client()) & (FdFlags.WRITE_PENDING | FdFlags.CLOSE_AFTER_WRITE))
        .isEqualTo(FdFlags.WRITE_PENDING | FdFlags.CLOSE_AFTER_WRITE);

    readPattern(pair.server(), BIG);
    assertThat(pair.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND)))
        .as("EOF after the last byte")
        .isEqualTo(-1);
    Await.until("closed", () -> !pair.client().isOpen(), BOUND);
    assertThat(leftOver(loop)).isZero();
  }

  @Test
  @DisplayName(
      "libut UT_fd_cntl: CLOSE_AFTER_WRITE with nothing pending closes at once; the peer reads EOF")
  void closeAfterWriteWithNothingPending() throws Exception {
    Pair pair = connectedPair();

    runOnLoop(
        loop,
        () -> {
          pair.client().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
          pair.client().setFlags(FdFlags.CLOSE_AFTER_WRITE);
        });

    assertThat(pair.client().isOpen()).isFalse();
    ByteBuffer b = ByteBuffer.allocate(8);
    assertThat(pair.server().recv(b, Deadline.after(BOUND))).isEqualTo(3);
    assertThat(pair.server().recv(b, Deadline.after(BOUND))).isEqualTo(-1);
    assertThat(leftOver(loop)).isZero();
  }
}
