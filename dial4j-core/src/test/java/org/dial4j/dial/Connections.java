package org.dial4j.dial;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.Status;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;

/**
 * Real loopback connections for {@link Connection} tests: a listener (a blocking {@link
 * PosixSocket}) per call, a named connect on the loop, and {@link Connection#adopt} inside its
 * CONNECTED callback. {@link #close()} closes every connection, then the loop, then the peers.
 */
final class Connections implements AutoCloseable {
  static final Duration BOUND = Duration.ofSeconds(5);

  /** A client {@link Connection} and the peer the listener accepted for it. */
  record Pair(Connection client, PosixSocket server) {}

  final EventLoop loop;
  final Loopback peers = new Loopback();
  private final List<Connection> made = new ArrayList<>();

  Connections(String loopName) throws IOException {
    this.loop = EventLoop.start(loopName);
  }

  /**
   * Holds {@code loop}'s thread in a task until the returned latch is counted down (a test that
   * proves a step needs no turn of the loop); returns once the loop is in it.
   */
  static CountDownLatch hold(EventLoop loop) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> held = new CompletableFuture<>();
    loop.execute(
        () -> {
          held.complete(null);
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    held.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    return release;
  }

  /** One connection to a fresh listener on {@code ip}. */
  Pair connect(String ip) throws Exception {
    return connect(peers.listener(loopback(ip), 4));
  }

  /** One connection to {@code listener}. */
  Pair connect(PosixSocket listener) throws Exception {
    InetEndpoint at = Loopback.where(listener);
    CompletableFuture<Connection> adopted = new CompletableFuture<>();
    loop.connect(
        "conn",
        (lf, name, status, data) -> {
          if ((status & Status.CONNECTED) != 0) {
            adopted.complete(Connection.adopt(lf, null));
          } else if ((status & Status.FAILED) != 0) {
            adopted.completeExceptionally(lf.failure());
          }
        },
        null,
        null,
        at.toString(),
        Deadline.after(BOUND));
    PosixSocket server = peers.own(listener.accept(Deadline.after(BOUND)));
    Connection c = adopted.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    synchronized (made) {
      made.add(c);
    }
    return new Pair(c, server);
  }

  /** The loopback address to test, skipping ::1 (with the reason) where there is no IPv6. */
  static String loopback(String ip) {
    if (ip.contains(":")) {
      assumeThat(ipv6Loopback()).as("this machine has IPv6 on loopback (::1)").isTrue();
    }
    return ip;
  }

  private static boolean ipv6Loopback() {
    try (PosixSocket s = PosixSocket.open(Family.INET6, Network.SocketType.STREAM)) {
      s.bind(Endpoint.parseInet("[::1]:0"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (made) {
      made.forEach(Connection::close);
    }
    loop.close();
    peers.close();
  }
}
