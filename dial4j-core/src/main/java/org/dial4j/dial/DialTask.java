package org.dial4j.dial;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.LoopAccess;
import org.dial4j.internal.LoopHooks;
import org.dial4j.loop.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * One dial in progress: where it runs, so that it can be cancelled from any thread; where its
 * outcome goes (a callback or a future); and its loop's close hook while it runs.
 */
final class DialTask extends LoopHooks.Hook implements DialHandle, DialRace.Outcome<Connection> {
  private static final int RUNNING = 0;

  /** {@link #cancel()} asked first: the callback gets ECANCELED whatever the race does next. */
  private static final int CANCELLED = 1;

  private static final int DONE = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(DialTask.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Where the outcome goes: a {@link DialCallback} or a {@link DialFuture} (one field, not two).
   */
  private final Object to;

  /** {@code RUNNING}, {@code CANCELLED} or {@code DONE}, through {@link #STATE}. */
  @SuppressWarnings("unused") // through STATE
  private volatile int state = RUNNING;

  /**
   * Set by {@link Dialer}'s start before the race starts or the loop holds this task; its driver
   * knows the loop (no field of its own for it).
   */
  @Nullable DialRace<Connection> race;

  /**
   * What a blocking dial's caller opened before the race (its first attempt; {@link
   * CallerConnect}), until the race takes it or ends without it. Set before the loop holds this
   * task; then the loop's thread's (or the caller's, if the loop refused the race).
   */
  private @Nullable Object opened;

  /**
   * @param to where the outcome goes: a {@link DialCallback} or a {@link DialFuture}
   */
  DialTask(Object to) {
    if (!(to instanceof DialCallback) && !(to instanceof DialFuture)) {
      throw new IllegalArgumentException("neither a callback nor a future: " + to);
    }
    this.to = to;
  }

  /**
   * Its dialer, which counts it in progress until it ends and cancels it when it closes: its race's
   * driver's (a dialer's own; no field here for it). Once started.
   */
  Dialer dialer() {
    return ((LoopDriver) race().driver()).dialer();
  }

  /** The callback face's callback, or null for the future faces. */
  private @Nullable DialCallback callback() {
    return to instanceof DialCallback c ? c : null;
  }

  /** The loop the race runs on (its driver's). */
  private static EventLoop loopOf(DialRace<Connection> r) {
    return ((LoopDriver) r.driver()).loop();
  }

  @Override
  public boolean cancel() {
    return cancel("the dial was cancelled");
  }

  /** {@link #cancel()}, the dial's ECANCELED saying {@code why}. */
  boolean cancel(String why) {
    if (!STATE.compareAndSet(this, RUNNING, CANCELLED)) {
      return false;
    }
    cancelRace(why);
    return true;
  }

  @Override
  public boolean isDone() {
    return state == DONE;
  }

  /** Keeps what the caller opened for the race ({@link CallerConnect#open}). Before it starts. */
  void opened(Object o) {
    opened = o;
  }

  /** What the caller opened, for the race's first attempt; null once taken (or if none). */
  @Nullable Object takeOpened() {
    Object o = opened;
    opened = null;
    return o;
  }

  /** The race ended without taking what the caller opened: closed. */
  private void dropOpened() {
    Object o = takeOpened();
    if (o != null) {
      CallerConnect.discard(o);
    }
  }

  /** The loop closes (or died): end this dial with ECANCELED. On the loop thread. */
  @Override
  public void run() {
    DialRace<Connection> r = Objects.requireNonNull(race, "a close hook only once started");
    r.cancel(loopOf(r).failure().isPresent() ? "the event loop died" : "the event loop closed");
  }

  /** Ends the race with ECANCELED for {@code why}, on its loop; from any thread. */
  void cancelRace(String why) {
    DialRace<Connection> r = race;
    if (r == null) {
      return; // not started: start() ends it
    }
    EventLoop l = loopOf(r);
    if (l.inLoop()) {
      r.cancel(why);
      return;
    }
    try {
      l.execute(() -> r.cancel(why));
    } catch (RejectedExecutionException closing) {
      // The loop's close hook (this task) cancels it.
    }
  }

  /** The dial could not start: the outcome now, on the calling thread. */
  void failEarly(IOException e) {
    dropOpened();
    state = DONE;
    DialCallback callback = callback();
    if (callback != null) {
      runCallback(callback, null, e);
    } else {
      future().settle(null, e);
    }
  }

  @Override
  public void won(Connection c, @Nullable ServiceBinding binding) {
    dropOpened();
    c.serviceBinding(binding);
    ended();
    DialCallback callback = callback();
    if (callback != null) {
      if ((int) STATE.getAndSet(this, DONE) == CANCELLED) {
        // cancel() said it ended the dial: keep that promise, close what connected meanwhile.
        c.close();
        runCallback(callback, null, cancelledAsItConnected());
      } else {
        runCallback(callback, c, null);
      }
      return;
    }
    state = DONE;
    DialFuture f = future();
    if (f.complete(c)) {
      f.settled.complete(c);
    } else {
      // The future was cancelled meanwhile: nobody will take this connection.
      c.close();
      f.settled.completeExceptionally(cancelledAsItConnected());
    }
  }

  @Override
  public void failed(IOException e) {
    dropOpened();
    ended();
    if ((int) STATE.getAndSet(this, DONE) == CANCELLED
        && NetError.errnoOf(e).orElse(null) != Errno.ECANCELED) {
      // cancel() said the callback gets ECANCELED: a failure at the same moment is kept with it.
      IOException cancelled = cancelledError("the dial was cancelled");
      cancelled.addSuppressed(e);
      e = cancelled;
    }
    DialCallback callback = callback();
    if (callback != null) {
      runCallback(callback, null, e);
    } else {
      future().settle(null, e);
    }
  }

  private IOException cancelledAsItConnected() {
    return cancelledError("the dial was cancelled as it connected; the connection was closed");
  }

  /** ECANCELED for this dial's target, saying {@code detail}. */
  private IOException cancelledError(String detail) {
    return NetError.of(
        Errno.ECANCELED, Operation.CONNECT, race().network(), null, race().target(), detail);
  }

  /**
   * The race starts, on its loop's thread: it joins the loop's close hooks there (the loop's thread
   * alone keeps them), unless the loop's end has taken them already or the dialer has closed.
   */
  @Override
  public @Nullable String starting() {
    EventLoop l = loopOf(race());
    if (!LoopAccess.hooks(l).add(this)) {
      return l.failure().isPresent() ? "the event loop died" : "the event loop closed";
    }
    // After the add: a close of the dialer either finds this hook or is seen here.
    return dialer().isClosed() ? "the dialer is closed" : null;
  }

  /** The race is over: this dialer and the loop let go of it. On the loop thread. */
  private void ended() {
    dialer().ended();
    LoopAccess.hooks(loopOf(race())).remove(this);
  }

  /** The race (set before it starts: every outcome comes after). */
  private DialRace<Connection> race() {
    return Objects.requireNonNull(race, "set before the race starts");
  }

  /** The future face's future, where there is no callback. */
  private DialFuture future() {
    if (to instanceof DialFuture f) {
      return f;
    }
    throw new IllegalStateException("a callback's dial has no future");
  }

  /** Calls the callback; what it throws is logged and does not stop the dial from settling. */
  static void runCallback(DialCallback callback, @Nullable Connection c, @Nullable IOException e) {
    try {
      callback.onDial(c, e);
    } catch (RuntimeException failed) {
      System.getLogger(Dialer.class.getName())
          .log(System.Logger.Level.WARNING, "dial callback threw", failed);
    }
  }
}
