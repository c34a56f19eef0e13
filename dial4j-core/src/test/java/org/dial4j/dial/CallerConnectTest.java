package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdInfo;
import org.dial4j.loop.LoopBackends;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.testing.Await;
import org.dial4j.testing.Descriptors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The blocking face's dial of a literal, its connect opened on the caller's thread ({@link
 * CallerConnect}): done at once on loopback without the loop thread, the loop taking it into its
 * table afterwards; not done at once, handed to the race on the loop; what it opened closed
 * whichever way the dial ends. The loop thread is held in a task where a test proves that a step
 * needs no turn of it.
 */
class CallerConnectTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private EventLoop loop;
  private final Loopback peers = new Loopback();

  @BeforeEach
  void start() throws IOException {
    // The kernel's own calls, whatever table the suite runs over: an injected EINTR on the look
    // would hand the connect to the race, which is another test's subject (NotDoneAtOnce...).
    loop = LoopBackends.builder(LinuxSyscalls.INSTANCE).name("caller-connect-test").build().start();
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    peers.close();
  }

  private <T> T onLoop(Callable<T> c) throws Exception {
    return loop.submit(c).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code c} on a new virtual or platform thread; its result within the bound (a thread that
   * overruns it is left behind, so that the test fails rather than waits for it).
   */
  private static <T> T onThread(boolean virtual, Callable<T> c) throws Exception {
    return start(virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(), c)
        .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code c} on a platform thread of its own (the common pool may have one thread). */
  private static <T> CompletableFuture<T> inBackground(Callable<T> c) {
    return start(Thread.ofPlatform().daemon(), c);
  }

  private static <T> CompletableFuture<T> start(Thread.Builder thread, Callable<T> c) {
    CompletableFuture<T> f = new CompletableFuture<>();
    thread.start(
        () -> {
          try {
            f.complete(c.call());
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @ParameterizedTest(name = "virtual thread: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "dial4j: a blocking dial of a loopback literal returns connected while the loop thread is"
          + " held (no turn of it needed); the loop watches the connection from its next turn,"
          + " and a wait on it works")
  void doneAtOnceNeedsNoLoopTurn(boolean virtual) throws Exception {
    PosixSocket l = peers.listener("127.0.0.1", 16);
    InetEndpoint at = Loopback.where(l);
    try (Dialer d = Dialer.builder().loop(loop).build()) {
      Connection c;
      CountDownLatch release = Connections.hold(loop);
      try {
        c = onThread(virtual, () -> d.dial(at.toString(), Deadline.after(BOUND)));
        assertThat(c.remote()).isEqualTo(at);
        assertThat(d.inProgress()).isZero();
      } finally {
        release.countDown();
      }
      try (c;
          PosixSocket server = l.accept(Deadline.after(BOUND))) {
        // The loop's next turn: counted and in the table, as a connect of its own would be.
        assertThat(onLoop(() -> loop.registeredCount())).isEqualTo(1);
        List<FdInfo> rows = onLoop(loop::fds);
        assertThat(rows).anyMatch(r -> at.equals(r.remote()));
        assertThat(onLoop(() -> loop.stats().successes())).isEqualTo(1);
        // A wait that parks on the loop (a virtual thread's) or polls (a platform thread's).
        CompletableFuture<byte[]> got =
            inBackground(() -> onThread(virtual, () -> c.recv(2, Deadline.after(BOUND))));
        server.send(ByteBuffer.wrap(ascii("hi")), Deadline.after(BOUND));
        assertThat(got.get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ascii("hi"));
      }
      assertThat(onLoop(() -> loop.registeredCount())).isZero();
    }
  }

  @ParameterizedTest(name = "virtual thread: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "dial4j: a connection dialed and closed while the loop thread is held: the peer sees the"
          + " end at once, the loop never puts the closed number in its table, and the next dial"
          + " is watched as usual")
  void closedBeforeTheLoopTakesIt(boolean virtual) throws Exception {
    PosixSocket l = peers.listener("127.0.0.1", 16);
    InetEndpoint at = Loopback.where(l);
    try (Dialer d = Dialer.builder().loop(loop).build()) {
      CountDownLatch release = Connections.hold(loop);
      try {
        onThread(
            virtual,
            () -> {
              d.dial(at.toString(), Deadline.after(BOUND)).close();
              return null;
            });
        try (PosixSocket server = l.accept(Deadline.after(BOUND))) {
          assertThat(server.recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);
        }
      } finally {
        release.countDown();
      }
      assertThat(onLoop(() -> loop.registeredCount())).isZero();
      try (Connection again = d.dial(at.toString(), Deadline.after(BOUND));
          PosixSocket server = l.accept(Deadline.after(BOUND))) {
        server.send(ByteBuffer.wrap(ascii("n")), Deadline.after(BOUND));
        assertThat(again.recv(1, Deadline.after(BOUND))).isEqualTo(ascii("n"));
        assertThat(onLoop(() -> loop.registeredCount())).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest(name = "virtual thread: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "libdill tcp_connect: a connect not done at once (full accept queue) goes on in the race:"
          + " it shows in fds as the dial's while it waits, and the dial times out at its"
          + " deadline with ETIMEDOUT, as the race's own attempt would")
  void notDoneAtOnceGoesToTheRace(boolean virtual) throws Exception {
    InetEndpoint blackhole = peers.fullQueue("127.0.0.1");
    List<DialEvent> events = new CopyOnWriteArrayList<>();
    try (Dialer plain = Dialer.builder().loop(loop).build();
        Dialer observed = Dialer.builder().loop(loop).listener(events::add).build()) {
      CompletableFuture<Throwable> failed =
          inBackground(
              () ->
                  onThread(
                      virtual,
                      () ->
                          catchThrowable(
                              () ->
                                  plain.dial(
                                      blackhole.toString(),
                                      Deadline.after(Duration.ofMillis(300))))));
      Await.until(
          "the dial's connect in the loop's table",
          () -> {
            try {
              return onLoop(loop::fds).stream().anyMatch(r -> blackhole.equals(r.remote()));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          BOUND);
      Throwable e = failed.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      // The race's own attempt (the observed dialer never opens on the caller) says the same.
      Throwable raced =
          catchThrowable(
              () -> observed.dial(blackhole.toString(), Deadline.after(Duration.ofMillis(300))));
      assertThat(events).anyMatch(ev -> ev instanceof DialEvent.AttemptStart);
      for (Throwable t : List.of(e, raced)) {
        assertThat(t).isInstanceOf(NetError.class);
        assertThat(((NetError) t).errno()).isEqualTo(Errno.ETIMEDOUT);
        assertThat(((NetError) t).operation()).isEqualTo(Operation.CONNECT);
      }
      // The same story but for the attempt's state when the deadline came, and the times.
      assertThat(e.getMessage().replaceAll("[0-9.]+ ms", "T"))
          .isEqualTo(raced.getMessage().replaceAll("[0-9.]+ ms", "T"));
    }
    assertThat(onLoop(() -> loop.registeredCount() + loop.timerCount())).isZero();
  }

  @ParameterizedTest(name = "virtual thread: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName(
      "dial4j: the loop closes before the race takes the connect its caller opened: the dial"
          + " fails ECANCELED and the opened socket is closed, none left")
  void openedIsClosedWhenTheRaceNeverTakesIt(boolean virtual) throws Exception {
    InetEndpoint blackhole = peers.fullQueue("127.0.0.1");
    int sockets = sockets();
    Dialer d = Dialer.builder().loop(loop).build();
    CountDownLatch release = Connections.hold(loop);
    CompletableFuture<Throwable> failed;
    try {
      failed =
          inBackground(
              () ->
                  onThread(
                      virtual,
                      () ->
                          catchThrowable(
                              () -> d.dial(blackhole.toString(), Deadline.after(BOUND)))));
      Await.until("the caller's socket", () -> sockets() == sockets + 1, BOUND);
      CompletableFuture<Void> closed =
          inBackground(
              () -> {
                loop.close();
                return null;
              });
      Await.until("the loop to begin closing", () -> !loop.isRunning(), BOUND);
      release.countDown();
      closed.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      release.countDown();
    }
    Throwable e = failed.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e).isInstanceOf(NetError.class);
    assertThat(((NetError) e).errno()).isEqualTo(Errno.ECANCELED);
    Await.until("the opened socket closed", () -> sockets() == sockets - 2, BOUND);
    d.close();
  }

  /** This process's open sockets and anonymous inodes (the loop's epoll and eventfd among them). */
  private static int sockets() {
    return Descriptors.snapshot().size();
  }
}
