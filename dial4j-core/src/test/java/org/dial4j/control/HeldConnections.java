package org.dial4j.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.Status;
import org.dial4j.testing.Await;

/**
 * {@code n} connections a loop holds (as in {@link ControlFds1000Test}), so that its {@code fds}
 * has {@code n} rows to render: connected from the loop under test to a listener on a second loop,
 * which holds the accepted side.
 */
final class HeldConnections implements AutoCloseable {
  /** Accepts and holds; closes its side at end of stream. */
  static final FdCallback HOLD =
      (fd, name, status, data) -> {
        if ((status & Status.READABLE) != 0) {
          try {
            if (fd.read(ByteBuffer.allocate(64)) < 0) {
              fd.close();
            }
          } catch (IOException e) {
            fd.close();
          }
        }
      };

  private final EventLoop holder;
  private final String target;

  private HeldConnections(EventLoop holder, String target) {
    this.holder = holder;
    this.target = target;
  }

  /** Opens {@code n} connections from {@code loop}, and returns once all are connected. */
  static HeldConnections open(EventLoop loop, int n, Duration bound) throws IOException {
    EventLoop holder = EventLoop.start(loop.name() + "-holder");
    try {
      String target = holder.listen("holder", "127.0.0.1:0", HOLD, null).local().toString();
      AtomicInteger connected = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      FdCallback cb =
          (fd, name, status, data) -> {
            if ((status & Status.CONNECTED) != 0) {
              connected.incrementAndGet();
            }
            if ((status & Status.FAILED) != 0) {
              failed.incrementAndGet();
            }
            if ((status & Status.READABLE) != 0) {
              HOLD.onEvent(fd, name, status, data);
            }
          };
      for (int i = 0; i < n; i++) {
        loop.connect("conn-" + i, cb, null, null, target);
      }
      Await.until(n + " connects to end", () -> connected.get() + failed.get() == n, bound);
      if (failed.get() != 0) {
        throw new AssertionError(failed.get() + " of " + n + " connects failed");
      }
      return new HeldConnections(holder, target);
    } catch (IOException | RuntimeException | Error e) {
      holder.close();
      throw e;
    }
  }

  /** The holder's listener, IP:port: a target that accepts at once. */
  String target() {
    return target;
  }

  /**
   * Closes the holder loop, and with it the accepted side of every connection (first, so that
   * TIME_WAIT lands on the holder's port and not on ephemeral ports of this host); the loop under
   * test then closes its side when it reads the end of stream.
   */
  @Override
  public void close() {
    holder.close();
  }
}
