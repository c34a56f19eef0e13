package org.dial4j.dial;

import java.io.IOException;
import java.util.Objects;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.internal.LoopAccess;
import org.dial4j.internal.SocketKinds;
import org.dial4j.internal.SocketSetup;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DialRace} on an {@link EventLoop}: its clock, its timers, and its named connect, whose
 * winner becomes a {@link Connection}. Attempts show in the loop's {@code fds} view under the
 * dial's name ({@code dial host:port}) while they run. Each attempt's socket gets the dialer's
 * socket options ({@link SocketSettings}) between {@code socket(2)} and {@code connect(2)}.
 */
final class LoopDriver implements DialDriver<Connection> {
  private final EventLoop loop;
  private final SocketSettings sockets;

  LoopDriver(EventLoop loop, SocketSettings sockets) {
    this.loop = loop;
    this.sockets = sockets;
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
    Syscalls sys = LoopAccess.syscalls(loop);
    SocketSetup setup =
        new SocketSetup() {
          @Override
          public int protocol() {
            return sockets.protocol();
          }

          @Override
          public void prepare(int fd, int refused) throws IOException {
            if (refused != 0) {
              sink.multipathRefused(Errno.lookup(refused).orElse(Errno.EINVAL));
            }
            sockets.apply(sys, fd, source, target);
          }
        };
    LoopFd lf = (LoopFd) LoopAccess.connect(loop, name, cb, source, target, deadline, setup);
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
