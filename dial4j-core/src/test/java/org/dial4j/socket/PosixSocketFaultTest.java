package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.sys.Surfaced;
import org.dial4j.testing.FaultSeed;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PosixSocket} over {@link FaultySyscalls}, on real loopback connections: socket, connect,
 * send, recv, accept, poll and close failing at random (seeded, {@link FaultSeed}) or one call at a
 * time (the torture step). Every injected failure that is the caller's reaches it once with its
 * errno and operation; EINTR, and EAGAIN in a blocking call, are handled inside and never reach it;
 * no descriptor is left open (the suite's leak check); and the same socket, or a new one, works
 * once the faults stop.
 */
class PosixSocketFaultTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final int ROUNDS = 2000;
  private static final int MESSAGE = 64;

  @RegisterExtension final FaultSeed seed = new FaultSeed();

  private static byte[] message(int round) {
    byte[] b = new byte[MESSAGE];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (round * 31 + i);
    }
    return b;
  }

  /** Sends all of {@code bytes} (each send may take part). */
  private static void sendAll(PosixSocket s, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      s.send(b, Deadline.after(BOUND));
    }
  }

  /** Receives exactly {@code n} bytes. */
  private static byte[] recvAll(PosixSocket s, int n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(n);
    while (b.hasRemaining()) {
      assertThat(s.recv(b, Deadline.after(BOUND))).as("end of stream early").isNotNegative();
    }
    return b.array();
  }

  /**
   * One client's life over {@code faults}: open, connect to {@code at}, send a message, receive its
   * echo from {@code listener}'s accepted side, close. A failure is counted in {@code surfaced},
   * the faults are turned off, and the step is made again (the socket is not left broken): so every
   * round ends with a whole echo, and what was left open is closed.
   */
  private static void round(
      FaultySyscalls faults, Surfaced surfaced, PosixSocket listener, int round)
      throws IOException {
    InetEndpoint at = Loopback.where(listener);
    PosixSocket s;
    try {
      s = faults.openSocket(Family.INET, Network.SocketType.STREAM);
    } catch (IOException e) {
      assertThat(surfaced.record(e)).isNotNull();
      faults.setEnabled(false);
      s = faults.openSocket(Family.INET, Network.SocketType.STREAM);
    }
    try {
      try {
        assertThat(s.connect(at, Deadline.after(BOUND))).isEqualTo(ConnectResult.CONNECTED);
      } catch (IOException e) {
        assertThat(surfaced.record(e)).isNotNull();
        assertThat(s.state()).as("after a failed connect").isEqualTo(PosixSocket.State.OPEN);
        faults.setEnabled(false);
        assertThat(s.connect(at, Deadline.after(BOUND))).isEqualTo(ConnectResult.CONNECTED);
      }
      faults.setEnabled(true);
      try (PosixSocket server = acceptFrom(listener, s)) {
        byte[] sent = message(round);
        sendAll(s, sent);
        byte[] got = recvAll(server, MESSAGE);
        sendAll(server, got);
        assertThat(recvAll(s, MESSAGE)).isEqualTo(sent);
      }
    } finally {
      faults.setEnabled(true);
      try {
        s.close();
      } catch (IOException e) {
        assertThat(surfaced.record(e)).isNotNull();
      }
      assertThat(s.state()).isEqualTo(PosixSocket.State.CLOSED);
      assertThat(s.fd()).isEqualTo(-1);
    }
  }

  @Test
  @DisplayName(
      "socket faults: 2000 echoes with socket, connect, send, recv, poll and close failing at"
          + " random; each hard failure reaches the caller once, EINTR and EAGAIN never, the socket"
          + " works on")
  void echoesUnderRandomFaults() throws Exception {
    echoes(randomFaults(seed.value()), ROUNDS);
  }

  @Test
  @DisplayName(
      "socket faults: the same on 4 virtual threads at once (their waits parked on the poller),"
          + " 500 echoes each, each thread its own faults and listener")
  void echoesOnVirtualThreads() throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> each = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        FaultySyscalls faults = randomFaults(seed.value() + t);
        each.add(
            threads.submit(
                () -> {
                  echoes(faults, ROUNDS / 4);
                  return null;
                }));
      }
      for (Future<?> f : each) {
        f.get(BOUND.toMillis() * 6, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static FaultySyscalls randomFaults(long seed) {
    return FaultySyscalls.linux(seed)
        .fail(Call.SOCKET, 0.1)
        .fail(Call.CONNECT, 0.2, Errno.EINTR, Errno.ENOMEM, Errno.ENOBUFS)
        .fail(Call.SEND, 0.3)
        .fail(Call.RECV, 0.3)
        .fail(Call.POLL, 0.3, Errno.EINTR)
        .fail(Call.CLOSE, 0.1, Errno.EIO, Errno.EINTR);
  }

  /** {@code rounds} echoes under {@code faults}, then what must hold of what was injected. */
  private static void echoes(FaultySyscalls faults, int rounds) throws IOException {
    Surfaced surfaced = new Surfaced();
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 16);
      for (int i = 0; i < rounds; i++) {
        round(faults, surfaced, listener, i);
      }
    }
    String story = faults + " surfaced " + surfaced;
    assertThat(surfaced.stray()).as(story).isNull();
    for (Errno e : Call.SOCKET.legal()) {
      assertThat(surfaced.count(Operation.SOCKET, e))
          .as(story)
          .isEqualTo(faults.injected(Call.SOCKET, e));
    }
    for (Errno e : List.of(Errno.ENOMEM, Errno.ENOBUFS)) {
      assertThat(surfaced.count(Operation.CONNECT, e))
          .as(story)
          .isEqualTo(faults.injected(Call.CONNECT, e))
          .isPositive();
    }
    assertThat(surfaced.count(Operation.CLOSE, Errno.EIO))
        .as(story)
        .isEqualTo(faults.injected(Call.CLOSE, Errno.EIO))
        .isPositive();
    // Handled inside: injected, never thrown.
    assertThat(faults.injected(Errno.EINTR)).as(story).isPositive();
    assertThat(faults.injected(Call.CONNECT, Errno.EINTR)).as(story).isPositive();
    assertThat(faults.injected(Call.SEND, Errno.EAGAIN)).as(story).isPositive();
    assertThat(faults.injected(Call.RECV, Errno.EAGAIN)).as(story).isPositive();
    assertThat(surfaced.count(Errno.EINTR)).as(story).isZero();
    assertThat(surfaced.count(Errno.EAGAIN)).as(story).isZero();
  }

  @Test
  @DisplayName(
      "socket faults: accept failing at random; EMFILE, ENFILE, ENOMEM, ENOBUFS reach the caller"
          + " and the connection stays queued for the next accept; EINTR and EAGAIN never reach it")
  void acceptsUnderRandomFaults() throws Exception {
    FaultySyscalls faults = FaultySyscalls.linux(seed.value()).fail(Call.ACCEPT4, 0.4);
    Surfaced surfaced = new Surfaced();
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.own(faults.openSocket(Family.INET, Network.SocketType.STREAM));
      listener.bind(InetEndpoint.of(new byte[] {127, 0, 0, 1}, 0));
      listener.listen(16);
      InetEndpoint at = Loopback.where(listener);
      for (int i = 0; i < ROUNDS; i++) {
        try (PosixSocket client = PosixSocket.open(Family.INET, Network.SocketType.STREAM)) {
          client.connect(at, Deadline.after(BOUND));
          PosixSocket accepted;
          try {
            accepted = listener.accept(Deadline.after(BOUND));
          } catch (IOException e) {
            assertThat(surfaced.record(e)).isNotNull();
            faults.setEnabled(false);
            accepted = listener.accept(Deadline.after(BOUND));
            faults.setEnabled(true);
          }
          try (PosixSocket a = accepted) {
            assertThat(a.remote())
                .as("the queued connection, not a later one")
                .isEqualTo(client.local());
          }
        }
      }
    }
    String story = faults + " surfaced " + surfaced;
    assertThat(surfaced.stray()).as(story).isNull();
    for (Errno e : List.of(Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM, Errno.ENOBUFS)) {
      assertThat(surfaced.count(Operation.ACCEPT, e))
          .as(story)
          .isEqualTo(faults.injected(Call.ACCEPT4, e))
          .isPositive();
    }
    assertThat(faults.injected(Call.ACCEPT4, Errno.EINTR)).as(story).isPositive();
    assertThat(faults.injected(Call.ACCEPT4, Errno.EAGAIN)).as(story).isPositive();
    assertThat(surfaced.count(Errno.EINTR) + surfaced.count(Errno.EAGAIN)).as(story).isZero();
  }

  @Test
  @DisplayName(
      "socket faults: a non-blocking recv's EAGAIN is the caller's (and consumed nothing); poll's"
          + " ENOMEM ends a blocking call with it; the socket then works")
  void nonBlockingEagainAndPollEnomem() throws Exception {
    FaultySyscalls faults = FaultySyscalls.linux(seed.value());
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      PosixSocket s = peers.own(faults.openSocket(Family.INET, Network.SocketType.STREAM));
      s.connect(Loopback.where(listener), Deadline.after(BOUND));
      PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
      sendAll(server, message(1));

      faults.fail(Call.RECV, 1, Errno.EAGAIN);
      s.setBlocking(false);
      ByteBuffer dst = ByteBuffer.allocate(MESSAGE);
      assertThatThrownBy(() -> s.recv(dst))
          .isInstanceOfSatisfying(
              NetError.class,
              e -> {
                assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
                assertThat(e.operation()).isEqualTo(Operation.RECV);
              });
      assertThat(dst.position()).isZero();

      faults.pass(Call.RECV).fail(Call.POLL, 1, Errno.ENOMEM);
      s.setBlocking(true);
      ByteBuffer more = ByteBuffer.allocate(2 * MESSAGE); // more than is there: it must wait
      recvSome(s, more, MESSAGE);
      assertThatThrownBy(() -> s.recv(more, Deadline.after(BOUND)))
          .isInstanceOfSatisfying(
              NetError.class,
              e -> {
                assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
                assertThat(e.operation()).isEqualTo(Operation.POLL);
              });
      assertThat(faults.injected(Call.POLL, Errno.ENOMEM)).isPositive();

      faults.setEnabled(false);
      sendAll(server, message(2));
      recvSome(s, more, MESSAGE);
      assertThat(more.array()).startsWith(message(1));
    }
  }

  @Test
  @DisplayName(
      "socket faults: a poll interrupted (EINTR) with no time left looks again: finishConnect with"
          + " Deadline.NOW on a completed handshake is CONNECTED, not ETIMEDOUT")
  void interruptedPollWithNoTimeLooksAgain() throws Exception {
    FaultySyscalls faults = FaultySyscalls.linux(seed.value()).fail(Call.POLL, 0, Errno.EINTR);
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      PosixSocket s = peers.own(faults.openSocket(Family.INET, Network.SocketType.STREAM));
      s.setBlocking(false);
      assertThat(s.connect(Loopback.where(listener))).isEqualTo(ConnectResult.IN_PROGRESS);
      peers.own(acceptFrom(listener, s)); // the handshake is complete on both sides
      faults.tortureStep(1); // the next poll is interrupted before it looks
      assertThat(s.finishConnect(Deadline.NOW)).isEqualTo(ConnectResult.CONNECTED);
      assertThat(faults.injected(Call.POLL, Errno.EINTR)).isEqualTo(1);
    }
  }

  /**
   * The accepted side of {@code client}'s connection. Connections of clients that gave up earlier
   * are closed on the way: a blocking connect whose wait failed (poll's ENOMEM) leaves its
   * handshake to finish in the listener's queue, as the kernel does.
   */
  private static PosixSocket acceptFrom(PosixSocket listener, PosixSocket client)
      throws IOException {
    while (true) {
      PosixSocket a = listener.accept(Deadline.after(BOUND));
      if (a.remote().equals(client.local())) {
        return a;
      }
      a.close();
    }
  }

  /** Receives until {@code dst} holds {@code n} more bytes. */
  private static void recvSome(PosixSocket s, ByteBuffer dst, int n) throws IOException {
    int want = dst.position() + n;
    while (dst.position() < want) {
      s.recv(dst.limit(want), Deadline.after(BOUND));
    }
    dst.limit(dst.capacity());
  }

  @Test
  @DisplayName(
      "socket faults, torture: an echo run once per system call it makes, each run failing the"
          + " next one; EINTR and EAGAIN leave each whole, a hard failure ends it with exactly the"
          + " injected errno; a clean run follows each")
  void tortureEachCall() throws Exception {
    torture(
        FaultySyscalls.linux(seed.value())
            .fail(Call.CONNECT, 0, Errno.EINTR)
            .fail(Call.SEND, 0, Errno.EINTR)
            .fail(Call.RECV, 0, Errno.EAGAIN)
            .fail(Call.POLL, 0, Errno.EINTR)
            .fail(Call.CLOSE, 0, Errno.EINTR),
        List.of());
    torture(
        FaultySyscalls.linux(seed.value())
            .fail(Call.SOCKET, 0, Errno.EMFILE)
            .fail(Call.CONNECT, 0, Errno.ENOBUFS)
            .fail(Call.SEND, 0, Errno.EAGAIN)
            .fail(Call.RECV, 0, Errno.EINTR)
            .fail(Call.POLL, 0, Errno.ENOMEM)
            .fail(Call.CLOSE, 0, Errno.EIO),
        List.of(Errno.EMFILE, Errno.ENOBUFS, Errno.ENOMEM, Errno.EIO));
  }

  /**
   * Runs an echo once to count its calls, then once per call failing it: each run is whole or
   * throws one of {@code mayThrow}, injected in that run; a clean echo follows each.
   */
  private static void torture(FaultySyscalls faults, List<Errno> mayThrow) throws Exception {
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 16);
      faults.tortureStep(0);
      echoOnce(faults, listener, new ArrayList<>());
      long steps = faults.eligibleCalls();
      assertThat(steps).as("calls of one echo").isGreaterThanOrEqualTo(5);
      for (long n = 1; n <= steps; n++) {
        faults.tortureStep(n);
        long before = faults.injected();
        List<Errno> thrown = new ArrayList<>();
        echoOnce(faults, listener, thrown);
        String story = "step " + n + " of " + steps + ": " + faults + " thrown " + thrown;
        assertThat(faults.injected() - before).as(story).isLessThanOrEqualTo(1);
        assertThat(thrown).as(story).hasSizeLessThanOrEqualTo(1);
        for (Errno e : thrown) {
          assertThat(e).as(story).isIn(mayThrow);
          assertThat(faults.injected() - before).as(story).isEqualTo(1);
          assertThat(faults.injected(e)).as(story).isPositive();
        }
        faults.setEnabled(false);
        echoOnce(faults, listener, thrown);
        assertThat(thrown).as(story).hasSizeLessThanOrEqualTo(1);
        faults.setEnabled(true);
      }
      assertThat(faults.injected()).as(faults.toString()).isGreaterThanOrEqualTo(steps / 2);
    }
  }

  /** One echo; what it threw (a NetError's errno) goes to {@code thrown}; closes what it made. */
  private static void echoOnce(FaultySyscalls faults, PosixSocket listener, List<Errno> thrown)
      throws IOException {
    PosixSocket s;
    try {
      s = faults.openSocket(Family.INET, Network.SocketType.STREAM);
    } catch (IOException e) {
      thrown.add(((NetError) e).errno());
      return;
    }
    try {
      s.connect(Loopback.where(listener), Deadline.after(BOUND));
      try (PosixSocket server = acceptFrom(listener, s)) {
        sendAll(s, message(7));
        sendAll(server, recvAll(server, MESSAGE));
        assertThat(recvAll(s, MESSAGE)).isEqualTo(message(7));
      }
    } catch (IOException e) {
      thrown.add(((NetError) e).errno());
    } finally {
      try {
        s.close();
      } catch (IOException e) {
        thrown.add(((NetError) e).errno());
      }
    }
  }
}
