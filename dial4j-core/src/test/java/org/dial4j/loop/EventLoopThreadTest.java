package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.loop.Loops.onLoop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.sys.CountingSyscalls;
import org.dial4j.testing.Await;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One loop, one thread: tasks from any thread, eventfd wake-ups, tasks queued from the loop itself.
 */
class EventLoopThreadTest {
  private final CountingSyscalls sys = new CountingSyscalls();
  private final RecordingLogger logger = new RecordingLogger();
  private EventLoop loop;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.builder().name("one-thread").syscalls(sys).logger(logger).build().start();
  }

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  @DisplayName(
      "event loop: execute from many threads runs every task on the loop's one thread, each"
          + " thread's in order")
  void executeFromAnyThread() throws Exception {
    int threads = 8;
    int each = 200;
    Map<Integer, List<Integer>> order = new ConcurrentHashMap<>();
    Set<String> ranOn = ConcurrentHashMap.newKeySet();
    CountDownLatch done = new CountDownLatch(threads * each);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      order.put(id, new CopyOnWriteArrayList<>());
      senders.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      int n = i;
                      loop.execute(
                          () -> {
                            ranOn.add(
                                Thread.currentThread().getName() + " inLoop=" + loop.inLoop());
                            order.get(id).add(n);
                            done.countDown();
                          });
                    }
                  }));
    }
    for (Thread s : senders) {
      assertThat(s.join(Duration.ofSeconds(5))).isTrue();
    }

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn).containsExactly("one-thread inLoop=true");
    assertThat(order.values()).allSatisfy(list -> assertThat(list).isSorted().hasSize(each));
    assertThat(loop.inLoop()).isFalse();
  }

  @Test
  @DisplayName(
      "event loop: another thread's execute wakes a loop blocked in epoll_wait without a timeout"
          + " (eventfd)")
  void eventfdWakesAnIdleLoop() throws Exception {
    Await.until(
        "the loop to block in an endless epoll_wait", sys::inEndlessWait, Duration.ofSeconds(5));

    CompletableFuture<String> ran = new CompletableFuture<>();
    loop.execute(() -> ran.complete(Thread.currentThread().getName()));

    // Only the eventfd write can end that wait: no timer is set and nothing else is registered.
    assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo("one-thread");
  }

  @Test
  @DisplayName(
      "event loop: a task may execute more from the loop thread; they run after it, in order")
  void executeFromTheLoopThread() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          loop.execute(() -> ran.add("second"));
          loop.execute(
              () -> {
                ran.add("third");
                done.complete(null);
              });
          ran.add("first");
        });

    done.get(5, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("first", "second", "third");
  }

  @Test
  @DisplayName("event loop: a task that throws is logged at ERROR and the loop goes on")
  void aThrowingTaskDoesNotStopTheLoop() throws Exception {
    loop.execute(
        () -> {
          throw new IllegalStateException("boom");
        });

    assertThat(onLoop(loop, () -> "still running")).isEqualTo("still running");
    assertThat(logger.lines())
        .anyMatch(l -> l.level() == System.Logger.Level.ERROR && l.text().contains("boom"));
    assertThat(loop.isRunning()).isTrue();
  }

  @Test
  @DisplayName(
      "event loop: close from inside a callback returns at once and the loop closes after it")
  void closeFromInside() throws Exception {
    CompletableFuture<Boolean> runningAfterClose = new CompletableFuture<>();
    loop.execute(
        () -> {
          loop.close();
          runningAfterClose.complete(loop.isRunning());
        });

    assertThat(runningAfterClose.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(loop.awaitTermination(Duration.ofSeconds(5))).isTrue();
  }
}
