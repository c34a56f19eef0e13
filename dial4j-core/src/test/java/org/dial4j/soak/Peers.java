package org.dial4j.soak;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.socket.Loopback;

/**
 * The peers of one phase, the parent's, made inside the phase's namespace (by {@code Netns.call},
 * so that every socket, and the thread of the loop that accepts, belongs to it): listeners that
 * accept and close at once on a loop of their own, ports bound but not listening, full accept
 * queues. The child dials them; the parent's descriptors are its own business, counted apart.
 */
final class Peers implements AutoCloseable {
  private final EventLoop server;
  private final Loopback sockets = new Loopback();
  private final Map<Target, InetEndpoint> endpoints = new EnumMap<>(Target.class);
  private final LongAdder accepted = new LongAdder();

  private Peers(EventLoop server) {
    this.server = server;
  }

  /** The peers {@code phase} dials; on a thread inside its namespace. */
  static Peers open(Phase phase) throws IOException {
    Peers p = new Peers(EventLoop.start("soak-peers-" + phase.label()));
    try {
      p.make(phase);
      return p;
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void make(Phase phase) throws IOException {
    FdCallback acceptAndClose =
        (fd, name, status, data) -> {
          if ((status & Status.NEW_ACCEPT) != 0) {
            accepted.increment();
            fd.close();
          }
        };
    // The silent first family needs ::1's full queue at the port of 127.0.0.1's listener: tried
    // until a port free on both turns up (the first, in a namespace of its own).
    for (int tries = 0; ; tries++) {
      LoopFd live4 = server.listen("live4", "127.0.0.1:0", acceptAndClose, null);
      InetEndpoint at = (InetEndpoint) live4.local();
      try {
        endpoints.put(Target.FULL6, sockets.fullQueue(Endpoint.parseInet("[::1]:" + at.port())));
        endpoints.put(Target.LIVE4, at);
        break;
      } catch (IOException taken) {
        server.submit(() -> close(live4)).join();
        if (tries == 10) {
          throw taken;
        }
      }
    }
    endpoints.put(
        Target.LIVE6,
        (InetEndpoint) server.listen("live6", "[::1]:0", acceptAndClose, null).local());
    endpoints.put(Target.REFUSED4, sockets.closedPort("127.0.0.1"));
    endpoints.put(Target.REFUSED6, sockets.closedPort("::1"));
    endpoints.put(Target.FULL4, sockets.fullQueue("127.0.0.1"));
    if (phase == Phase.PORTS) {
      endpoints.put(
          Target.EXHAUSTED4,
          (InetEndpoint) server.listen("exhausted", "127.0.0.1:0", acceptAndClose, null).local());
    }
  }

  private static Void close(LoopFd fd) {
    fd.close();
    return null;
  }

  Targets targets() {
    return new Targets(endpoints);
  }

  /** How many connections the listeners accepted. */
  long accepted() {
    return accepted.sum();
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.close();
  }
}
