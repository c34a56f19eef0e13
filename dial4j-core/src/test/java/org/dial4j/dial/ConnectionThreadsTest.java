package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.dial4j.dial.ConnectionTest.ascii;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.socket.Errnos.failure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Deadline;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.FdInfo;
import org.dial4j.loop.LoopBackends;
import org.dial4j.loop.LoopFd;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.ForwardingSyscalls;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.dial4j.testing.AllowBlockingCalls;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Connection} does across threads: libdill's cancellation (a canceled coroutine's
 * call ends ECANCELED) as interruption, EBUSY for a direction already in use, virtual threads that
 * park without pinning, the loop closing under a waiting call, and the loop's view of it.
 */
class ConnectionThreadsTest {
  private static final java.time.Duration BOUND = Connections.BOUND;

  private Connections conns;

  @BeforeEach
  void start() throws IOException {
    conns = new Connections("connection-threads");
  }

  @AfterEach
  void stop() throws Exception {
    conns.close();
  }

  /** Runs {@code call} in a new platform thread; the future holds what it threw (or null). */
  private static CompletableFuture<Throwable> inThread(
      org.dial4j.socket.Errnos.Call call, Thread[] started) {
    CompletableFuture<Throwable> f = new CompletableFuture<>();
    Thread t =
        Thread.ofPlatform()
            .name("conn-caller")
            .start(
                () -> {
                  try {
                    call.run();
                    f.complete(null);
                  } catch (Throwable e) {
                    f.complete(e);
                  }
                });
    started[0] = t;
    return f;
  }

  private static void awaitParked(Thread t) {
    Await.untilWaiting(t, BOUND);
  }

  private static Errno errnoOfResult(CompletableFuture<Throwable> f) throws Exception {
    Throwable e = f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e).isInstanceOf(NetError.class);
    return ((NetError) e).errno();
  }

  @Test
  @DisplayName(
      "libdill tests/tcp.c client2: tcp_close of a canceled coroutine is ECANCELED (here: an"
          + " interrupted thread); the descriptor is released")
  @SuppressWarnings("Finally") // the AssertionError is to replace close's error: the test fails
  void interruptedClose() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Thread[] t = new Thread[1];
    CompletableFuture<Throwable> closing =
        inThread(
            () -> {
              try {
                p.client().close(Deadline.NEVER);
              } finally {
                if (!Thread.currentThread().isInterrupted()) {
                  throw new AssertionError("the interrupt status was cleared");
                }
              }
            },
            t);
    awaitParked(t[0]);
    // The peer saw the FIN that tcp_close starts with, and never closes.
    assertThat(p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);
    t[0].interrupt();
    Throwable e = closing.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(((NetError) e).errno()).isEqualTo(Errno.ECANCELED);
    assertThat(((NetError) e).operation()).isEqualTo(Operation.CLOSE);
    assertThat(p.client().isOpen()).isFalse();
  }

  @Test
  @DisplayName(
      "libdill brecv(3) ECANCELED: an interrupted brecv fails ECANCELED and breaks the receive side"
          + " (next: ECONNRESET)")
  void interruptedRecv() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Thread[] t = new Thread[1];
    CompletableFuture<Throwable> recv = inThread(() -> p.client().recv(1, Deadline.NEVER), t);
    awaitParked(t[0]);
    t[0].interrupt();
    assertThat(errnoOfResult(recv)).isEqualTo(Errno.ECANCELED);
    p.server().send(ByteBuffer.wrap(ascii("x")));
    assertThat(errnoOf(() -> p.client().recv(1, Deadline.after(BOUND))))
        .isEqualTo(Errno.ECONNRESET);
  }

  @Test
  @DisplayName(
      "libdill bsock (one coroutine per direction): a second concurrent brecv gets EBUSY, the first"
          + " is unharmed; a send meanwhile works")
  void concurrentRecvIsBusy() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Thread[] t = new Thread[1];
    CompletableFuture<byte[]> first = new CompletableFuture<>();
    var _ = inThread(() -> first.complete(p.client().recv(2, Deadline.after(BOUND))), t);
    awaitParked(t[0]);
    NetError busy = failure(() -> p.client().recv(1, Deadline.after(BOUND)));
    assertThat(busy.errno()).isEqualTo(Errno.EBUSY);
    assertThat(errnoOf(() -> p.client().read(ByteBuffer.allocate(1), Deadline.NOW)))
        .isEqualTo(Errno.EBUSY);
    p.client().send(ascii("s"), Deadline.after(BOUND)); // the other direction is free
    assertThat(ConnectionTest.readExactly(p.server(), 1)).isEqualTo(ascii("s"));
    p.server().send(ByteBuffer.wrap(ascii("ok")));
    assertThat(first.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ascii("ok"));
    p.server().send(ByteBuffer.wrap(ascii("!")));
    assertThat(p.client().recv(1, Deadline.after(BOUND)))
        .as("EBUSY broke nothing")
        .isEqualTo(ascii("!"));
  }

  @Test
  @DisplayName(
      "libdill coroutines park in brecv: more blocked virtual-thread recvs than carriers, and"
          + " another virtual thread still runs")
  void virtualThreadsDoNotPin() throws Exception {
    int carriers = Runtime.getRuntime().availableProcessors();
    int n = carriers * 2 + 2;
    PosixSocket listener = conns.peers.listener("127.0.0.1", n);
    List<Connections.Pair> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pairs.add(conns.connect(listener));
    }
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<byte[]>> got = new ArrayList<>();
    for (Connections.Pair p : pairs) {
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      got.add(f);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      f.complete(p.client().recv(1, Deadline.after(BOUND.multipliedBy(2))));
                    } catch (Throwable e) {
                      f.completeExceptionally(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      awaitParked(t);
    }
    CompletableFuture<String> other = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> other.complete("ran"));
    assertThat(other.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("ran");
    for (int i = 0; i < n; i++) {
      pairs.get(i).server().send(ByteBuffer.wrap(new byte[] {(byte) i}));
    }
    for (int i = 0; i < n; i++) {
      assertThat(got.get(i).get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).containsExactly((byte) i);
    }
  }

  @Test
  @DisplayName(
      "libdill bsend(3) ECONNRESET: a bsend waiting for room ends ECONNRESET as soon as the peer"
          + " resets, not at its deadline")
  void resetWakesWaitingSend() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Thread[] t = new Thread[1];
    CompletableFuture<Throwable> send =
        inThread(
            () ->
                p.client()
                    .send(new byte[64 << 20], Deadline.after(java.time.Duration.ofMinutes(1))),
            t);
    awaitParked(t[0]);
    p.server().abort();
    assertThat(errnoOfResult(send)).isEqualTo(Errno.ECONNRESET);
    assertThat(errnoOf(() -> p.client().send(ascii("x"), Deadline.NOW)))
        .isEqualTo(Errno.ECONNRESET);
  }

  @Test
  @DisplayName(
      "libdill hclose of a handle a coroutine waits on: close() from another thread ends the"
          + " waiting brecv with ECANCELED")
  void closeWakesWaiter() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Thread[] t = new Thread[1];
    CompletableFuture<Throwable> recv = inThread(() -> p.client().recv(1, Deadline.NEVER), t);
    awaitParked(t[0]);
    p.client().close();
    assertThat(errnoOfResult(recv)).isEqualTo(Errno.ECANCELED);
    assertThat(p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND)))
        .as("EOF")
        .isEqualTo(-1);
  }

  @Test
  @DisplayName(
      "libdill ECANCELED when the scheduler goes away: the loop closing ends a blocked brecv with"
          + " ECANCELED; the descriptor stays the connection's")
  void loopCloseWakesRecv() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Thread[] t = new Thread[1];
    CompletableFuture<Throwable> recv = inThread(() -> p.client().recv(1, Deadline.NEVER), t);
    awaitParked(t[0]);
    conns.loop.close();
    NetError e = (NetError) recv.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e.errno()).isEqualTo(Errno.ECANCELED);
    assertThat(e.info().message()).contains("event loop closed");
    // The loop did not close the descriptor: sending still works until the connection is closed.
    p.client().send(ascii("still"), Deadline.after(BOUND));
    assertThat(ConnectionTest.readExactly(p.server(), 5)).isEqualTo(ascii("still"));
    assertThat(errnoOf(() -> p.client().send(new byte[8 << 20], Deadline.after(BOUND))))
        .as("a wait needs the loop")
        .isEqualTo(Errno.ECANCELED);
    p.client().close();
    // The connection's close closed the descriptor: the server reads what the failed send put
    // in (nothing, where its first send(2) was answered EAGAIN), then the end of stream.
    ByteBuffer rest = ByteBuffer.allocate(1 << 24);
    while (p.server().recv(rest.clear(), Deadline.after(BOUND)) >= 0) {
      // drained
    }
  }

  @Test
  @DisplayName(
      "control port fds: an adopted Connection shows as connected, OWNER_CLOSES, and leaves the"
          + " table when closed")
  void fdsShowsConnected() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    List<FdInfo> rows = onLoop(conns.loop::fds);
    FdInfo row =
        rows.stream().filter(r -> p.client().remote().equals(r.remote())).findFirst().orElseThrow();
    assertThat(row.state()).isEqualTo("connected");
    assertThat(row.flags() & FdFlags.OWNER_CLOSES).isNotZero();
    assertThat(row.local()).isEqualTo(p.client().local());
    p.client().close();
    assertThat(onLoop(conns.loop::registeredCount)).isZero();
  }

  @Test
  @DisplayName(
      "dial4j: a close off the loop thread closes the descriptor at once, with the loop busy (no"
          + " round trip through it); the loop drops the row on its next turn; fds never shows it")
  void closeOffTheLoopNeedsNoTurn() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    CountDownLatch release = Connections.hold(conns.loop);
    try {
      // The loop thread is held in the task above: a close that needed it would not return.
      CompletableFuture.runAsync(p.client()::close).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(p.server().recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);
    } finally {
      release.countDown();
    }
    List<FdInfo> rows = onLoop(conns.loop::fds);
    assertThat(rows).noneMatch(r -> p.client().remote().equals(r.remote()));
    assertThat(onLoop(conns.loop::registeredCount)).isZero();
    // The number is free for the next descriptor, which the same loop watches as usual.
    Connections.Pair next = conns.connect("127.0.0.1");
    next.server().send(ByteBuffer.wrap(ascii("n")));
    assertThat(next.client().recv(1, Deadline.after(BOUND))).isEqualTo(ascii("n"));
  }

  @Test
  @DisplayName(
      "dial4j: a number closed off the loop and taken by the loop's next descriptor before the"
          + " loop dropped the old row: the new one replaces it, counted once, and stays")
  void closedNumberReusedBeforeTheLoopForgets() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    int number =
        onLoop(
            () ->
                conns.loop.fds().stream()
                    .filter(r -> p.client().remote().equals(r.remote()))
                    .findFirst()
                    .orElseThrow()
                    .fd());
    PosixSocket listener = conns.peers.listener("127.0.0.1", 4);
    CountDownLatch closed = new CountDownLatch(1);
    CompletableFuture<int[]> seen = new CompletableFuture<>();
    conns.loop.execute(
        () -> {
          try {
            closed.await(); // the row of the closed connection is still in the table
            LoopFd again =
                conns.loop.connect(
                    "again",
                    (fd, name, status, data) -> {},
                    null,
                    null,
                    Loopback.where(listener).toString(),
                    Deadline.after(BOUND));
            seen.complete(new int[] {again.fd(), conns.loop.registeredCount()});
          } catch (Exception e) {
            seen.completeExceptionally(e);
          }
        });
    p.client().close(); // off the loop: the number is free at once; the loop forgets it later
    closed.countDown();
    int[] after = seen.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assumeThat(after[0]).as("the new socket took the closed number").isEqualTo(number);
    assertThat(after[1]).isEqualTo(1);
    List<FdInfo> rows = onLoop(conns.loop::fds);
    assertThat(rows)
        .filteredOn(r -> r.fd() == number)
        .singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo("again"));
    assertThat(onLoop(conns.loop::registeredCount)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "dial4j: closes off an idle loop do not wake it, except every 256th, so the rows they leave"
          + " for its next turn stay bounded")
  void closesWakeAnIdleLoopOnlyNowAndThen() throws Exception {
    AtomicInteger wakes = new AtomicInteger();
    Syscalls counting =
        new ForwardingSyscalls(LinuxSyscalls.INSTANCE) {
          @Override
          public long write(int fd, java.lang.foreign.MemorySegment buf) {
            wakes.incrementAndGet(); // the loop writes nothing else: its eventfd's wake-ups
            return real.write(fd, buf);
          }
        };
    EventLoop loop = LoopBackends.builder(counting).name("idle").build().start();
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 512);
      Dialer dialer = Dialer.builder().loop(loop).build();
      List<Connection> made = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          made.add(dialer.dial(Loopback.where(listener).toString(), Deadline.after(BOUND)));
        }
        assertThat(loop.submit(loop::registeredCount).get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
            .isEqualTo(300);
        // The loop held in a task meanwhile: no turn of it resets the count of posts, which a
        // turn that ran on after the count above (or a spurious wake-up) would.
        CountDownLatch release = Connections.hold(loop);
        int before = wakes.get();
        try {
          for (Connection c : made) {
            c.close();
          }
        } finally {
          release.countDown();
        }
        assertThat(wakes.get() - before).isEqualTo(300 / 256);
      } finally {
        made.forEach(Connection::close);
      }
      assertThat(loop.submit(loop::registeredCount).get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
          .isZero();
    } finally {
      loop.close();
    }
  }

  @Test
  @DisplayName(
      "dial4j: a dial whose callback closes its connection on the loop (a load generator's) costs"
          + " one epoll_ctl, the ADD: the interest change inside the CONNECTED callback and the"
          + " close need no MOD or DEL (close(2) takes it out of the epoll set)")
  void dialAndCloseOnTheLoopNeedsOneEpollCtl() throws Exception {
    Map<Integer, List<Integer>> ops = new ConcurrentHashMap<>();
    Syscalls recording =
        new ForwardingSyscalls(LinuxSyscalls.INSTANCE) {
          @Override
          public int socket(int domain, int type, int protocol) {
            int fd = real.socket(domain, type, protocol);
            if (fd >= 0) {
              ops.put(fd, new CopyOnWriteArrayList<>()); // a new socket's own calls from here
            }
            return fd;
          }

          @Override
          public int epollCtl(int epfd, int op, int fd, int events, long data) {
            List<Integer> those = ops.get(fd);
            if (those != null) {
              those.add(op);
            }
            return real.epollCtl(epfd, op, fd, events, data);
          }
        };
    EventLoop loop = LoopBackends.builder(recording).name("one-ctl").build().start();
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 16);
      Dialer dialer = Dialer.builder().loop(loop).build();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      String to = Loopback.where(listener).toString();
      loop.execute(
          () ->
              dialer.dial(
                  to,
                  Deadline.after(BOUND),
                  (c, e) -> {
                    if (c == null) {
                      closed.completeExceptionally(Objects.requireNonNull(e));
                      return;
                    }
                    c.close();
                    closed.complete(null);
                  }));
      closed.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      // The loop's table made one socket: the dial's.
      assertThat(ops).hasSize(1);
      assertThat(ops.values().iterator().next()).containsExactly(Sys.EPOLL_CTL_ADD);
      assertThat(loop.submit(loop::registeredCount).get(BOUND.toMillis(), TimeUnit.MILLISECONDS))
          .isZero();
    } finally {
      loop.close();
    }
  }

  @Test
  @AllowBlockingCalls(reason = "checks that a waiting recv on the loop thread is refused")
  @DisplayName(
      "dial4j: on the loop thread a recv that would wait is refused (IllegalStateException);"
          + " Deadline.NOW works; adopt elsewhere is refused")
  void onLoopThread() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    Throwable refused =
        onLoop(
            () -> {
              try {
                p.client().recv(1, Deadline.NEVER);
                return null;
              } catch (IllegalStateException e) {
                return e;
              }
            });
    assertThat(refused).isInstanceOf(IllegalStateException.class);
    p.server().send(ByteBuffer.wrap(ascii("z")));
    Await.until(
        "the byte to arrive",
        () -> {
          try {
            return onLoop(() -> p.client().read(ByteBuffer.allocate(1), Deadline.NOW) == 1);
          } catch (InterruptedException
              | ExecutionException
              | java.util.concurrent.TimeoutException e) {
            return false;
          }
        },
        BOUND);
    PosixSocket listener = conns.peers.listener("127.0.0.1", 1);
    org.dial4j.loop.LoopFd[] lf = new org.dial4j.loop.LoopFd[1];
    CompletableFuture<Void> connected = new CompletableFuture<>();
    lf[0] =
        conns.loop.connect(
            "raw",
            (fd, name, status, data) -> connected.complete(null),
            null,
            null,
            org.dial4j.socket.Loopback.where(listener).toString(),
            Deadline.after(BOUND));
    connected.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThatThrownBy(() -> Connection.adopt(lf[0], null))
        .isInstanceOf(IllegalStateException.class);
    lf[0].close();
  }

  @Test
  @DisplayName(
      "An interrupted send or recv (EINTR) is made again at once, not waited for: after the loop"
          + " closed, a send with room and a recv with data there still work")
  void interruptedCallsRetriedAtOnce() throws Exception {
    FaultySyscalls eintr =
        FaultySyscalls.linux(0)
            .fail(FaultySyscalls.Call.SEND, 0, Errno.EINTR)
            .fail(FaultySyscalls.Call.RECV, 0, Errno.EINTR)
            .tortureStep(0);
    EventLoop loop = LoopBackends.builder(eintr).name("eintr").build().start();
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      Connection c = dialOn(loop, listener);
      try (c) {
        PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
        server.send(ByteBuffer.wrap(ascii("back")));
        loop.close(); // from now on a call that must wait ends ECANCELED
        eintr.tortureStep(1); // the next send or recv is interrupted
        c.send(ascii("still"), Deadline.after(BOUND));
        assertThat(ConnectionTest.readExactly(server, 5)).isEqualTo(ascii("still"));
        eintr.tortureStep(1);
        assertThat(c.recv(4, Deadline.after(BOUND))).isEqualTo(ascii("back"));
        assertThat(eintr.injected(Errno.EINTR)).isEqualTo(2);
      }
    } finally {
      loop.close();
    }
  }

  @Test
  @DisplayName(
      "A call with no time left whose recv says EAGAIN while the bytes are there (poll(2) says"
          + " ready) makes the recv again: read with Deadline.NOW returns them, the side unbroken")
  void nowLooksAgainAfterEagain() throws Exception {
    FaultySyscalls eagain =
        FaultySyscalls.linux(0).fail(FaultySyscalls.Call.RECV, 0, Errno.EAGAIN).tortureStep(0);
    EventLoop loop = LoopBackends.builder(eagain).name("eagain").build().start();
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      Connection c = dialOn(loop, listener);
      try (c) {
        PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
        server.send(ByteBuffer.wrap(ascii("ab"))); // one segment: once "a" is read, "b" is there
        assertThat(c.recv(1, Deadline.after(BOUND))).isEqualTo(ascii("a"));
        eagain.tortureStep(1); // the next recv answers EAGAIN, as if nothing were there
        ByteBuffer b = ByteBuffer.allocate(1);
        assertThat(c.read(b, Deadline.NOW)).isEqualTo(1);
        assertThat(b.array()).isEqualTo(ascii("b"));
        assertThat(eagain.injected(Errno.EAGAIN)).isEqualTo(1);
        server.send(ByteBuffer.wrap(ascii("c")));
        assertThat(c.recv(1, Deadline.after(BOUND))).isEqualTo(ascii("c"));
      }
    } finally {
      loop.close();
    }
  }

  /** A connection to {@code listener}, dialed on {@code loop} (a test's own, over its fakes). */
  private static Connection dialOn(EventLoop loop, PosixSocket listener) throws IOException {
    return Dialer.builder()
        .loop(loop)
        .build()
        .dial(Loopback.where(listener).toString(), Deadline.after(BOUND));
  }

  /** Runs {@code task} on the test's loop and returns what it returns, within the bound. */
  private <T> T onLoop(Callable<T> task)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    return conns.loop.submit(task).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }
}
