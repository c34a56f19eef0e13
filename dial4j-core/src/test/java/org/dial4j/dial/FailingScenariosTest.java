package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.testing.Await;
import org.dial4j.testing.FaultSeed;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13's "no leak, no hang, no state a later call trips over; each failure surfaces with its
 * errno" under {@link FaultySyscalls.Failing}'s table ({@code failAll}, and a loop's start failing
 * too), for many seeds: a loop's start and close, blocking and future dials with an echo and a
 * graceful close, and {@code PosixSocket}'s open, blocking connect and close, each repeated. Every
 * call succeeds or throws a {@link NetError} whose errno is one of {@link
 * FaultySyscalls#FAILING_ERRNOS} that the table injected (never EINTR or EAGAIN, never an exception
 * of another kind); each seed's run ends within its bound with no thread of its loops left, and
 * with the descriptors it began with (the automatic descriptor check); a clean dial after the
 * faults stop works.
 */
class FailingScenariosTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final int ROUNDS = 40;
  private static final Set<Errno> SURFACING = Set.copyOf(FaultySyscalls.FAILING_ERRNOS);

  @RegisterExtension final FaultSeed seed = new FaultSeed();

  /** 16 seeds per run, from this run's {@link FaultSeed} (so one replay property replays all). */
  static Stream<Integer> seeds() {
    return IntStream.range(0, 16).boxed();
  }

  @ParameterizedTest(name = "seed #{0}")
  @MethodSource("seeds")
  @Timeout(60)
  void everyCallSucceedsOrSurfacesAnInjectedErrno(int index) throws Exception {
    FaultySyscalls faults =
        FaultySyscalls.linux(seed.value() * 31 + index)
            .failAll(0.03)
            .fail(Call.EPOLL_CREATE1, 0.1)
            .fail(Call.EVENTFD, 0.1);
    String name = "failing-" + index;
    EventLoop server = EventLoop.builder().name(name + "-server").build().start();
    List<String> surfaced = new ArrayList<>();
    try {
      String echo = DialerFaultTest.echo(server);
      for (int i = 0; i < ROUNDS; i++) {
        EventLoop loop;
        try {
          loop = faults.loopBuilder().name(name).build().start();
        } catch (IOException e) {
          surfaced.add(judge(faults, e));
          continue;
        }
        int round = i;
        try (Dialer d = Dialer.builder().loop(loop).build()) {
          step(faults, surfaced, () -> echoAndClose(d.dial(echo, Deadline.after(BOUND)), round));
          step(
              faults,
              surfaced,
              () -> echoAndClose(d.dialAsync(echo, Deadline.after(BOUND)).get(), round));
          step(faults, surfaced, () -> posixConnect(faults, echo));
        } finally {
          loop.close();
          assertThat(loop.awaitTermination(BOUND)).as("%s ended", loop).isTrue();
        }
      }
      // Nothing broken: the same table, its faults off, dials and echoes.
      faults.setEnabled(false);
      EventLoop loop = faults.loopBuilder().name(name).build().start();
      try (Dialer d = Dialer.builder().loop(loop).build()) {
        echoAndClose(d.dial(echo, Deadline.after(BOUND)), 7);
      } finally {
        loop.close();
        assertThat(loop.awaitTermination(BOUND)).isTrue();
      }
    } finally {
      server.close();
      assertThat(server.awaitTermination(BOUND)).isTrue();
    }
    Await.until(
        "no thread of " + name + " left",
        () ->
            Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(name)),
        BOUND);
    assertThat(faults.injected()).as("%s injected something", faults).isPositive();
  }

  /** A step of a scenario: it succeeds, or its failure is judged (and the round goes on). */
  private static void step(FaultySyscalls faults, List<String> surfaced, Scenario s)
      throws Exception {
    try {
      s.run();
    } catch (IOException | ExecutionException | CompletionException e) {
      surfaced.add(judge(faults, e));
    }
  }

  /** The failure must be a NetError with an errno the table injected and lets reach a caller. */
  private static String judge(FaultySyscalls faults, Throwable thrown) {
    Throwable e = thrown;
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    assertThat(e).as("%s", faults).isInstanceOf(NetError.class);
    Errno errno = ((NetError) e).errno();
    assertThat(SURFACING).as("%s: %s", faults, e).contains(errno);
    assertThat(faults.injected(errno)).as("%s: %s", faults, e).isPositive();
    return ((NetError) e).operation() + "/" + errno;
  }

  private static void echoAndClose(Connection c, int i) throws IOException {
    try {
      byte[] m = {(byte) i, 1, 2, 3};
      c.send(m, Deadline.after(BOUND));
      assertThat(c.recv(m.length, Deadline.after(BOUND))).isEqualTo(m);
      c.close(Deadline.after(BOUND));
    } finally {
      c.close();
    }
  }

  private static void posixConnect(FaultySyscalls faults, String echo) throws IOException {
    PosixSocket s = faults.openSocket(Family.INET, Network.SocketType.STREAM);
    try {
      s.connect(Endpoint.parseInet(echo), Deadline.after(BOUND));
    } finally {
      s.close();
    }
  }

  @FunctionalInterface
  private interface Scenario {
    void run() throws Exception;
  }
}
