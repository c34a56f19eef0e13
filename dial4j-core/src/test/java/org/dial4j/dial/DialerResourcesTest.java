package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.TimedOutException;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a dial leaves behind (nothing: no descriptor, timer or registration; the system resolver's
 * pool threads are shared and end when idle) and what it records in JFR.
 */
class DialerResourcesTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private EventLoop loop;
  private final Loopback peers = new Loopback();

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("dialer-resources");
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    peers.close();
  }

  private int loopCount(java.util.function.Supplier<Integer> what) throws Exception {
    return loop.submit(what::get).get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void assertLoopEmpty() throws Exception {
    Await.until(
        "the loop holds no descriptor and no timer",
        () -> {
          try {
            return loopCount(loop::registeredCount) == 0 && loopCount(loop::timerCount) == 0;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        BOUND);
  }

  @Test
  @DisplayName(
      "RFC 8305 race on loopback leaves no registration or timer on the loop once the winner is"
          + " closed")
  void raceLeavesNothing() throws Exception {
    InetEndpoint full = peers.fullQueue("::1");
    PosixSocket fast = peers.tcp(Family.INET);
    int port = full.port();
    try {
      fast.bind(Endpoint.parseInet("127.0.0.1:" + port));
    } catch (org.dial4j.error.AddressException taken) {
      return; // the same port is taken on IPv4; DialerLoopbackTest retries ports for this case
    }
    fast.listen(8);
    Resolver r =
        Resolver.fixed(
            Map.of(
                "dual.test",
                List.of(DialerLoopbackTest.ip("::1"), DialerLoopbackTest.ip("127.0.0.1"))));
    try (Dialer d =
        Dialer.builder().loop(loop).resolver(r).attemptDelay(Duration.ofMillis(20)).build()) {
      d.dial("dual.test:" + port).close();
    }
    assertLoopEmpty();
  }

  @Test
  @DisplayName("libdill tcp_connect: a timed-out dial leaves no registration or timer on the loop")
  void timeoutLeavesNothing() throws Exception {
    InetEndpoint full = peers.fullQueue("127.0.0.1");
    try (Dialer d = Dialer.builder().loop(loop).timeout(Duration.ofMillis(50)).build()) {
      try {
        d.dial(full.toString()).close();
      } catch (TimedOutException expected) {
        // as the test wants
      }
    }
    assertLoopEmpty();
  }

  @Test
  @DisplayName(
      "Resolver.system: localhost resolves off the loop, on the lookup pool's daemon threads")
  void systemResolver() throws Exception {
    PosixSocket l4 = peers.listener("127.0.0.1", 8);
    int port = Loopback.where(l4).port();
    // tcp4: the A lookup alone, which /etc/hosts answers (an AAAA one might ask the nameserver).
    try (Dialer d = Dialer.builder().loop(loop).network("tcp4").build();
        Connection c = d.dial("localhost:" + port)) {
      assertThat(c.remote()).isEqualTo(Endpoint.parseInet("127.0.0.1:" + port));
    }
    // The pool's threads stay for a while to serve the next lookup; daemons, they hold no exit.
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("dial4j-getaddrinfo-"))
        .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    assertLoopEmpty();
  }

  @Test
  @DisplayName(
      "JFR: one org.dial4j.Resolve event per family and one org.dial4j.ConnectAttempt per attempt")
  void jfrEvents(@TempDir Path dir) throws Exception {
    PosixSocket l4 = peers.listener("127.0.0.1", 8);
    int port = Loopback.where(l4).port();
    InetEndpoint closed6 = peers.closedPort("::1");
    Resolver r =
        Resolver.fixed(
            Map.of(
                "dual.test",
                List.of(DialerLoopbackTest.ip("::1"), DialerLoopbackTest.ip("127.0.0.1"))));
    Path file = dir.resolve("dial.jfr");
    try (Recording rec = new Recording()) {
      rec.enable("org.dial4j.Resolve");
      rec.enable("org.dial4j.ConnectAttempt");
      rec.start();
      try (Dialer d = Dialer.builder().loop(loop).resolver(r).build()) {
        d.dial("dual.test:" + port).close();
      } catch (org.dial4j.error.RefusedException portTakenOnV6) {
        return; // [::1]:port refused too: not this test's subject
      }
      rec.stop();
      rec.dump(file);
    }
    assertThat(closed6).isNotNull();
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    List<String> resolves =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("org.dial4j.Resolve"))
            .map(e -> e.getString("family") + " " + e.getInt("addresses"))
            .sorted()
            .toList();
    List<String> attempts =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("org.dial4j.ConnectAttempt"))
            .map(
                e ->
                    e.getInt("attempt")
                        + " "
                        + e.getString("target")
                        + " "
                        + e.getString("outcome")
                        + " "
                        + e.getString("errno"))
            .sorted()
            .toList();
    assertThat(resolves).containsExactly("IPv4 1", "IPv6 1");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.getLast()).isEqualTo("2 127.0.0.1:" + port + " connected null");
    assertThat(Files.size(file)).isPositive();
  }

  @Test
  @DisplayName(
      "A dialer that is never closed holds nothing on its loop once its dials end: the garbage"
          + " collector takes it")
  void unclosedDialersAreCollected() throws Exception {
    PosixSocket l = peers.listener("127.0.0.1", 128);
    InetEndpoint closed = peers.closedPort("127.0.0.1");
    List<java.lang.ref.WeakReference<Dialer>> refs = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Dialer d = Dialer.builder().loop(loop).build();
      d.dial(Loopback.where(l).toString()).close();
      try {
        d.dial(closed.toString()).close();
      } catch (org.dial4j.error.RefusedException expected) {
        // a failed dial leaves nothing behind either
      }
      refs.add(new java.lang.ref.WeakReference<>(d));
    }
    Await.until(
        "every dialer collected",
        () -> {
          System.gc();
          return refs.stream().allMatch(r -> r.get() == null);
        },
        BOUND);
    assertLoopEmpty();
  }
}
