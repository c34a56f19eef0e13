package org.dial4j.loop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * N event loops, one thread each (default: one per available processor), with connects spread over
 * them in turn. On loopback the connecting thread does most of a handshake's kernel work, so one
 * loop is bound by one core and a group is how a client uses them all.
 */
public final class EventLoopGroup implements AutoCloseable {
  private final List<EventLoop> loops;
  private final AtomicInteger next = new AtomicInteger();

  private EventLoopGroup(List<EventLoop> loops) {
    this.loops = List.copyOf(loops);
  }

  /** Starts {@code Runtime.availableProcessors()} loops named {@code dial4j-loop-N}. */
  public static EventLoopGroup start() throws IOException {
    return start("dial4j-loop", Runtime.getRuntime().availableProcessors(), LogLevel.INFO);
  }

  /**
   * Starts {@code n} loops named {@code prefix-0} .. {@code prefix-(n-1)}.
   *
   * @throws IOException EMFILE or ENFILE if a loop cannot be made (the ones made are closed)
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static EventLoopGroup start(String prefix, int n, LogLevel level) throws IOException {
    if (n < 1) {
      throw new IllegalArgumentException("a group needs at least one loop, not " + n);
    }
    List<EventLoop> made = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        made.add(EventLoop.builder().name(prefix + "-" + i).logLevel(level).build().start());
      }
    } catch (IOException | RuntimeException e) {
      made.forEach(EventLoop::close);
      throw e;
    }
    return new EventLoopGroup(made);
  }

  /** The loops, in order. */
  public List<EventLoop> loops() {
    return loops;
  }

  /** The next loop in turn (round robin); from any thread. */
  public EventLoop next() {
    return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
  }

  /**
   * A named connect on the next loop in turn; see {@link EventLoop#connect(String, FdCallback,
   * Object, InetEndpoint, InetEndpoint, Deadline)}.
   */
  public LoopFd connect(
      String name,
      FdCallback callback,
      @Nullable Object data,
      @Nullable InetEndpoint from,
      InetEndpoint to,
      Deadline deadline)
      throws IOException {
    return next().connect(name, callback, data, from, to, deadline);
  }

  /** Every loop's connect statistics merged, read on each loop's own thread. */
  public CompletableFuture<ConnectStats> stats() {
    CompletableFuture<ConnectStats> all = CompletableFuture.completedFuture(new ConnectStats());
    for (EventLoop l : loops) {
      CompletableFuture<ConnectStats> one = l.submit(() -> l.stats().copy());
      all =
          all.thenCombine(
              one,
              (a, b) -> {
                a.merge(b);
                return a;
              });
    }
    return all;
  }

  /** Sets every loop's log level. */
  public void logLevel(LogLevel level) {
    loops.forEach(l -> l.logLevel(level));
  }

  /**
   * Closes every loop; from an ordinary thread waits for each, from a loop thread only starts each
   * close ({@link EventLoop#close()}). Idempotent.
   */
  @Override
  public void close() {
    loops.forEach(EventLoop::close);
  }
}
