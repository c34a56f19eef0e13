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
import org.dial4j.loop.FdFlags;
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

  /** The dialer whose driver this is on {@link #loop} (its dials reach their dialer through it). */
  private final Dialer dialer;

  private final SocketSettings sockets;
  private final Syscalls sys;

  LoopDriver(EventLoop loop, Dialer dialer, SocketSettings sockets) {
    this.loop = loop;
    this.dialer = dialer;
    this.sockets = sockets;
    this.sys = LoopAccess.syscalls(loop);
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
  public DialAttempt<Connection> attempt(
      DialRace<Connection> race, int number, InetEndpoint target, long startedAt) {
    return new LoopAttempt(race, number, target, startedAt);
  }

  @Override
  public void start(
      String name,
      @Nullable InetEndpoint source,
      DialAttempt<Connection> attempt,
      Deadline deadline)
      throws IOException {
    LoopAttempt a = (LoopAttempt) attempt;
    // A blocking dial's caller may have opened this (a literal's only) connect itself already.
    Object opened = a.race.outcome() instanceof DialTask t ? t.takeOpened() : null;
    a.lf =
        opened != null
            ? CallerConnect.adopt(opened, a, deadline)
            : (LoopFd) LoopAccess.connect(loop, name, a, source, a.target, deadline, a);
  }

  /**
   * One attempt on the loop, as one object with the race's (the connect path counts its bytes): the
   * named connect's callback, its set-up between {@code socket(2)} and {@code connect(2)} (the
   * dialer's options), and its cancel.
   */
  private static final class LoopAttempt extends DialAttempt<Connection>
      implements FdCallback, SocketSetup {
    /** The connect's descriptor, set as soon as the connect returns it. */
    private @Nullable LoopFd lf;

    LoopAttempt(DialRace<Connection> race, int number, InetEndpoint target, long startedAt) {
      super(race, number, target, startedAt);
    }

    @Override
    public void onEvent(LoopFd f, String name, int status, @Nullable Object data) {
      if ((status & Status.CONNECTED) != 0) {
        connected(Connection.adopt(f, SocketKinds.streamNetwork(target.family())));
      } else if ((status & Status.FAILED) != 0) {
        failed(Objects.requireNonNull(f.failure(), "FAILED comes with its error"));
      }
    }

    /** Its driver: the dialer's socket options and the loop's system calls. */
    private LoopDriver driver() {
      return (LoopDriver) race.driver();
    }

    @Override
    public int protocol() {
      return driver().sockets.protocol();
    }

    @Override
    public void prepare(int fd, int refused) throws IOException {
      if (refused != 0) {
        multipathRefused(Errno.lookup(refused).orElse(Errno.EINVAL));
      }
      LoopDriver d = driver();
      // The source the race started it from (DialRace.startNext: the dialer's, by family).
      d.sockets.apply(d.sys, fd, race.source(target), target);
    }

    @Override
    void cancel() {
      LoopFd f = lf;
      if (f != null && f.isOpen() && (f.flags() & FdFlags.CONNECTING) != 0) {
        f.cancel();
      }
    }
  }

  @Override
  public @Nullable String stopped() {
    if (loop.isRunning()) {
      return null;
    }
    // As the loop's close hook says it (DialTask.run).
    return loop.failure().isPresent() ? "the event loop died" : "the event loop closed";
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

  Dialer dialer() {
    return dialer;
  }
}
