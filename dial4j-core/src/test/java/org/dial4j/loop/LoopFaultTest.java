package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.sys.Surfaced;
import org.dial4j.testing.Await;
import org.dial4j.testing.FaultSeed;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event loop over {@link FaultySyscalls}: libut's named connects, a listener's accepts and
 * writes, and the loop's own start, with their system calls failing at random (seeded, {@link
 * FaultSeed}) or one at a time. Every failure that is the caller's reaches it once with its errno
 * (thrown at once, or FAILED with {@link LoopFd#failure()}); what only the loop sees is logged with
 * its errno; EINTR never shows; every connect ends within its bound; the loop ends with nothing
 * registered and no timer, still running, and a clean connect after the faults works.
 */
class LoopFaultTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  @RegisterExtension final FaultSeed seed = new FaultSeed();

  /** A loop over the real calls that accepts and closes, for the faulty loop to connect to. */
  private static LoopFd acceptAndClose(EventLoop server) throws IOException {
    return server.listen(
        "sink",
        "127.0.0.1:0",
        (fd, name, status, data) -> {
          if ((status & Status.NEW_ACCEPT) != 0) {
            fd.close();
          }
        },
        null);
  }

  /**
   * One named connect from this thread: what it ended with, within {@link #BOUND}: null for
   * CONNECTED (then closed), else the thrown or FAILED error.
   */
  private static Throwable connectOnce(EventLoop loop, String to) throws Exception {
    CompletableFuture<Throwable> end = new CompletableFuture<>();
    try {
      loop.connect(
          "faulty",
          (lf, name, status, data) -> {
            if ((status & Status.CONNECTED) != 0) {
              lf.close();
              end.complete(null);
            } else if ((status & Status.FAILED) != 0) {
              end.complete(lf.failure());
            }
          },
          null,
          null,
          to,
          Deadline.after(BOUND));
    } catch (IOException e) {
      return e;
    }
    return end.get(2 * BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  @DisplayName(
      "loop faults: 3000 named connects with socket, connect, epoll_ctl, epoll_wait and close"
          + " failing at random; each failure reaches its caller once with its errno, EINTR never;"
          + " the loop drains and connects on")
  void namedConnectsUnderRandomFaults() throws Exception {
    FaultySyscalls faults =
        FaultySyscalls.linux(seed.value())
            .fail(Call.SOCKET, 0.1)
            .fail(Call.CONNECT, 0.2, Errno.EINTR, Errno.ENOMEM, Errno.ENOBUFS)
            .fail(Call.EPOLL_CTL, 0.1)
            .fail(Call.EPOLL_WAIT, 0.3)
            .fail(Call.CLOSE, 0.1);
    Surfaced surfaced = new Surfaced();
    try (EventLoop server = EventLoop.start("fault-sink");
        EventLoop loop = faults.setEnabled(false).loopBuilder().name("faulty").build().start()) {
      String to = acceptAndClose(server).local().toString();
      faults.setEnabled(true);
      int connected = 0;
      for (int i = 0; i < 3000; i++) {
        Throwable t = connectOnce(loop, to);
        if (t == null) {
          connected++;
        } else {
          assertThat(surfaced.record(t)).isNotNull();
        }
      }
      String story = faults + " surfaced " + surfaced;
      Await.until("the faulty loop to hold nothing", () -> Loops.leftOver(loop) == 0, BOUND);
      assertThat(loop.isRunning()).isTrue();
      faults.setEnabled(false);
      assertThat(connectOnce(loop, to)).as(story).isNull();

      assertThat(surfaced.stray()).as(story).isNull();
      for (Errno e : Call.SOCKET.legal()) {
        assertThat(surfaced.count(Operation.SOCKET, e))
            .as(story)
            .isEqualTo(faults.injected(Call.SOCKET, e));
      }
      // epoll_ctl ADD fails the connect being adopted: FAILED, operation connect, "epoll_ctl".
      assertThat(surfaced.count(Operation.CONNECT, Errno.ENOBUFS))
          .as(story)
          .isEqualTo(faults.injected(Call.CONNECT, Errno.ENOBUFS))
          .isPositive();
      assertThat(surfaced.count(Operation.CONNECT, Errno.ENOMEM))
          .as(story)
          .isEqualTo(
              faults.injected(Call.CONNECT, Errno.ENOMEM)
                  + faults.injected(Call.EPOLL_CTL, Errno.ENOMEM));
      assertThat(surfaced.count(Operation.CONNECT, Errno.ENOSPC))
          .as(story)
          .isEqualTo(faults.injected(Call.EPOLL_CTL, Errno.ENOSPC))
          .isPositive();
      assertThat(faults.injected(Call.CONNECT, Errno.EINTR)).as(story).isPositive();
      assertThat(faults.injected(Call.EPOLL_WAIT, Errno.EINTR)).as(story).isPositive();
      assertThat(faults.injected(Call.CLOSE)).as(story).isPositive();
      assertThat(surfaced.count(Errno.EINTR)).as(story).isZero();
      assertThat(connected).as(story).isPositive();
      // The loop's own count of failed attempts says the same errnos.
      assertThat(
              Loops.onLoop(loop, () -> loop.stats().failuresByErrno()).getOrDefault("ENOSPC", 0L))
          .as(story)
          .isEqualTo(faults.injected(Call.EPOLL_CTL, Errno.ENOSPC));
    }
  }

  @Test
  @DisplayName(
      "loop faults, torture: a loop's start and close once per system call they make, each"
          + " failing the next one; a failed start throws the injected errno and holds nothing")
  void tortureStart() throws Exception {
    FaultySyscalls faults =
        FaultySyscalls.linux(seed.value())
            .fail(Call.EPOLL_CREATE1, 0)
            .fail(Call.EVENTFD, 0)
            .fail(Call.EPOLL_CTL, 0)
            .fail(Call.EPOLL_WAIT, 0)
            .fail(Call.CLOSE, 0);
    faults.tortureStep(0);
    startAndClose(faults);
    long steps = faults.eligibleCalls();
    assertThat(steps)
        .as("epoll_create1, eventfd, epoll_ctl, epoll_wait, 2 closes")
        .isGreaterThanOrEqualTo(5);
    for (long n = 1; n <= steps; n++) {
      faults.tortureStep(n);
      long before = faults.injected();
      Map<Call, Long> was = new EnumMap<>(Call.class);
      for (Call c : Call.values()) {
        was.put(c, faults.injected(c));
      }
      IOException thrown = startAndClose(faults);
      String story = "step " + n + " of " + steps + ": " + faults + " threw " + thrown;
      if (thrown != null) {
        assertThat(faults.injected() - before).as(story).isEqualTo(1);
        Call failed =
            Arrays.stream(Call.values())
                .filter(c -> faults.injected(c) > was.get(c))
                .findFirst()
                .orElseThrow();
        NetError e = (NetError) thrown;
        assertThat(faults.injected(failed, e.errno())).as(story).isPositive();
        // The error names the call that failed.
        assertThat(e.detail().orElseThrow())
            .as(story)
            .startsWith(failed.name().toLowerCase(Locale.ROOT));
      }
    }
    assertThat(faults.injected(Call.EPOLL_CREATE1)).isPositive();
    assertThat(faults.injected(Call.EVENTFD)).isPositive();
    assertThat(faults.injected(Call.EPOLL_CTL)).isPositive();
  }

  /**
   * Starts a loop over {@code faults}, connects once if it started, closes it; what start threw.
   */
  private static IOException startAndClose(FaultySyscalls faults) throws Exception {
    EventLoop loop = faults.loopBuilder().name("torture").build();
    try {
      loop.start();
    } catch (IOException e) {
      assertThat(loop.isRunning()).isFalse();
      loop.close();
      return e;
    }
    try {
      assertThat(loop.submit(() -> 1).get(BOUND.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
    } finally {
      loop.close();
    }
    return null;
  }

  @Test
  @DisplayName(
      "loop faults: a listener on a faulty loop greets 60 clients; accept4's EMFILE and the like"
          + " pause it and are logged with their errno, an accepted socket epoll cannot take is"
          + " closed and logged, writes that meet EAGAIN or EINTR are finished later")
  void listenerUnderRandomFaults() throws Exception {
    FaultySyscalls faults = FaultySyscalls.linux(seed.value());
    RecordingLogger log = new RecordingLogger();
    byte[] greeting = "hello from the faulty loop\n".getBytes(StandardCharsets.US_ASCII);
    AtomicInteger greeted = new AtomicInteger();
    try (EventLoop loop =
        faults.loopBuilder().name("faulty-listener").logger(log).build().start()) {
      LoopFd listener =
          loop.listen(
              "greeter",
              "127.0.0.1:0",
              (fd, name, status, data) -> {
                if ((status & Status.NEW_ACCEPT) != 0) {
                  try {
                    fd.write(ByteBuffer.wrap(greeting));
                    greeted.incrementAndGet();
                    fd.setFlags(FdFlags.CLOSE_AFTER_WRITE);
                  } catch (IOException e) {
                    fd.close();
                  }
                }
              },
              null);
      InetEndpoint at = (InetEndpoint) listener.local();
      faults
          .fail(Call.ACCEPT4, 0.15)
          .fail(Call.EPOLL_CTL, 0.15)
          .fail(Call.SEND, 0.5)
          .fail(Call.EPOLL_WAIT, 0.3);
      int whole = 0;
      int cut = 0;
      for (int i = 0; i < 60; i++) {
        try (PosixSocket client = PosixSocket.open(Family.INET, Network.SocketType.STREAM)) {
          client.connect(at, Deadline.after(BOUND));
          ByteBuffer got = ByteBuffer.allocate(greeting.length + 1);
          while (client.recv(got, Deadline.after(BOUND)) > 0) {
            // until the end of stream
          }
          if (got.position() == greeting.length) {
            assertThat(got.array()).startsWith(greeting);
            whole++;
          } else {
            assertThat(got.position()).as("a cut connection got nothing").isZero();
            cut++;
          }
        }
      }
      String story = faults + " whole " + whole + " cut " + cut + " log " + log.lines();
      // The listener alone, and no pause still to end.
      Await.until("the listener alone on the loop", () -> Loops.leftOver(loop) == 1, BOUND);
      assertThat(cut).as(story).isEqualTo(faults.injected(Call.EPOLL_CTL));
      assertThat(whole).as(story).isEqualTo(greeted.get()).isPositive();
      for (Errno e : List.of(Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM, Errno.ENOBUFS)) {
        long pauses =
            log.lines().stream()
                .filter(
                    l ->
                        l.text().contains("accept greeter: " + e.name())
                            && l.text().contains("pausing"))
                .count();
        assertThat(pauses).as(story).isEqualTo(faults.injected(Call.ACCEPT4, e));
      }
      for (Errno e : Call.EPOLL_CTL.legal()) {
        long dropped =
            log.lines().stream()
                .filter(l -> l.text().contains("accept greeter: epoll_ctl " + e.name()))
                .count();
        assertThat(dropped).as(story).isEqualTo(faults.injected(Call.EPOLL_CTL, e));
      }
      assertThat(faults.injected(Call.SEND, Errno.EAGAIN)).as(story).isPositive();
      assertThat(faults.injected(Call.ACCEPT4)).as(story).isPositive();
      assertThat(faults.injected(Call.EPOLL_CTL)).as(story).isPositive();
    }
  }
}
