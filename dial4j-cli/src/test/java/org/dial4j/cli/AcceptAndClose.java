package org.dial4j.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LogLevel;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;

/**
 * A loopback server for storm tests, like {@code bench/acceptd --close}: listeners on 127.0.0.1 ..
 * 127.0.0.N, all on one port, on a dial4j event loop of its own; each accepted connection is
 * tallied by (client address, server address) and closed at once.
 */
final class AcceptAndClose implements AutoCloseable {
  private final EventLoop loop;
  private int port;

  /** "src->dst" by address, e.g. "127.0.0.2->127.0.0.1"; guarded by this. */
  private final Map<String, Long> tally = new HashMap<>();

  private long accepted;

  private AcceptAndClose(EventLoop loop) {
    this.loop = loop;
  }

  /** Listens on 127.0.0.1 .. 127.0.0.{@code n}, on the port the kernel picks for the first. */
  static AcceptAndClose on(int n) throws IOException {
    EventLoop loop = EventLoop.builder().name("acceptor").logLevel(LogLevel.ERROR).build().start();
    AcceptAndClose server = new AcceptAndClose(loop);
    try {
      // Another socket may hold that port on 127.0.0.2..n: then take a new port and try again.
      for (int attempt = 1; ; attempt++) {
        List<LoopFd> made = new ArrayList<>();
        try {
          made.add(loop.listen("acceptor", v4(1, 0), 4096, server::onEvent, null));
          server.port = ((InetEndpoint) made.getFirst().local()).port();
          for (int i = 2; i <= n; i++) {
            made.add(loop.listen("acceptor", v4(i, server.port), 4096, server::onEvent, null));
          }
          return server;
        } catch (IOException e) {
          made.forEach(LoopFd::close);
          if (attempt == 5 || NetError.errnoOf(e).orElse(null) != Errno.EADDRINUSE) {
            throw e;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      loop.close();
      throw e;
    }
  }

  /** 127.0.0.{@code last}:{@code port}. */
  static InetEndpoint v4(int last, int port) {
    return InetEndpoint.of(new byte[] {127, 0, 0, (byte) last}, port);
  }

  int port() {
    return port;
  }

  private void onEvent(LoopFd fd, String name, int status, Object data) {
    if ((status & Status.NEW_ACCEPT) != 0) {
      String key = address(fd.remote()) + "->" + address(fd.local());
      fd.close();
      synchronized (this) {
        tally.merge(key, 1L, Long::sum);
        accepted++;
        notifyAll();
      }
    }
  }

  private static String address(Object endpoint) {
    String s = String.valueOf(endpoint);
    return s.substring(0, s.lastIndexOf(':'));
  }

  /** Connections accepted so far. */
  synchronized long accepted() {
    return accepted;
  }

  /** Waits until {@code n} connections have been accepted or {@code timeout} passes; the count. */
  synchronized long awaitAccepted(long n, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); accepted < n && left > 0; left = end - System.nanoTime()) {
      wait(Math.max(1, left / 1_000_000));
    }
    return accepted;
  }

  /** Accepted connections by "client address->server address". */
  synchronized Map<String, Long> tally() {
    return Map.copyOf(tally);
  }

  @Override
  public void close() {
    loop.close(); // closes the listeners
  }
}
