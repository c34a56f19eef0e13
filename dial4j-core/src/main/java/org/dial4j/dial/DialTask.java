package org.dial4j.dial;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Endpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.EventLoop;

/**
 * One dial in progress: where it runs, so that it can be cancelled from any thread; where its
 * outcome goes (a callback or a future); and its loop's close hook while it runs.
 */
final class DialTask implements DialHandle, Runnable, DialRace.Outcome<Connection> {
  private static final int RUNNING = 0;

  /** {@link #cancel()} asked first: the callback gets ECANCELED whatever the race does next. */
  private static final int CANCELLED = 1;

  private static final int DONE = 2;

  /** The dialer's dials in progress, which this one leaves when it ends. */
  private final Set<DialTask> running;

  final Network network;
  final Endpoint target;
  final DialCallback callback;
  final DialFuture future;
  final AtomicInteger state = new AtomicInteger(RUNNING);
  EventLoop loop;
  DialRace<Connection> race;

  DialTask(
      Set<DialTask> running,
      Network network,
      Endpoint target,
      DialCallback callback,
      DialFuture future) {
    this.running = running;
    this.network = network;
    this.target = target;
    this.callback = callback;
    this.future = future;
  }

  @Override
  public boolean cancel() {
    if (!state.compareAndSet(RUNNING, CANCELLED)) {
      return false;
    }
    cancelRace("the dial was cancelled");
    return true;
  }

  @Override
  public boolean isDone() {
    return state.get() == DONE;
  }

  /** The loop closes (or died): end this dial with ECANCELED. On the loop thread. */
  @Override
  public void run() {
    race.cancel(loop.failure().isPresent() ? "the event loop died" : "the event loop closed");
  }

  /** Ends the race with ECANCELED for {@code why}, on its loop; from any thread. */
  void cancelRace(String why) {
    DialRace<Connection> r = race;
    if (r == null) {
      return; // not started: start() ends it
    }
    if (loop.inLoop()) {
      r.cancel(why);
      return;
    }
    try {
      loop.execute(() -> r.cancel(why));
    } catch (RejectedExecutionException closing) {
      // The loop's close hook (this task) cancels it.
    }
  }

  /** The dial could not start: the outcome now, on the calling thread. */
  void failEarly(IOException e) {
    state.set(DONE);
    if (callback != null) {
      runCallback(callback, null, e);
    } else {
      future.settle(null, e);
    }
  }

  @Override
  public void won(Connection c) {
    ended();
    if (callback != null) {
      if (state.getAndSet(DONE) == CANCELLED) {
        // cancel() said it ended the dial: keep that promise, close what connected meanwhile.
        c.close();
        runCallback(callback, null, cancelledAsItConnected());
      } else {
        runCallback(callback, c, null);
      }
      return;
    }
    state.set(DONE);
    if (future.complete(c)) {
      future.settled.complete(c);
    } else {
      // The future was cancelled meanwhile: nobody will take this connection.
      c.close();
      future.settled.completeExceptionally(cancelledAsItConnected());
    }
  }

  @Override
  public void failed(IOException e) {
    ended();
    if (state.getAndSet(DONE) == CANCELLED && NetError.errnoOf(e).orElse(null) != Errno.ECANCELED) {
      // cancel() said the callback gets ECANCELED: a failure at the same moment is kept with it.
      IOException cancelled =
          NetError.of(
              Errno.ECANCELED, Operation.CONNECT, network, null, target, "the dial was cancelled");
      cancelled.addSuppressed(e);
      e = cancelled;
    }
    if (callback != null) {
      runCallback(callback, null, e);
    } else {
      future.settle(null, e);
    }
  }

  private IOException cancelledAsItConnected() {
    return NetError.of(
        Errno.ECANCELED,
        Operation.CONNECT,
        network,
        null,
        target,
        "the dial was cancelled as it connected; the connection was closed");
  }

  /** The race is over: this dialer and the loop let go of it. On the loop thread. */
  private void ended() {
    running.remove(this);
    loop.removeCloseHook(this);
  }

  /** Calls the callback; what it throws is logged and does not stop the dial from settling. */
  static void runCallback(DialCallback callback, Connection c, IOException e) {
    try {
      callback.onDial(c, e);
    } catch (RuntimeException failed) {
      System.getLogger(Dialer.class.getName())
          .log(System.Logger.Level.WARNING, "dial callback threw", failed);
    }
  }
}
