package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dial4j.Deadline;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.CountingSyscalls;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.testing.Await;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Failures after the fact: a loop whose epoll_wait fails, a buffered write the peer resets. */
class LoopFailureTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  @Test
  @DisplayName(
      "libut logging: a failing epoll_wait is logged as fatal; the loop closes and cancels connects"
          + " in progress")
  void epollWaitFailureIsFatal() throws Exception {
    CountingSyscalls sys = new CountingSyscalls();
    RecordingLogger log = new RecordingLogger();
    List<String> events = new CopyOnWriteArrayList<>();
    try (Loopback peers = new Loopback();
        EventLoop loop =
            EventLoop.builder().name("doomed").syscalls(sys).logger(log).build().start()) {
      LoopFd pending =
          loop.connect(
              "pending",
              (fd, name, status, data) -> events.add(Status.describe(status) + " " + fd.error()),
              null,
              null,
              peers.fullQueue("127.0.0.1").toString());
      Loops.leftOver(loop); // one round trip: the connect is adopted

      sys.failNextEpollWait(Errno.EBADF.number());
      loop.execute(() -> {}); // ends the wait in progress; the next one fails

      assertThat(loop.awaitTermination(BOUND)).isTrue();
      assertThat(loop.isRunning()).isFalse();
      assertThat(log.lines())
          .anyMatch(
              l ->
                  l.level() == System.Logger.Level.ERROR
                      && l.text().startsWith("fatal: [doomed] epoll_wait: EBADF"));
      assertThat(events).containsExactly("FAILED ECANCELED");
      assertThat(pending.isOpen()).isFalse();
    }
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: a buffered write that fails later (peer reset) is FAILED, and the loop"
          + " closes the descriptor")
  void bufferedWriteFailure() throws Exception {
    try (Loopback peers = new Loopback();
        EventLoop loop = EventLoop.start("reset")) {
      List<String> events = new CopyOnWriteArrayList<>();
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      listener.setOption(Sys.SOL_SOCKET, Sys.SO_RCVBUF, 4096);
      LoopFd fd =
          loop.connect(
              "w",
              (f, name, status, data) ->
                  events.add(Status.describe(status) + (f.error() != null ? " " + f.error() : "")),
              null,
              null,
              Loopback.where(listener).toString());
      PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
      Await.until("CONNECTED", () -> events.contains("CONNECTED"), BOUND);
      Loops.runOnLoop(loop, () -> fd.write(ByteBuffer.allocate(8 << 20)));
      assertThat(Loops.flags(fd) & FdFlags.WRITE_PENDING).isNotZero();

      server.abort(); // SO_LINGER 0: a reset, never reading what is pending

      Await.until("closed", () -> !fd.isOpen(), BOUND);
      assertThat(events.getFirst()).isEqualTo("CONNECTED");
      assertThat(events.getLast()).isIn("FAILED ECONNRESET", "FAILED EPIPE");
      // Between them nothing, except where the failing send was answered EAGAIN (the suite over
      // FaultySyscalls$Interrupting): then the reset's readiness is reported before the next
      // send fails.
      assertThat(events.subList(1, events.size() - 1)).allMatch(e -> e.contains("HANGUP"));
      assertThat(fd.failure()).hasMessageStartingWith("send ");
      assertThat(Loops.leftOver(loop)).isZero();
    }
  }

  @Test
  @DisplayName("libut UT_net_connect: bytes written while still connecting are sent once connected")
  void writeWhileConnecting() throws Exception {
    try (Loopback peers = new Loopback();
        EventLoop loop = EventLoop.start("early")) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      FdCallback quiet = (f, name, status, data) -> {};
      Loops.runOnLoop(
          loop,
          () -> {
            LoopFd fd =
                loop.connect("early", quiet, null, null, Loopback.where(listener).toString());
            fd.write(ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
          });
      PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));

      ByteBuffer in = ByteBuffer.allocate(16);
      while (in.position() < 5) {
        assertThat(server.recv(in, Deadline.after(BOUND))).isPositive();
      }
      assertThat(new String(in.array(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("hello");
    }
  }

  /** A logger that throws from every call, as a broken one (or JUL under EMFILE) does. */
  private static final class BrokenLogger implements System.Logger {
    final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String getName() {
      return "broken";
    }

    @Override
    public boolean isLoggable(Level level) {
      calls.incrementAndGet();
      return true;
    }

    @Override
    public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
      throw new NoClassDefFoundError(
          "the logger's formatter (as class loading fails under EMFILE)");
    }

    @Override
    public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
      throw new IllegalStateException("broken logger");
    }
  }

  @Test
  @DisplayName(
      "A logger that throws (even an Error) never ends the loop: it starts, connects, fails"
          + " connects, runs timers and closes cleanly")
  void throwingLoggerKeepsTheLoopAlive() throws Exception {
    BrokenLogger broken = new BrokenLogger();
    List<String> events = new CopyOnWriteArrayList<>();
    try (Loopback peers = new Loopback();
        EventLoop loop =
            EventLoop.builder()
                .name("broken-log")
                .logger(broken)
                .logLevel(LogLevel.DEBUG)
                .build()
                .start()) {
      assertThat(
              loop.submit(() -> "ran")
                  .get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .isEqualTo("ran");
      loop.connect(
          "refused",
          (fd, name, status, data) -> events.add(Status.describe(status) + " " + fd.error()),
          null,
          null,
          peers.closedPort("127.0.0.1").toString());
      loop.execute(
          () -> {
            throw new IllegalStateException("a task's bug, logged at ERROR");
          });
      java.util.concurrent.CompletableFuture<String> fired =
          new java.util.concurrent.CompletableFuture<>();
      loop.schedule(() -> fired.complete("fired"), Duration.ofMillis(1));
      assertThat(fired.get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .isEqualTo("fired");
      Await.until(
          "the refused connect is reported", () -> events.contains("FAILED ECONNREFUSED"), BOUND);
      assertThat(loop.isRunning()).isTrue();
      assertThat(loop.failure()).isEmpty();
    }
    assertThat(broken.calls.get()).isPositive();
  }

  @Test
  @DisplayName(
      "A loop thread that dies of a bug ends closed: isRunning false, work refused, connects FAILED"
          + " with EIO, dials end, every descriptor released")
  void loopThatDiesEndsClosed() throws Exception {
    CountingSyscalls sys = new CountingSyscalls();
    RecordingLogger log = new RecordingLogger();
    List<String> events = new CopyOnWriteArrayList<>();
    try (Loopback peers = new Loopback();
        EventLoop loop =
            EventLoop.builder().name("dies").syscalls(sys).logger(log).build().start();
        org.dial4j.dial.Dialer dialer = org.dial4j.dial.Dialer.builder().loop(loop).build()) {
      String full = peers.fullQueue("127.0.0.1").toString();
      loop.connect(
          "pending",
          (fd, name, status, data) -> events.add(Status.describe(status) + " " + fd.error()),
          null,
          null,
          full);
      java.util.concurrent.CompletableFuture<org.dial4j.dial.Connection> dial =
          dialer.dialAsync(full, Deadline.after(Duration.ofMinutes(5)));
      Loops.leftOver(loop); // one round trip: both connects are in progress

      sys.throwFromNextEpollWait(new IllegalStateException("a bug in the loop's own turn"));
      loop.execute(() -> {}); // ends the wait in progress; the next one throws

      assertThat(loop.awaitTermination(BOUND)).isTrue();
      assertThat(loop.isRunning()).isFalse();
      assertThat(loop.failure()).get().asString().contains("a bug in the loop's own turn");
      assertThat(events).containsExactly("FAILED EIO");
      assertThatThrownBy(
              () -> dial.get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
          .hasCauseInstanceOf(org.dial4j.error.CanceledException.class)
          .hasMessageContaining("the event loop died");
      assertThatThrownBy(() -> loop.submit(() -> "never"))
          .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
      assertThatThrownBy(() -> dialer.dial(full))
          .isInstanceOf(org.dial4j.error.CanceledException.class);
      assertThat(log.lines())
          .anyMatch(l -> l.text().startsWith("fatal: [dies] event loop dies died"));
    }
  }

  @Test
  @DisplayName(
      "A start whose epoll_ctl ADD of its eventfd fails throws that errno naming epoll_ctl (not"
          + " eventfd, which succeeded), and holds no descriptor")
  void startEpollCtlFailureNamed() {
    FaultySyscalls noRoom =
        FaultySyscalls.linux(0).fail(FaultySyscalls.Call.EPOLL_CTL, 1, Errno.ENOSPC);
    EventLoop loop = EventLoop.builder().name("no-room").syscalls(noRoom).build();
    assertThatThrownBy(loop::start)
        .isInstanceOfSatisfying(
            NetError.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.ENOSPC);
              assertThat(e.operation()).isEqualTo(Operation.POLL);
              assertThat(e.detail()).hasValue("epoll_ctl ADD of the eventfd");
            });
    assertThat(loop.isRunning()).isFalse();
  }
}
