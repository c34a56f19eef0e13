package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.sys.Surfaced;
import org.dial4j.testing.Await;
import org.dial4j.testing.FaultSeed;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link Dialer} (blocking and future faces) and the {@link Connection}s it makes, on a loop
 * over {@link FaultySyscalls}, dialing an echo server on a loop of its own over the real calls:
 * socket, connect, epoll_ctl, epoll_wait, recv, send and close failing at random (seeded, {@link
 * FaultSeed}) or one at a time. Every dial ends within its bound, connected or with the errno that
 * was injected, once; no EINTR or EAGAIN reaches a caller; every echo that starts comes back whole;
 * the loop ends with no registration, timer or dial in progress, and dials on once the faults stop.
 */
class DialerFaultTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final int MESSAGE = 100;

  @RegisterExtension final FaultSeed seed = new FaultSeed();

  /**
   * An echo server on {@code server}: what each accepted connection sends comes back; its end of
   * stream (or a reset) closes it. Returns its address.
   */
  static String echo(EventLoop server) throws IOException {
    LoopFd l =
        server.listen(
            "echo",
            "127.0.0.1:0",
            (fd, name, status, data) -> {
              if ((status & Status.READABLE) == 0) {
                return;
              }
              ByteBuffer b = ByteBuffer.allocate(64 * 1024);
              try {
                if (fd.read(b) < 0) {
                  fd.close();
                } else if (b.position() > 0) {
                  fd.write(b.flip());
                }
              } catch (IOException e) {
                fd.close();
              }
            },
            null);
    return l.local().toString();
  }

  /** The random faults of a dial and its connection's life (poll: a platform thread's waits). */
  private static FaultySyscalls faults(long seed) {
    return FaultySyscalls.linux(seed)
        .fail(Call.POLL, 0.3, Errno.EINTR)
        .fail(Call.SOCKET, 0.05)
        .fail(Call.CONNECT, 0.15, Errno.EINTR, Errno.ENOMEM, Errno.ENOBUFS)
        .fail(Call.EPOLL_CTL, 0.05)
        .fail(Call.EPOLL_WAIT, 0.3)
        .fail(Call.RECV, 0.3)
        .fail(Call.SEND, 0.3)
        .fail(Call.CLOSE, 0.1);
  }

  private static byte[] message(int i) {
    byte[] b = new byte[MESSAGE];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) (i + k);
    }
    return b;
  }

  /** An echo over {@code c} and its graceful close; both must succeed. */
  private static void echoAndClose(Connection c, int i) throws IOException {
    try {
      c.send(message(i), Deadline.after(BOUND));
      assertThat(c.recv(MESSAGE, Deadline.after(BOUND))).isEqualTo(message(i));
      c.close(Deadline.after(BOUND));
    } finally {
      c.close();
    }
    assertThat(c.isOpen()).isFalse();
  }

  private static int leftOver(EventLoop loop) {
    try {
      return loop.submit(() -> loop.registeredCount() + loop.timerCount())
          .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("cannot count what " + loop + " holds", e);
    }
  }

  /**
   * What every run ends with: nothing left on the loop or in progress, a clean dial and echo once
   * the faults stop, and each injected failure thrown once with its errno, EINTR and EAGAIN never.
   */
  private static void assertClean(
      FaultySyscalls faults, Surfaced surfaced, Dialer dialer, EventLoop loop, String to)
      throws IOException {
    String story = faults + " surfaced " + surfaced;
    Await.until("the dials to end", () -> dialer.inProgress() == 0, BOUND);
    Await.until("the faulty loop to hold nothing", () -> leftOver(loop) == 0, BOUND);
    faults.setEnabled(false);
    echoAndClose(dialer.dial(to, Deadline.after(BOUND)), 0);
    assertThat(leftOver(loop)).isZero();

    assertThat(surfaced.stray()).as(story).isNull();
    for (Errno e : List.of(Errno.EMFILE, Errno.ENFILE)) {
      assertThat(surfaced.count(Operation.SOCKET, e))
          .as(story)
          .isEqualTo(faults.injected(Call.SOCKET, e));
    }
    assertThat(surfaced.count(Errno.ENOMEM))
        .as(story)
        .isEqualTo(
            faults.injected(Call.SOCKET, Errno.ENOMEM)
                + faults.injected(Call.CONNECT, Errno.ENOMEM)
                + faults.injected(Call.EPOLL_CTL, Errno.ENOMEM));
    assertThat(surfaced.count(Errno.ENOBUFS))
        .as(story)
        .isEqualTo(
            faults.injected(Call.SOCKET, Errno.ENOBUFS)
                + faults.injected(Call.CONNECT, Errno.ENOBUFS));
    assertThat(surfaced.count(Errno.ENOSPC))
        .as(story)
        .isEqualTo(faults.injected(Call.EPOLL_CTL, Errno.ENOSPC));
    assertThat(faults.injected(Call.SOCKET) + faults.injected(Call.EPOLL_CTL))
        .as(story)
        .isPositive();
    assertThat(faults.injected(Call.CONNECT, Errno.ENOBUFS)).as(story).isPositive();
    for (Call c : List.of(Call.CONNECT, Call.EPOLL_WAIT, Call.RECV, Call.SEND, Call.CLOSE)) {
      assertThat(faults.injected(c)).as(story + " " + c).isPositive();
    }
    assertThat(surfaced.count(Errno.EINTR) + surfaced.count(Errno.EAGAIN)).as(story).isZero();
  }

  @Test
  @DisplayName(
      "dialer faults: 1500 blocking dials and echoes with socket, connect, epoll_ctl, epoll_wait,"
          + " recv, send and close failing at random; each failure thrown once with its errno,"
          + " EINTR and EAGAIN never; nothing left on the loop, and it dials on")
  void blockingDialsUnderRandomFaults() throws Exception {
    FaultySyscalls faults = faults(seed.value());
    blockingDials(faults, 1500);
    // This platform thread's connections waited in poll(2), and their poll was interrupted too.
    assertThat(faults.injected(Call.POLL, Errno.EINTR)).as(faults.toString()).isPositive();
  }

  @Test
  @DisplayName(
      "dialer faults: the same on 4 virtual threads at once (their connections' waits parked on"
          + " the loop), 300 dials each, each thread its own faults and loop")
  void blockingDialsOnVirtualThreads() throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> each = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        FaultySyscalls faults = faults(seed.value() + t);
        each.add(
            threads.submit(
                () -> {
                  blockingDials(faults, 300);
                  return null;
                }));
      }
      for (Future<?> f : each) {
        f.get(BOUND.toMillis() * 6, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** {@code n} blocking dials and echoes under {@code faults}, then {@link #assertClean}. */
  private static void blockingDials(FaultySyscalls faults, int n) throws Exception {
    Surfaced surfaced = new Surfaced();
    try (EventLoop server = EventLoop.start("echo");
        EventLoop loop = faults.setEnabled(false).loopBuilder().name("faulty").build().start()) {
      faults.setEnabled(true);
      String to = echo(server);
      Dialer dialer = Dialer.builder().loop(loop).build();
      for (int i = 0; i < n; i++) {
        Connection c;
        try {
          c = dialer.dial(to, Deadline.after(BOUND));
        } catch (IOException e) {
          assertThat(surfaced.record(e)).isNotNull();
          continue;
        }
        echoAndClose(c, i);
      }
      assertClean(faults, surfaced, dialer, loop, to);
    }
  }

  @Test
  @DisplayName(
      "dialer faults: 1500 dials through the future face, 20 at a time, under the same faults;"
          + " every future completes within its bound, with a connection or the injected errno")
  void asyncDialsUnderRandomFaults() throws Exception {
    FaultySyscalls faults = faults(seed.value());
    Surfaced surfaced = new Surfaced();
    try (EventLoop server = EventLoop.start("echo");
        EventLoop loop = faults.setEnabled(false).loopBuilder().name("faulty").build().start()) {
      faults.setEnabled(true);
      String to = echo(server);
      Dialer dialer = Dialer.builder().loop(loop).build();
      for (int batch = 0; batch < 75; batch++) {
        List<CompletableFuture<Connection>> dials = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          dials.add(dialer.dialAsync(to, Deadline.after(BOUND)));
        }
        for (int i = 0; i < dials.size(); i++) {
          Connection c;
          try {
            c = dials.get(i).get(2 * BOUND.toMillis(), TimeUnit.MILLISECONDS);
          } catch (ExecutionException e) {
            assertThat(surfaced.record(e)).isNotNull();
            continue;
          }
          echoAndClose(c, i);
        }
      }
      assertClean(faults, surfaced, dialer, loop, to);
    }
  }

  @Test
  @DisplayName(
      "connection faults: 2 MB each way through one connection whose every other recv and send"
          + " is EINTR or EAGAIN arrives whole and in order")
  void bulkThroughEintrAndEagain() throws Exception {
    FaultySyscalls faults =
        FaultySyscalls.linux(seed.value())
            .fail(Call.RECV, 0.5)
            .fail(Call.SEND, 0.5)
            .fail(Call.EPOLL_WAIT, 0.3);
    try (EventLoop server = EventLoop.start("echo");
        EventLoop loop = faults.loopBuilder().name("faulty").build().start()) {
      String to = echo(server);
      Connection c = Dialer.builder().loop(loop).build().dial(to, Deadline.after(BOUND));
      int total = 2 << 20;
      byte[] sent = new byte[total];
      new Random(seed.value()).nextBytes(sent);
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int off = 0; off < total; off += 64 * 1024) {
                    c.send(ByteBuffer.wrap(sent, off, 64 * 1024), Deadline.after(BOUND));
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      byte[] got = new byte[total];
      for (int off = 0; off < total; off += 16 * 1024) { // in slices: many recv calls
        c.recv(ByteBuffer.wrap(got, off, 16 * 1024), Deadline.after(BOUND));
      }
      sending.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(got).isEqualTo(sent);
      c.close(Deadline.after(BOUND));
      for (Errno e : List.of(Errno.EINTR, Errno.EAGAIN)) {
        assertThat(faults.injected(Call.RECV, e) + faults.injected(Call.SEND, e))
            .as(faults.toString())
            .isPositive();
      }
      assertThat(faults.injected(Call.RECV)).as(faults.toString()).isGreaterThanOrEqualTo(10);
      Await.until("the faulty loop to hold nothing", () -> leftOver(loop) == 0, BOUND);
    }
  }

  @Test
  @DisplayName(
      "dialer faults, torture: a dial, an echo and a close once per system call they make, each"
          + " run failing the next one; EINTR and EAGAIN leave each whole, a hard failure ends it"
          + " with exactly the injected errno")
  void tortureEachCall() throws Exception {
    torture(
        FaultySyscalls.linux(seed.value())
            .fail(Call.CONNECT, 0, Errno.EINTR)
            .fail(Call.RECV, 0, Errno.EAGAIN)
            .fail(Call.SEND, 0, Errno.EINTR)
            .fail(Call.EPOLL_WAIT, 0)
            .fail(Call.CLOSE, 0, Errno.EINTR),
        List.of());
    torture(
        FaultySyscalls.linux(seed.value())
            .fail(Call.SOCKET, 0, Errno.EMFILE)
            .fail(Call.CONNECT, 0, Errno.ENOBUFS)
            .fail(Call.EPOLL_CTL, 0, Errno.ENOSPC)
            .fail(Call.RECV, 0, Errno.EINTR)
            .fail(Call.SEND, 0, Errno.EAGAIN)
            .fail(Call.CLOSE, 0, Errno.EIO),
        List.of(Errno.EMFILE, Errno.ENOBUFS, Errno.ENOSPC));
  }

  /**
   * Runs a dial, an echo and a close once to count its calls, then once per call failing it: each
   * run is whole or throws one of {@code mayThrow}, injected in that run.
   */
  private static void torture(FaultySyscalls faults, List<Errno> mayThrow) throws Exception {
    try (EventLoop server = EventLoop.start("echo");
        EventLoop loop = faults.setEnabled(false).loopBuilder().name("faulty").build().start()) {
      faults.setEnabled(true);
      String to = echo(server);
      Dialer dialer = Dialer.builder().loop(loop).build();
      faults.tortureStep(0);
      echoAndClose(dialer.dial(to, Deadline.after(BOUND)), 1);
      long steps = faults.eligibleCalls();
      assertThat(steps).as("calls of one dial and echo").isGreaterThanOrEqualTo(6);
      for (long n = 1; n <= steps; n++) {
        faults.tortureStep(n);
        long before = faults.injected();
        String story = "step " + n + " of " + steps;
        try {
          echoAndClose(dialer.dial(to, Deadline.after(BOUND)), (int) n);
        } catch (IOException e) {
          Errno errno = new Surfaced().record(e);
          assertThat(errno).as(story + ": " + e).isIn(mayThrow);
          assertThat(faults.injected() - before).as(story + " " + faults).isEqualTo(1);
          assertThat(faults.injected(errno)).as(story + " " + faults).isPositive();
        }
        assertThat(faults.injected() - before).as(story).isLessThanOrEqualTo(1);
        Await.until("the faulty loop to hold nothing", () -> leftOver(loop) == 0, BOUND);
      }
      assertThat(faults.injected()).as(faults.toString()).isGreaterThanOrEqualTo(steps / 2);
    }
  }

  @Test
  @DisplayName(
      "connection faults: a platform thread's wait whose poll(2) fails (ENOMEM) ends the call with"
          + " it, operation poll, and breaks that direction alone (libdill's sticky error)")
  void pollFailureBreaksOneSide() throws Exception {
    FaultySyscalls faults = FaultySyscalls.linux(seed.value());
    try (EventLoop server = EventLoop.start("echo");
        EventLoop loop = faults.loopBuilder().name("faulty").build().start()) {
      Connection c = Dialer.builder().loop(loop).build().dial(echo(server), Deadline.after(BOUND));
      try (c) {
        faults.fail(Call.POLL, 1, Errno.ENOMEM);
        NetError e = (NetError) catchThrowable(() -> c.recv(MESSAGE, Deadline.after(BOUND)));
        assertThat(e.errno()).isEqualTo(Errno.ENOMEM);
        assertThat(e.operation()).isEqualTo(Operation.POLL);
        faults.setEnabled(false);
        c.send(message(3), Deadline.after(BOUND));
        NetError later = (NetError) catchThrowable(() -> c.recv(MESSAGE, Deadline.after(BOUND)));
        assertThat(later.errno()).isEqualTo(Errno.ECONNRESET);
        assertThat(later.detail()).hasValueSatisfying(d -> assertThat(d).contains("ENOMEM"));
      }
    }
  }
}
