package org.dial4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.socket.PosixSocket;

/**
 * The demo's peer: a listener on 127.0.0.1 (a port the kernel picks) and one platform thread that
 * accepts one connection, sends back what it reads until end of stream, and closes it. Every wait
 * is bounded, and {@link #close()} closes the listener (ending a pending accept with ECANCELED) and
 * joins the thread, so nothing outlives the demo.
 */
final class EchoServer implements AutoCloseable {
  private final PosixSocket listener;
  private final InetEndpoint endpoint;
  private final Duration bound;
  private final Thread thread;
  private volatile String report = "no connection was accepted";

  private EchoServer(PosixSocket listener, Duration bound) throws IOException {
    this.listener = listener;
    this.endpoint = (InetEndpoint) Objects.requireNonNull(listener.local());
    this.bound = bound;
    this.thread = Thread.ofPlatform().name("dial4j-demo-echo").daemon(true).unstarted(this::serve);
  }

  /**
   * Listens on 127.0.0.1 and starts the thread.
   *
   * @param bound the longest any one wait may take (accept, each read, each write, the join)
   */
  static EchoServer start(Duration bound) throws IOException {
    PosixSocket l = PosixSocket.open(Family.INET, Network.SocketType.STREAM);
    try {
      l.bind(InetEndpoint.of(new byte[] {127, 0, 0, 1}, 0));
      l.listen(1); // the kernel picks the port here (bind deferred it: IP_BIND_ADDRESS_NO_PORT)
      EchoServer s = new EchoServer(l, bound);
      s.thread.start();
      return s;
    } catch (IOException | RuntimeException e) {
      l.close();
      throw e;
    }
  }

  /** Where it listens. */
  InetEndpoint endpoint() {
    return endpoint;
  }

  /** What the thread did, for the demo to print once it has been joined. */
  String report() {
    return report;
  }

  private void serve() {
    try (PosixSocket c = listener.accept(Deadline.after(bound))) {
      String peer = String.valueOf(c.remote());
      ByteBuffer buf = ByteBuffer.allocate(1024);
      long echoed = 0;
      while (true) {
        buf.clear();
        int n = c.recv(buf, Deadline.after(bound));
        if (n < 0) {
          break; // end of stream: the client closed its side
        }
        buf.flip();
        while (buf.hasRemaining()) {
          c.send(buf, Deadline.after(bound));
        }
        echoed += n;
      }
      report = "accepted " + peer + ", echoed " + echoed + " bytes, read end of stream, closed";
    } catch (IOException e) {
      report = "failed: " + e.getMessage();
    }
  }

  /**
   * Closes the listener and waits (at most the bound) for the thread.
   *
   * @return whether the thread has ended
   */
  boolean stop() throws IOException {
    listener.close();
    try {
      return thread.join(bound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
