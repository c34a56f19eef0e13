package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.loop.Loops.runOnLoop;
import static org.dial4j.loop.Loops.timers;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.Deadline;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The loop's timers: on an injected clock (which starts just before {@code nanoTime} wraps, so the
 * deadlines wrap too), then on the real one. The injected clock is moved by the test and the loop
 * is woken with a task: timers run before the tasks of the same turn, so a task's trace shows
 * exactly which timers the move made due. (A timer scheduled from another thread is taken in by a
 * task of its own, so each test lets those run, with {@code timers(loop)}, before moving the
 * clock.)
 */
class LoopTimersTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 15 * SECOND);
  private final List<String> fired = new CopyOnWriteArrayList<>();
  private final RecordingLogger logger = new RecordingLogger();
  private EventLoop loop;

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
  }

  private EventLoop onFakeClock() throws IOException {
    loop = EventLoop.builder().name("fake-clock").clock(now::get).logger(logger).build().start();
    return loop;
  }

  /** Moves the injected clock and lets the loop take one turn; returns what fired, then "tick". */
  private List<String> advance(long nanos) throws Exception {
    now.addAndGet(nanos);
    fired.clear();
    runOnLoop(loop, () -> fired.add("tick"));
    return List.copyOf(fired);
  }

  private Runnable record(String what) {
    return () -> fired.add(what);
  }

  @Test
  @DisplayName(
      "event loop timers: they fire in deadline order when the clock reaches them, across a"
          + " nanoTime wrap")
  void fireInOrderOnAnInjectedClock() throws Exception {
    onFakeClock();
    loop.schedule(record("30s"), Duration.ofSeconds(30));
    loop.schedule(record("10s"), Duration.ofSeconds(10));
    loop.schedule(record("20s"), Duration.ofSeconds(20));
    loop.schedule(record("never"), Deadline.NEVER);
    assertThat(timers(loop)).as("NEVER takes no place in the heap").isEqualTo(3);

    assertThat(advance(9 * SECOND)).containsExactly("tick");
    assertThat(advance(1 * SECOND)).containsExactly("10s", "tick");
    assertThat(advance(25 * SECOND))
        .as("now past Long.MAX_VALUE")
        .containsExactly("20s", "30s", "tick");
    assertThat(timers(loop)).isZero();
  }

  @Test
  @DisplayName(
      "event loop timers: Timer.cancel from another thread stops the task and leaves no timer")
  void cancelFromAnotherThread() throws Exception {
    onFakeClock();
    Timer keep = loop.schedule(record("kept"), Duration.ofSeconds(2));
    Timer drop = loop.schedule(record("dropped"), Duration.ofSeconds(1));
    assertThat(timers(loop)).isEqualTo(2);

    CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> cancelled.complete(drop.cancel()));

    assertThat(cancelled.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(drop.isCancelled()).isTrue();
    assertThat(drop.cancel()).as("only once").isFalse();
    assertThat(timers(loop)).isEqualTo(1);
    assertThat(advance(3 * SECOND)).containsExactly("kept", "tick");
    assertThat(keep.hasFired()).isTrue();
    assertThat(keep.cancel()).as("too late").isFalse();
    assertThat(drop.hasFired()).isFalse();
    assertThat(timers(loop)).isZero();
  }

  @Test
  @DisplayName(
      "event loop timers: a timer cancelled before the loop took it in never runs and leaves"
          + " nothing")
  void cancelBeforeTheLoopAddsIt() throws Exception {
    onFakeClock();
    CompletableFuture<Void> hold = new CompletableFuture<>();
    // Hold the loop thread in a task (bounded, released below) so that schedule's hand-over is
    // still queued when cancel runs: the one way to order the two threads without a race. A
    // test-only stall; no dial4j code waits on a loop thread.
    CompletableFuture<Void> busy = loop.submit(() -> hold.get(5, TimeUnit.SECONDS));
    Timer t = loop.schedule(record("late"), Duration.ofSeconds(1));
    assertThat(t.cancel()).isTrue();
    hold.complete(null);
    busy.get(5, TimeUnit.SECONDS);

    assertThat(timers(loop)).isZero();
    assertThat(advance(2 * SECOND)).containsExactly("tick");
  }

  @Test
  @DisplayName("event loop timers: a timer that throws is logged at ERROR; the next still fires")
  void aThrowingTimerIsLogged() throws Exception {
    onFakeClock();
    loop.schedule(
        () -> {
          throw new IllegalStateException("timer boom");
        },
        Duration.ofSeconds(1));
    loop.schedule(record("after"), Duration.ofSeconds(2));
    assertThat(timers(loop)).as("both taken in before the clock moves").isEqualTo(2);

    assertThat(advance(3 * SECOND)).containsExactly("after", "tick");
    assertThat(logger.has("timer threw", "timer boom")).isTrue();
  }

  @Test
  @DisplayName("event loop timers: closing the loop cancels what has not fired")
  void closeCancels() throws Exception {
    onFakeClock();
    Timer t = loop.schedule(record("never"), Duration.ofSeconds(1));
    assertThat(timers(loop)).isEqualTo(1);

    loop.close();

    assertThat(t.isCancelled()).isTrue();
    assertThat(t.hasFired()).isFalse();
    assertThat(fired).isEmpty();
  }

  @Test
  @DisplayName(
      "event loop timers: on the real clock they fire in deadline order on the loop thread")
  void fireInOrderOnTheRealClock() throws Exception {
    loop = EventLoop.start("real-clock");
    CompletableFuture<Void> last = new CompletableFuture<>();
    runOnLoop(
        loop,
        () -> {
          loop.schedule(
              () -> {
                fired.add("30ms " + loop.inLoop());
                last.complete(null);
              },
              Duration.ofMillis(30));
          loop.schedule(() -> fired.add("10ms " + loop.inLoop()), Duration.ofMillis(10));
          loop.schedule(() -> fired.add("20ms " + loop.inLoop()), Duration.ofMillis(20));
          loop.schedule(() -> fired.add("now " + loop.inLoop()), Deadline.NOW);
        });

    last.get(5, TimeUnit.SECONDS);
    assertThat(fired).containsExactly("now true", "10ms true", "20ms true", "30ms true");
    assertThat(timers(loop)).isZero();
  }

  @Test
  @DisplayName(
      "event loop timers: a due timer runs between queued tasks, late by one task's work, not by"
          + " the whole queue")
  void timersRunBetweenTasks() throws Exception {
    onFakeClock();
    long ms = 1_000_000L;
    runOnLoop(
        loop,
        () -> {
          loop.schedule(record("timer"), Deadline.at(now.get() + 5 * ms));
          for (int i = 1; i <= 100; i++) {
            int n = i;
            loop.execute(
                () -> {
                  now.addAndGet(ms); // each task "works" one millisecond
                  fired.add("task " + n);
                });
          }
        });
    org.dial4j.testing.Await.until(
        "every task ran", () -> fired.contains("task 100"), Duration.ofSeconds(5));
    assertThat(fired.indexOf("timer")).isEqualTo(fired.indexOf("task 5") + 1);
  }

  @Test
  @DisplayName(
      "event loop timers: a due timer runs between the events of one epoll batch, late by one"
          + " callback's work")
  void timersRunBetweenEvents() throws Exception {
    onFakeClock();
    long ms = 1_000_000L;
    try (org.dial4j.testing.RawFds fds = new org.dial4j.testing.RawFds()) {
      int[] writers = new int[20];
      for (int i = 0; i < writers.length; i++) {
        int[] p = fds.pipe();
        writers[i] = p[1];
        int n = i;
        loop.register(
            p[0],
            "pipe",
            FdFlags.R,
            (fd, name, status, data) -> {
              now.addAndGet(ms); // each callback "works" one millisecond
              fired.add("event " + n);
              fd.close();
            },
            null);
        fds.handOver(p[0]);
      }
      runOnLoop(
          loop,
          () -> {
            loop.schedule(record("timer"), Deadline.at(now.get() + 3 * ms));
            for (int w : writers) {
              org.dial4j.testing.RawFds.write(
                  w, "x"); // all readable before the loop's next epoll_wait
            }
          });
      org.dial4j.testing.Await.until(
          "every event handled",
          () -> fired.stream().filter(f -> f.startsWith("event")).count() == writers.length,
          Duration.ofSeconds(5));
      assertThat(fired.indexOf("timer")).isEqualTo(3);
    }
  }

  @Test
  @DisplayName(
      "event loop timers: one at an absolute deadline is never early, however far the clock moves"
          + " while it is scheduled (on the loop thread and from another)")
  void absoluteDeadlineNeverEarly() throws Exception {
    // The reliability soak saw a dial's ETIMEDOUT come 1 us, once 2.6 ms, before its deadline:
    // schedule read the clock twice (now, then what was left of the deadline), so a timer was
    // early by whatever passed between the two reads, a preemption on a loaded machine. Here
    // every read of the clock moves it 1 ms while the timers are scheduled.
    AtomicBoolean ticking = new AtomicBoolean();
    long ms = 1_000_000L;
    loop =
        EventLoop.builder()
            .name("ticking-clock")
            .clock(() -> ticking.get() ? now.addAndGet(ms) : now.get())
            .logger(logger)
            .build()
            .start();
    long due = now.get() + SECOND;
    ticking.set(true);
    Timer fromLoop =
        loop.submit(() -> loop.schedule(record("loop"), Deadline.at(due))).get(5, TimeUnit.SECONDS);
    Timer fromOther = loop.schedule(record("other"), Deadline.at(due));
    ticking.set(false);
    assertThat(timers(loop)).isEqualTo(2);
    long[] at =
        Loops.onLoop(loop, () -> new long[] {fromLoop.deadlineNanos, fromOther.deadlineNanos});
    assertThat(at[0] - due).as("the loop thread's timer, past its deadline by").isNotNegative();
    assertThat(at[1] - due).as("the other thread's timer, past its deadline by").isNotNegative();
  }
}
