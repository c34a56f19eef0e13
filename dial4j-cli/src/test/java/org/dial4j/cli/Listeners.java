package org.dial4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.socket.PosixSocket;
import org.junit.jupiter.api.Assumptions;

/** Real loopback peers for the command's tests; {@link #close()} closes every socket made. */
final class Listeners implements AutoCloseable {
  static final byte[] V4_LOOPBACK = {127, 0, 0, 1};
  static final byte[] V6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

  private final List<PosixSocket> owned = new ArrayList<>();

  private PosixSocket tcp(Family family) throws IOException {
    PosixSocket s = PosixSocket.open(family, Network.SocketType.STREAM);
    owned.add(s);
    return s;
  }

  /** A listener on {@code address} with a port the kernel picks; returns where it listens. */
  InetEndpoint listener(byte[] address, int backlog) throws IOException {
    InetEndpoint at = InetEndpoint.of(address, 0);
    PosixSocket l = tcp(at.family());
    l.bind(at);
    l.listen(backlog);
    return (InetEndpoint) l.local();
  }

  /**
   * A listener on {@code address}:{@code port}, or empty when that port is taken there (another
   * test or program holds it: pick another port and try again).
   */
  Optional<InetEndpoint> listenerAt(byte[] address, int port, int backlog) throws IOException {
    InetEndpoint at = InetEndpoint.of(address, port);
    PosixSocket l = tcp(at.family());
    try {
      l.bind(at);
    } catch (IOException e) {
      if (NetError.errnoOf(e).orElse(null) == Errno.EADDRINUSE) {
        return Optional.empty();
      }
      throw e;
    }
    l.listen(backlog);
    return Optional.of(at);
  }

  /** A listener on ::1, or the test is skipped (with the reason) where there is no IPv6. */
  InetEndpoint v6Listener() {
    try {
      return listener(V6_LOOPBACK, 8);
    } catch (IOException e) {
      return Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
    }
  }

  /**
   * A 127.0.0.1 port nobody listens on: held by a socket bound to 0.0.0.0 (so the kernel picks the
   * port at bind and no one else can take it) that does not listen, so a SYN gets RST.
   */
  InetEndpoint closedPort() throws IOException {
    PosixSocket s = tcp(Family.INET);
    s.bind(InetEndpoint.of(new byte[4], 0));
    return InetEndpoint.of(V4_LOOPBACK, ((InetEndpoint) s.local()).port());
  }

  /**
   * A 127.0.0.1 listener whose accept queue is full (backlog 0 admits the one connection made
   * here), so the kernel drops further SYNs and a connect to it stays pending.
   */
  InetEndpoint fullQueue() throws IOException {
    return fill(listener(V4_LOOPBACK, 0));
  }

  /** Fills the accept queue of a backlog-0 listener at {@code at} with one connection. */
  InetEndpoint fill(InetEndpoint at) throws IOException {
    tcp(at.family()).connect(at, Deadline.after(java.time.Duration.ofSeconds(5)));
    return at;
  }

  /**
   * A 127.0.0.1 listener whose port is held on ::1 by a socket that does not listen, so that {@code
   * [::1]:port} refuses and {@code 127.0.0.1:port} accepts; skipped without IPv6.
   */
  InetEndpoint v4ListenerV6Refusing() throws IOException {
    return v4ListenerBeside(false);
  }

  /**
   * A 127.0.0.1 listener whose port is also a full-queue listener on ::1, so that a connect to
   * {@code [::1]:port} stays pending and {@code 127.0.0.1:port} accepts; skipped without IPv6.
   */
  InetEndpoint v4ListenerV6Stuck() throws IOException {
    return v4ListenerBeside(true);
  }

  private InetEndpoint v4ListenerBeside(boolean stuck) throws IOException {
    InetEndpoint v6 = v6Listener(); // skips the test where there is no ::1
    for (int tries = 0; tries < 20; tries++) {
      InetEndpoint v4 = listener(V4_LOOPBACK, 8);
      InetEndpoint at = InetEndpoint.of(V6_LOOPBACK, v4.port());
      if (stuck) {
        if (listenerAt(V6_LOOPBACK, v4.port(), 0).isPresent()) {
          fill(at);
          return v4;
        }
      } else {
        PosixSocket held = tcp(Family.INET6);
        try {
          held.bind(at);
          return v4;
        } catch (IOException e) {
          if (NetError.errnoOf(e).orElse(null) != Errno.EADDRINUSE) {
            throw e;
          }
        }
      }
    }
    throw new IOException("no port free on both 127.0.0.1 and ::1 after 20 tries (" + v6 + ")");
  }

  @Override
  public void close() throws IOException {
    for (PosixSocket s : owned.reversed()) {
      s.close();
    }
    owned.clear();
  }
}
