package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * libut UT_net_connect (seed 000): the callback sequence of a named connect, on real loopback
 * sockets.
 */
class NamedConnectTest {
  private EventLoop loop;
  private Loopback peers;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Object token = new Object();

  private final FdCallback recorder =
      (fd, name, status, data) -> {
        String e =
            name
                + " "
                + Status.describe(status)
                + ((status & Status.FAILED) != 0 ? " " + fd.error().name() : "")
                + (data == token ? " data" : "");
        events.add(e);
        if ((status & Status.READABLE) != 0) {
          try {
            ByteBuffer b = ByteBuffer.allocate(64);
            int n = fd.read(b);
            if (n < 0) {
              events.add(name + " EOF");
              fd.close();
            } else {
              events.add(name + " read " + new String(b.array(), 0, n, StandardCharsets.US_ASCII));
            }
          } catch (IOException ex) {
            events.add(name + " read failed " + ex.getMessage());
          }
        }
      };

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("test-loop");
    peers = new Loopback();
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    peers.close();
  }

  private int registered() throws Exception {
    return loop.submit(() -> loop.registeredCount() + loop.timerCount()).get(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: CONNECTED once, then READABLE with data, then READABLE at EOF")
  void connectedThenReadable() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 16);
    InetEndpoint at = Loopback.where(listener);
    loop.connect("web", recorder, token, null, at.toString());
    PosixSocket server = peers.own(listener.accept(Deadline.after(Duration.ofSeconds(5))));
    Await.until("CONNECTED", () -> events.contains("web CONNECTED data"), Duration.ofSeconds(5));
    server.send(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
    Await.until("data", () -> events.contains("web read hi"), Duration.ofSeconds(5));
    server.close();
    Await.until("EOF", () -> events.contains("web EOF"), Duration.ofSeconds(5));
    assertThat(events.stream().filter(e -> e.contains("CONNECTED")).count()).isEqualTo(1);
    assertThat(events.getFirst()).isEqualTo("web CONNECTED data");
    assertThat(registered()).isZero();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: a refused connect is FAILED with ECONNREFUSED and the loop closes the"
          + " fd")
  void refused() throws Exception {
    InetEndpoint closed = peers.closedPort("127.0.0.1");
    LoopFd fd = loop.connect("nobody", recorder, token, null, closed.toString());
    Await.until("FAILED", () -> !events.isEmpty(), Duration.ofSeconds(5));
    assertThat(events).containsExactly("nobody FAILED ECONNREFUSED data");
    Await.until("closed", () -> !fd.isOpen(), Duration.ofSeconds(5));
    assertThat(registered()).isZero();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: a deadline passing on a full accept queue is FAILED with ETIMEDOUT")
  void timedOut() throws Exception {
    InetEndpoint full = peers.fullQueue("127.0.0.1");
    loop.connect(
        "slow", recorder, token, null, full.toString(), Deadline.after(Duration.ofMillis(200)));
    Await.until("FAILED", () -> !events.isEmpty(), Duration.ofSeconds(5));
    assertThat(events).containsExactly("slow FAILED ETIMEDOUT data");
    assertThat(registered()).isZero();
  }

  @Test
  @DisplayName("libut UT_net_connect: closing the loop fails a connect in progress with ECANCELED")
  void cancelledByClose() throws Exception {
    InetEndpoint full = peers.fullQueue("127.0.0.1");
    LoopFd fd = loop.connect("pending", recorder, token, null, full.toString());
    loop.close();
    assertThat(events).containsExactly("pending FAILED ECANCELED data");
    assertThat(fd.isOpen()).isFalse();
    assertThatThrownBy(() -> loop.connect("late", recorder, null, null, full.toString()))
        .hasMessageContaining("ENETDOWN");
  }

  @Test
  @DisplayName("libut UT_net_connect: an immediate error throws the typed exception")
  void immediateError() {
    assertThatThrownBy(
            () -> loop.connect("bad", recorder, null, "127.0.0.1:0", "255.255.255.255:80"))
        .isInstanceOf(IOException.class);
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: a connect(2) interrupted by a signal (EINTR) goes on in the"
          + " background and ends CONNECTED, as EINPROGRESS does (Go's net reads them alike)")
  void interruptedConnectGoesOn() throws Exception {
    FaultySyscalls eintr =
        FaultySyscalls.linux(0).fail(FaultySyscalls.Call.CONNECT, 1, Errno.EINTR);
    try (EventLoop interrupted = LoopBackends.builder(eintr).name("eintr").build().start()) {
      PosixSocket listener = peers.listener("127.0.0.1", 16);
      InetEndpoint at = Loopback.where(listener);
      interrupted.connect("web", recorder, token, null, at.toString());
      peers.own(listener.accept(Deadline.after(Duration.ofSeconds(5))));
      Await.until("CONNECTED", () -> !events.isEmpty(), Duration.ofSeconds(5));
      assertThat(events).containsExactly("web CONNECTED data");
      assertThat(eintr.injected(FaultySyscalls.Call.CONNECT, Errno.EINTR)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: a recv(2) interrupted by a signal (EINTR) is made again at once: the"
          + " READABLE callback's read returns the data, not \"nothing yet\"")
  void interruptedReadRetried() throws Exception {
    FaultySyscalls eintr =
        FaultySyscalls.linux(0).fail(FaultySyscalls.Call.RECV, 0, Errno.EINTR).tortureStep(0);
    try (EventLoop interrupted = LoopBackends.builder(eintr).name("eintr").build().start()) {
      PosixSocket listener = peers.listener("127.0.0.1", 16);
      interrupted.connect("web", recorder, token, null, Loopback.where(listener).toString());
      PosixSocket server = peers.own(listener.accept(Deadline.after(Duration.ofSeconds(5))));
      Await.until("CONNECTED", () -> !events.isEmpty(), Duration.ofSeconds(5));
      eintr.tortureStep(1); // the next recv is interrupted
      server.send(ByteBuffer.wrap("hi".getBytes(StandardCharsets.US_ASCII)));
      Await.until("data", () -> events.contains("web read hi"), Duration.ofSeconds(5));
      assertThat(events).containsExactly("web CONNECTED data", "web READABLE data", "web read hi");
      assertThat(eintr.injected(FaultySyscalls.Call.RECV, Errno.EINTR)).isEqualTo(1);
    }
  }
}
