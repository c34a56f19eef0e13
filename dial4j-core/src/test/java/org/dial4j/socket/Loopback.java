package org.dial4j.socket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;

/**
 * Real loopback peers for socket tests. Every socket made here is owned by the instance and closed
 * by {@link #close()}, so a test that uses it in try-with-resources leaks nothing.
 */
public final class Loopback implements AutoCloseable {
  private final List<PosixSocket> owned = new ArrayList<>();

  /** Keeps {@code s} to close at the end. */
  public PosixSocket own(PosixSocket s) {
    owned.add(s);
    return s;
  }

  /** A TCP socket of {@code family}, owned. */
  public PosixSocket tcp(Family family) throws IOException {
    return own(PosixSocket.open(family, Network.SocketType.STREAM));
  }

  /** A UDP socket of {@code family}, owned. */
  public PosixSocket udp(Family family) throws IOException {
    return own(PosixSocket.open(family, Network.SocketType.DGRAM));
  }

  /** A TCP listener on {@code ip} port 0 with {@code backlog}; its endpoint via {@link #where}. */
  public PosixSocket listener(String ip, int backlog) throws IOException {
    InetEndpoint at = InetEndpoint.of(ipBytes(ip), 0);
    PosixSocket l = tcp(at.family());
    l.bind(at);
    l.listen(backlog);
    return l;
  }

  /** The bound address of a socket. */
  public static InetEndpoint where(PosixSocket s) throws IOException {
    return (InetEndpoint) s.local();
  }

  /**
   * A loopback port nobody listens on: bound (so no other socket takes it) but not listening, so a
   * connect to it is refused. Kept bound until {@link #close()}.
   */
  public InetEndpoint closedPort(String ip) throws IOException {
    InetEndpoint at = InetEndpoint.of(ipBytes(ip), 0);
    PosixSocket s = tcp(at.family());
    // Bound to the unspecified address so the kernel picks the port now (dial4j defers it to
    // connect only for a chosen IP), which reserves it on every local address.
    s.bind(InetEndpoint.of(new byte[at.address().length], 0));
    return at.withPort(where(s).port());
  }

  /**
   * A listener whose accept queue is full: backlog 0 admits one queued connection (which this
   * makes), and the kernel then drops further SYNs, so a connect to it stays pending until the
   * client gives up. This is how tests get a connect that does not finish, on loopback.
   */
  public InetEndpoint fullQueue(String ip) throws IOException {
    return fullQueue(InetEndpoint.of(ipBytes(ip), 0));
  }

  /** {@link #fullQueue(String)} at {@code local}: a chosen port, or 0 for the kernel's choice. */
  public InetEndpoint fullQueue(InetEndpoint local) throws IOException {
    PosixSocket l = tcp(local.family());
    l.bind(local);
    l.listen(0);
    InetEndpoint at = where(l);
    PosixSocket filler = tcp(at.family());
    filler.connect(at, Deadline.after(java.time.Duration.ofSeconds(5)));
    return at;
  }

  /**
   * A pipe's two ends adopted as sockets (read end first), owned: descriptors that are no socket,
   * for ENOTSOCK.
   */
  public PosixSocket[] pipe() {
    int[] fds = org.dial4j.testing.RawFds.pipe2(org.dial4j.sys.Sys.O_CLOEXEC);
    return new PosixSocket[] {
      own(PosixSocket.fromDescriptor(fds[0])), own(PosixSocket.fromDescriptor(fds[1]))
    };
  }

  static byte[] ipBytes(String ip) {
    return Endpoint.parseInet(ip.contains(":") ? "[" + ip + "]:0" : ip + ":0").address();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (PosixSocket s : owned.reversed()) {
      try {
        s.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    owned.clear();
    if (first != null) {
      throw first;
    }
  }
}
