package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.loop.Loops.leftOver;
import static org.dial4j.loop.Loops.onLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.error.AddressException;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.Await;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * libut UT_net_connect (seed 000), argument by argument: name, callback, data, source, destination.
 */
class NamedConnectOptionsTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final Loopback peers = new Loopback();
  private final RecordingLogger log = new RecordingLogger();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final FdCallback none =
      (fd, name, status, data) -> events.add(name + " " + Status.describe(status));
  private EventLoop loop;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.builder().name("options").logger(log).logLevel(LogLevel.DEBUG).build().start();
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    peers.close();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: the name is copied and silently truncated; callback, fds and log see"
          + " the kept name")
  void nameIsTruncated() throws Exception {
    String longName = "n".repeat(LoopFd.MAX_NAME) + "-cut-off";
    CompletableFuture<String> seen = new CompletableFuture<>();
    LoopFd fd =
        loop.connect(
            longName,
            (f, name, status, data) -> seen.complete(name),
            null,
            null,
            peers.fullQueue("127.0.0.1").toString());

    assertThat(fd.name()).isEqualTo("n".repeat(LoopFd.MAX_NAME));
    assertThat(onLoop(loop, loop::fds))
        .anyMatch(r -> r.name().equals(fd.name()) && r.state().equals("connecting"));
    onLoop(
        loop,
        () -> {
          fd.cancel();
          return null;
        });
    assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(fd.name());
    assertThat(log.has("connect " + fd.name() + " fd", "ECANCELED")).isTrue();
    assertThat(log.has("cut-off")).isFalse();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: the destination is mandatory: null or blank is EINVAL naming it, and"
          + " logged")
  void destinationIsMandatory() {
    for (String to : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> loop.connect("x", none, null, null, to))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("destination IP:port is mandatory")
          .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EINVAL));
    }
    // "If an error occurs, -1 is returned and the reason is logged": bad arguments too.
    assertThat(log.lines())
        .filteredOn(
            l ->
                l.text().contains("connect x: ")
                    && l.text().contains("EINVAL")
                    && l.text().contains("destination"))
        .hasSize(3);
    assertThatThrownBy(
            () -> loop.connect("x", none, null, null, (InetEndpoint) null, Deadline.NEVER))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("destination");
    assertThatThrownBy(() -> loop.connect("x", null, null, null, "127.0.0.1:9"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("callback");
    assertThatThrownBy(() -> loop.connect("named", none, null, null, "localhost:80"))
        .as("IP:port, not a host name")
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(log.has("connect named: ", "EINVAL", "localhost:80")).isTrue();
    assertThatThrownBy(() -> loop.connect("src", none, null, "127.0.0.1", "127.0.0.1:9"))
        .as("a source without a port")
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(log.has("connect src: ", "EINVAL", "127.0.0.1")).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: a source IP:port with port 0 binds the IP and lets the kernel pick the"
          + " port")
  void sourceWithPortZero() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 4);
    CompletableFuture<Endpoint> local = new CompletableFuture<>();
    loop.connect(
        "src",
        (fd, name, status, data) -> {
          if ((status & Status.CONNECTED) != 0) {
            local.complete(fd.local());
            fd.close();
          }
        },
        null,
        "127.0.0.2:0",
        Loopback.where(listener).toString());

    InetEndpoint bound = (InetEndpoint) local.get(5, TimeUnit.SECONDS);
    assertThat(bound.address()).containsExactly(127, 0, 0, 2);
    assertThat(bound.port()).isPositive();
    PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
    assertThat(server.remote()).isEqualTo(bound);
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: an immediate error throws the typed exception and logs the reason; no"
          + " callback")
  void immediateErrorsAreThrownAndLogged() {
    assertThatThrownBy(() -> loop.connect("bcast", none, null, null, "255.255.255.255:80"))
        .isInstanceOf(AddressException.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EADDRNOTAVAIL));
    assertThat(log.has("connect bcast", "EADDRNOTAVAIL", "broadcast")).isTrue();

    assertThatThrownBy(() -> loop.connect("any", none, null, null, "0.0.0.0:80"))
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EDESTADDRREQ));
    assertThat(log.has("connect any", "EDESTADDRREQ")).isTrue();

    assertThatThrownBy(() -> loop.connect("mixed", none, null, "127.0.0.1:0", "[::1]:80"))
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EAFNOSUPPORT));
    assertThat(log.has("connect mixed", "EAFNOSUPPORT")).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: FAILED carries the errno, the reason is logged, the loop closes the"
          + " descriptor")
  void failedIsLogged() throws Exception {
    InetEndpoint closed = peers.closedPort("127.0.0.1");
    Object data = new Object();
    CompletableFuture<String> failed = new CompletableFuture<>();
    LoopFd fd =
        loop.connect(
            "nobody",
            (f, name, status, d) -> {
              if ((status & Status.FAILED) != 0) {
                failed.complete(f.error().name() + " open=" + f.isOpen() + " data=" + (d == data));
              }
            },
            data,
            null,
            closed.toString());

    assertThat(failed.get(5, TimeUnit.SECONDS)).isEqualTo("ECONNREFUSED open=true data=true");
    Await.until("closed by the loop", () -> !fd.isOpen(), BOUND);
    assertThat(log.has("connect nobody fd " + fd.fd() + " -> " + closed, "ECONNREFUSED")).isTrue();
    assertThat(leftOver(loop)).isZero();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: other status bits may be set and must be ignored: a callback testing"
          + " only READABLE sees EOF")
  void unknownBitsAreIgnorable() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 4);
    CompletableFuture<Integer> statusAtEof = new CompletableFuture<>();
    loop.connect(
        "eof",
        (fd, name, status, data) -> {
          if ((status & Status.READABLE) != 0) {
            try {
              if (fd.read(ByteBuffer.allocate(16)) < 0) {
                statusAtEof.complete(status);
                fd.close();
              }
            } catch (IOException e) {
              statusAtEof.completeExceptionally(e);
            }
          }
        },
        null,
        null,
        Loopback.where(listener).toString());
    listener.accept(Deadline.after(BOUND)).close();

    assertThat(Status.describe(statusAtEof.get(5, TimeUnit.SECONDS))).isEqualTo("READABLE|HANGUP");
    Await.until("nothing left", () -> leftOver(loop) == 0, BOUND);
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: the callback may close the connection from inside; no call follows")
  void closeFromInside() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 4);
    loop.connect(
        "once",
        (fd, name, status, data) -> {
          events.add(Status.describe(status));
          fd.close();
        },
        null,
        null,
        Loopback.where(listener).toString());
    PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));

    assertThat(server.recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).as("EOF").isEqualTo(-1);
    assertThat(events).containsExactly("CONNECTED");
    assertThat(leftOver(loop)).isZero();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: the callback may unregister from inside (UT_fd_unreg); the socket"
          + " stays open for the caller")
  void unregisterFromInside() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 4);
    CompletableFuture<Integer> taken = new CompletableFuture<>();
    loop.connect(
        "mine",
        (fd, name, status, data) -> {
          if ((status & Status.CONNECTED) != 0) {
            fd.unregister();
            taken.complete(fd.fd());
          } else {
            events.add("late " + Status.describe(status));
          }
        },
        null,
        null,
        Loopback.where(listener).toString());
    PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
    // Adopted at once so that the Loopback closes it, whatever the assertions say.
    PosixSocket mine = peers.own(PosixSocket.fromDescriptor(taken.get(5, TimeUnit.SECONDS)));

    server.send(ByteBuffer.wrap(new byte[] {42}));
    ByteBuffer in = ByteBuffer.allocate(1);
    assertThat(mine.recv(in, Deadline.after(BOUND))).isEqualTo(1);
    assertThat(in.get(0)).isEqualTo((byte) 42);
    assertThat(leftOver(loop)).isZero();
    assertThat(events).as("the loop no longer calls").isEmpty();
  }

  @Test
  @DisplayName(
      "libut UT_net_listen: each accepted connection's first call is NEW_ACCEPT, before any"
          + " READABLE, even when data came with it")
  void newAcceptBeforeData() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    LoopFd server =
        loop.listen(
            "srv",
            "127.0.0.1:0",
            (fd, name, status, data) -> {
              calls.add(fd.fd() + " " + Status.describe(status));
              if ((status & Status.READABLE) != 0) {
                fd.close(); // one READABLE per connection is enough
              }
            },
            null);
    int clients = 20;
    for (int i = 0; i < clients; i++) {
      PosixSocket c = peers.own(PosixSocket.open(org.dial4j.Network.TCP4, server.local()));
      c.connect(server.local(), Deadline.after(BOUND));
      c.send(ByteBuffer.wrap(new byte[] {1})); // at once: the data may be there before accept
    }

    Await.until(
        "every client read",
        () -> calls.stream().filter(c -> c.contains("READABLE")).count() == clients,
        BOUND);
    // Per descriptor number, in order: NEW_ACCEPT first, alone.
    java.util.Map<String, List<String>> byFd = new java.util.LinkedHashMap<>();
    for (String c : calls) {
      String[] parts = c.split(" ", 2);
      byFd.computeIfAbsent(parts[0], k -> new java.util.ArrayList<>()).add(parts[1]);
    }
    assertThat(calls.stream().filter(c -> c.endsWith(" NEW_ACCEPT")).count()).isEqualTo(clients);
    for (List<String> seq : byFd.values()) {
      // A number can be reused by the next accept after a close: NEW_ACCEPT, READABLE, repeated.
      for (int i = 0; i < seq.size(); i += 2) {
        assertThat(seq.get(i)).isEqualTo("NEW_ACCEPT");
        assertThat(seq.get(i + 1)).startsWith("READABLE");
      }
    }
    assertThat(onLoop(loop, loop::registeredCount)).as("only the listener").isEqualTo(1);
  }

  @Test
  @DisplayName("libut UT_net_listen: a port in use is EADDRINUSE; a bad IP:port is EINVAL")
  void listenErrors() throws Exception {
    LoopFd first = loop.listen("first", "127.0.0.1:0", none, null);

    assertThatThrownBy(() -> loop.listen("second", first.local().toString(), none, null))
        .isInstanceOf(AddressException.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EADDRINUSE));
    assertThatThrownBy(() -> loop.listen("bad", "127.0.0.1", none, null))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(onLoop(loop, loop::registeredCount)).isEqualTo(1);
  }
}
