package org.dial4j.dial;

import java.io.IOException;
import java.util.Objects;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.internal.SocketKinds;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DialRace} on an {@link EventLoop}: its clock, its timers, and its named connect, whose
 * winner becomes a {@link Connection}. Attempts show in the loop's {@code fds} view under the
 * dial's name ({@code dial host:port}) while they run.
 */
final class LoopDriver implements DialDriver<Connection> {
  private final EventLoop loop;

  LoopDriver(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public long nanoTime() {
    return loop.clock().nanoTime();
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public Cancel schedule(long atNanos, Runnable task) {
    return loop.schedule(task, Deadline.at(atNanos))::cancel;
  }

  @Override
  public Attempt start(
      String name,
      @Nullable InetEndpoint source,
      InetEndpoint target,
      Deadline deadline,
      AttemptSink<Connection> sink)
      throws IOException {
    FdCallback cb =
        (lf, n, status, data) -> {
          if ((status & Status.CONNECTED) != 0) {
            sink.connected(Connection.adopt(lf, SocketKinds.streamNetwork(target.family())));
          } else if ((status & Status.FAILED) != 0) {
            sink.failed(Objects.requireNonNull(lf.failure(), "FAILED comes with its error"));
          }
        };
    LoopFd lf = loop.connect(name, cb, null, source, target, deadline);
    return () -> {
      if (lf.isOpen() && (lf.flags() & org.dial4j.loop.FdFlags.CONNECTING) != 0) {
        lf.cancel();
      }
    };
  }

  @Override
  public void discard(Connection connection) {
    connection.close();
  }

  @Override
  public @Nullable InetEndpoint local(Connection connection) {
    return connection.local();
  }

  EventLoop loop() {
    return loop;
  }
}
