package org.dial4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
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
    return (InetEndpoint) l.localEndpoint();
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
   * A 127.0.0.1 port nobody listens on: held by a socket bound to 0.0.0.0 (so the kernel picks
   * the port at bind and no one else can take it) that does not listen, so a SYN gets RST.
   */
  InetEndpoint closedPort() throws IOException {
    PosixSocket s = tcp(Family.INET);
    s.bind(InetEndpoint.of(new byte[4], 0));
    return InetEndpoint.of(V4_LOOPBACK, ((InetEndpoint) s.localEndpoint()).port());
  }

  /**
   * A 127.0.0.1 listener whose accept queue is full (backlog 0 admits the one connection made
   * here), so the kernel drops further SYNs and a connect to it stays pending.
   */
  InetEndpoint fullQueue() throws IOException {
    InetEndpoint at = listener(V4_LOOPBACK, 0);
    tcp(Family.INET).connect(at, Deadline.after(java.time.Duration.ofSeconds(5)));
    return at;
  }

  @Override
  public void close() throws IOException {
    for (PosixSocket s : owned.reversed()) {
      s.close();
    }
    owned.clear();
  }
}
