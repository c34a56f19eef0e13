package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** N loops, one thread each, with connects spread over them in turn. */
class EventLoopGroupTest {

  @Test
  @DisplayName(
      "event loop group: by default one running loop per available processor, each its own thread")
  void defaultSize() throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start()) {
      int n = Runtime.getRuntime().availableProcessors();
      assertThat(group.loops()).hasSize(n).allMatch(EventLoop::isRunning);
      assertThat(group.loops().stream().map(EventLoop::name).distinct()).hasSize(n);
      for (EventLoop l : group.loops()) {
        assertThat(l.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
            .isEqualTo(l.name());
      }
    }
  }

  @Test
  @DisplayName(
      "event loop group: connects go to the loops in turn, each callback on its connection's loop")
  void connectsAreSpread() throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start("spread", 3, LogLevel.INFO);
        EventLoop server = EventLoop.start("spread-server")) {
      LoopFd listener = server.listen("srv", "127.0.0.1:0", (fd, name, status, data) -> {}, null);
      InetEndpoint to = (InetEndpoint) listener.local();
      Map<String, String> threadOf = new ConcurrentHashMap<>();
      FdCallback cb =
          (fd, name, status, data) -> {
            if ((status & Status.CONNECTED) != 0) {
              threadOf.put(name, Thread.currentThread().getName());
              fd.close();
            }
          };

      List<String> loops = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        loops.add(group.connect("c" + i, cb, null, null, to, Deadline.NEVER).loop().name());
      }

      assertThat(loops)
          .containsExactly("spread-0", "spread-1", "spread-2", "spread-0", "spread-1", "spread-2");
      Await.until("six connects", () -> threadOf.size() == 6, Duration.ofSeconds(5));
      for (int i = 0; i < 6; i++) {
        assertThat(threadOf.get("c" + i)).isEqualTo(loops.get(i));
      }
      ConnectStats total = group.stats().get(5, TimeUnit.SECONDS);
      assertThat(total.attempts()).isEqualTo(6);
      assertThat(total.successes()).isEqualTo(6);
    }
  }

  @Test
  @DisplayName("event loop group: at least one loop; the log level reaches every loop")
  void sizeAndLogLevel() throws Exception {
    assertThatThrownBy(() -> EventLoopGroup.start("none", 0, LogLevel.INFO))
        .isInstanceOf(IllegalArgumentException.class);
    try (EventLoopGroup group = EventLoopGroup.start("levels", 2, LogLevel.INFO)) {
      group.logLevel(LogLevel.DEBUG);
      assertThat(group.loops()).allMatch(l -> l.logLevel() == LogLevel.DEBUG);
    }
  }
}
