package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.socket.Loopback.where;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.testing.Await;
import org.dial4j.testing.ForkedJvm;
import org.dial4j.testing.ProcessRunner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A blocking PosixSocket call on a virtual thread parks it (so its carrier runs other virtual
 * threads) and still ends exactly as on a platform thread: with the data, ECANCELED when another
 * thread closes the socket, EINTR when interrupted, ETIMEDOUT at the deadline.
 */
class VirtualThreadWaitTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Two carriers and no more: a pinned carrier is not replaced. */
  private static final List<String> TWO_CARRIERS =
      List.of(
          "-Djdk.virtualThreadScheduler.parallelism=2",
          "-Djdk.virtualThreadScheduler.maxPoolSize=2");

  @Test
  @DisplayName(
      "2 carriers: 4 virtual threads blocked in recv on silent peers leave another virtual thread"
          + " free to run")
  void blockedReadersLeaveTheCarriersFree() {
    ProcessRunner.Result r =
        ForkedJvm.run(
            Duration.ofSeconds(60), TWO_CARRIERS, VirtualReaders.class, "readers", "4", "10");
    assertThat(r.output()).startsWith("OK ");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  @DisplayName(
      "The poller is made lazily, by a virtual thread's first wait, once: two threads, two epoll"
          + " descriptors")
  void pollerIsMadeOnceLazily() {
    ProcessRunner.Result r =
        ForkedJvm.run(Duration.ofSeconds(60), TWO_CARRIERS, VirtualReaders.class, "lazy", "10");
    assertThat(r.output())
        .startsWith("OK poller threads 2, epoll descriptors +2, unchanged after 50 waits");
    assertThat(r.exitCode()).isZero();
  }

  /** Runs {@code call} on a new virtual thread; the future gets its failure (null: none). */
  private static CompletableFuture<NetError> onVirtualThread(Thread[] thread, Errnos.Call call) {
    CompletableFuture<NetError> outcome = new CompletableFuture<>();
    thread[0] =
        Thread.ofVirtual()
            .name("waiter")
            .start(
                () -> {
                  try {
                    call.run();
                    outcome.complete(null);
                  } catch (IOException e) {
                    if (e instanceof NetError ne) {
                      outcome.complete(ne);
                    } else {
                      outcome.completeExceptionally(e);
                    }
                  } catch (RuntimeException e) {
                    outcome.completeExceptionally(e);
                  }
                });
    return outcome;
  }

  /** Waits until {@code t} is parked (not running and not pinned in a system call). */
  private static void awaitParked(Thread t) {
    Await.until(
        t.getName() + " to park",
        () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING,
        BOUND);
  }

  /**
   * Reads and discards what {@code s} receives, without blocking, until {@code done} completes (a
   * writer woken by the room this makes).
   */
  private static void drainUntil(PosixSocket s, CompletableFuture<?> done) {
    ByteBuffer drain = ByteBuffer.allocate(1 << 20);
    Await.until(
        "the waiting writer to be done",
        () -> {
          try {
            s.recv(drain.clear(), Deadline.NOW);
          } catch (IOException nothingNow) {
            // EAGAIN: all read; the writer's own bytes, if any, may still come.
          }
          return done.isDone();
        },
        BOUND);
  }

  /**
   * As {@link #awaitParked}, or ended: a writer that found room at once (late ACKs can free some of
   * a send buffer just filled) need not park.
   */
  private static void awaitParkedOrEnded(Thread t) {
    Await.until(
        t.getName() + " to park or end",
        () ->
            switch (t.getState()) {
              case WAITING, TIMED_WAITING, TERMINATED -> true;
              default -> false;
            },
        BOUND);
  }

  private static PosixSocket[] pair(Loopback lo) throws IOException {
    PosixSocket l = lo.listener("127.0.0.1", 4);
    PosixSocket c = lo.tcp(Family.INET);
    c.connect(where(l), Deadline.after(BOUND));
    return new PosixSocket[] {c, lo.own(l.accept(Deadline.after(BOUND)))};
  }

  @Test
  @DisplayName("recv on a virtual thread parks, and returns the data when it comes")
  void recvParksThenReads() throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = pair(lo);
      ByteBuffer b = ByteBuffer.allocate(8);
      Thread[] t = new Thread[1];
      CompletableFuture<NetError> outcome = onVirtualThread(t, () -> p[0].recv(b, Deadline.NEVER));
      Await.until("the reader to wait in recv", () -> VirtualReaders.inRecv(t[0]), BOUND);
      awaitParked(t[0]);
      p[1].send(ByteBuffer.wrap(new byte[] {5, 6}), Deadline.after(BOUND));
      assertThat(outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
      assertThat(b.position()).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("close() from another thread ends a virtual thread's recv with ECANCELED")
  void closeCancelsAVirtualThreadsRecv() throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = pair(lo);
      Thread[] t = new Thread[1];
      CompletableFuture<NetError> outcome =
          onVirtualThread(t, () -> p[0].recv(ByteBuffer.allocate(8), Deadline.NEVER));
      Await.until("the reader to wait in recv", () -> VirtualReaders.inRecv(t[0]), BOUND);
      awaitParked(t[0]);
      p[0].close();
      NetError e = outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(e.errno()).isEqualTo(Errno.ECANCELED);
      assertThat(e.detail()).contains("the socket was closed while waiting");
      assertThat(t[0].join(BOUND)).isTrue();
    }
  }

  @Test
  @DisplayName(
      "close() from another thread ends a virtual thread's blocking connect with ECANCELED")
  void closeCancelsAVirtualThreadsConnect() throws Exception {
    try (Loopback lo = new Loopback()) {
      InetEndpoint stuck = lo.fullQueue("127.0.0.1");
      PosixSocket s = PosixSocket.open(Family.INET, Network.SocketType.STREAM);
      Thread[] t = new Thread[1];
      CompletableFuture<NetError> outcome =
          onVirtualThread(t, () -> s.connect(stuck, Deadline.NEVER));
      Await.until(
          "the connect to be pending", () -> s.state() == PosixSocket.State.CONNECTING, BOUND);
      awaitParked(t[0]);
      s.close();
      NetError e = outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(e.errno()).isEqualTo(Errno.ECANCELED);
      assertThat(t[0].join(BOUND)).isTrue();
    }
  }

  @Test
  @DisplayName(
      "Thread.interrupt() ends a virtual thread's recv with EINTR and keeps the interrupt status")
  void interruptEndsAVirtualThreadsRecv() throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = pair(lo);
      CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
      Thread[] t = new Thread[1];
      CompletableFuture<NetError> outcome =
          onVirtualThread(
              t,
              () -> {
                try {
                  p[0].recv(ByteBuffer.allocate(8), Deadline.NEVER);
                } finally {
                  stillInterrupted.complete(Thread.currentThread().isInterrupted());
                }
              });
      Await.until("the reader to wait in recv", () -> VirtualReaders.inRecv(t[0]), BOUND);
      awaitParked(t[0]);
      t[0].interrupt();
      NetError e = outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(e.errno()).isEqualTo(Errno.EINTR);
      assertThat(e.detail()).contains("interrupted while waiting");
      assertThat(stillInterrupted.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // The socket is still usable.
      p[1].send(ByteBuffer.wrap(new byte[] {1}), Deadline.after(BOUND));
      assertThat(p[0].recv(ByteBuffer.allocate(8), Deadline.after(BOUND))).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("A deadline ends a virtual thread's recv with ETIMEDOUT, not before it")
  void deadlineEndsAVirtualThreadsRecv() throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = pair(lo);
      Duration wait = Duration.ofMillis(300);
      long[] took = new long[1];
      Thread[] t = new Thread[1];
      CompletableFuture<NetError> outcome =
          onVirtualThread(
              t,
              () -> {
                long start = System.nanoTime();
                try {
                  p[0].recv(ByteBuffer.allocate(8), Deadline.after(wait));
                } finally {
                  took[0] = System.nanoTime() - start;
                }
              });
      NetError e = outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT);
      assertThat(e.detail()).contains("deadline passed");
      assertThat(Duration.ofNanos(took[0])).isGreaterThanOrEqualTo(wait);
    }
  }

  @Test
  @DisplayName("accept and awaitWritable on virtual threads: parked, then done")
  void acceptAndAwaitWritable() throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket l = lo.listener("127.0.0.1", 4);
      PosixSocket[] accepted = new PosixSocket[1];
      Thread[] t = new Thread[1];
      CompletableFuture<NetError> outcome =
          onVirtualThread(t, () -> accepted[0] = l.accept(Deadline.NEVER));
      awaitParked(t[0]);
      PosixSocket c = lo.tcp(Family.INET);
      c.connect(where(l), Deadline.after(BOUND));
      assertThat(outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
      lo.own(accepted[0]);
      assertThat(accepted[0].remote()).isEqualTo(c.local());

      // Fill the send buffer, then wait for room on a virtual thread while the peer drains it.
      c.setBlocking(false);
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
      try {
        while (true) {
          c.send(chunk.clear());
        }
      } catch (IOException full) {
        assertThat(((NetError) full).errno()).isEqualTo(Errno.EAGAIN);
      }
      CompletableFuture<Boolean> writable = new CompletableFuture<>();
      Thread w =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      writable.complete(c.awaitWritable(Deadline.NEVER));
                    } catch (IOException e) {
                      writable.completeExceptionally(e);
                    }
                  });
      awaitParkedOrEnded(w);
      drainUntil(accepted[0], writable);
      assertThat(writable.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  @DisplayName("Two virtual threads in recv on one socket: both are served")
  void twoReadersOnOneSocket() throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = pair(lo);
      Thread[] a = new Thread[1];
      Thread[] b = new Thread[1];
      CompletableFuture<NetError> first =
          onVirtualThread(a, () -> p[0].recv(ByteBuffer.allocate(1), Deadline.after(BOUND)));
      CompletableFuture<NetError> second =
          onVirtualThread(b, () -> p[0].recv(ByteBuffer.allocate(1), Deadline.after(BOUND)));
      Await.until(
          "both readers to wait in recv",
          () -> VirtualReaders.inRecv(a[0]) && VirtualReaders.inRecv(b[0]),
          BOUND);
      p[1].send(ByteBuffer.wrap(new byte[] {1, 2}), Deadline.after(BOUND));
      assertThat(first.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
      assertThat(second.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  @DisplayName("A reader and a writer on one socket, both virtual and both waiting: each is served")
  void readerAndWriterOnOneSocket() throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket[] p = pair(lo);
      Thread[] r = new Thread[1];
      CompletableFuture<NetError> read =
          onVirtualThread(r, () -> p[0].recv(ByteBuffer.allocate(1), Deadline.after(BOUND)));
      awaitParked(r[0]);
      p[0].setBlocking(false);
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
      try {
        while (true) {
          p[0].send(chunk.clear());
        }
      } catch (IOException full) {
        assertThat(((NetError) full).errno()).isEqualTo(Errno.EAGAIN);
      }
      Thread[] w = new Thread[1];
      CompletableFuture<NetError> write =
          onVirtualThread(w, () -> p[0].send(ByteBuffer.allocate(1), Deadline.after(BOUND)));
      awaitParkedOrEnded(w[0]);
      p[1].send(ByteBuffer.wrap(new byte[] {1}), Deadline.after(BOUND));
      assertThat(read.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
      drainUntil(p[1], write);
      assertThat(write.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isNull();
    }
  }
}
