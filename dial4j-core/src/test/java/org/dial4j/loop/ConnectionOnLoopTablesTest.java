package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.Deadline;
import org.dial4j.MonotonicClock;
import org.dial4j.dial.Connection;
import org.dial4j.dial.Dialer;
import org.dial4j.error.TimedOutException;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Syscalls;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Connection makes its system calls through its loop's table and reads its loop's clock, so a
 * loop built on a fake table or a virtual clock gets a Connection on them too (ARCHITECTURE.md:
 * every system call through Syscalls, time injected).
 */
class ConnectionOnLoopTablesTest {
  @Test
  @DisplayName(
      "A dialed Connection sends and receives through its loop's Syscalls and waits on its loop's"
          + " clock")
  void connectionUsesItsLoopsTables() throws Exception {
    Set<String> called = ConcurrentHashMap.newKeySet();
    Syscalls seen =
        (Syscalls)
            Proxy.newProxyInstance(
                Syscalls.class.getClassLoader(),
                new Class<?>[] {Syscalls.class},
                (proxy, method, args) -> {
                  called.add(method.getName());
                  return method.invoke(LinuxSyscalls.INSTANCE, args);
                });
    AtomicLong clockReads = new AtomicLong();
    MonotonicClock clock =
        () -> {
          clockReads.incrementAndGet();
          return System.nanoTime();
        };
    try (Loopback peers = new Loopback();
        EventLoop loop =
            EventLoop.builder().name("tables").syscalls(seen).clock(clock).build().start();
        Dialer dialer = Dialer.builder().loop(loop).build()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      try (Connection c = dialer.dial(Loopback.where(listener).toString())) {
        PosixSocket server = peers.own(listener.accept(Deadline.after(Duration.ofSeconds(5))));
        called.clear();
        c.send(new byte[] {1, 2, 3}, Deadline.after(Duration.ofSeconds(5)));
        assertThat(
                server.recv(java.nio.ByteBuffer.allocate(3), Deadline.after(Duration.ofSeconds(5))))
            .isEqualTo(3);
        Deadline soon = Deadline.after(Duration.ofMillis(20), clock);
        long before = clockReads.get();
        assertThatThrownBy(() -> c.recv(1, soon)).isInstanceOf(TimedOutException.class);
        assertThat(called).contains("send", "recv");
        assertThat(clockReads.get()).isGreaterThan(before);
      }
    }
  }
}
