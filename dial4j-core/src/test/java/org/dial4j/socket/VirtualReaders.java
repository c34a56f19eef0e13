package org.dial4j.socket;

import static org.dial4j.socket.Loopback.where;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.testing.Await;
import org.dial4j.testing.Descriptors;

/**
 * The child JVM of {@link VirtualThreadWaitTest}'s scheduler tests, started with a virtual-thread
 * scheduler of few carriers. It prints one line, "OK ..." or "FAIL ...", and exits 0 or 1.
 *
 * <ul>
 *   <li>{@code readers N SECONDS}: N virtual threads block in {@link PosixSocket#recv} on silent
 *       loopback peers; then another virtual thread must still run. Each step has SECONDS.
 *   <li>{@code lazy SECONDS}: no poller thread and no new epoll descriptor before the first wait of
 *       a virtual thread; then the same ones after many waits.
 * </ul>
 */
public final class VirtualReaders {
  private VirtualReaders() {}

  public static void main(String[] args) throws Exception {
    try {
      String result =
          switch (args[0]) {
            case "readers" -> readers(Integer.parseInt(args[1]), seconds(args[2]));
            case "lazy" -> lazy(seconds(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
          };
      System.out.println("OK " + result);
      System.out.flush();
      System.exit(0);
    } catch (AssertionError | Exception e) {
      System.out.println("FAIL " + e.getMessage());
      System.out.flush();
      // Threads stuck on pinned carriers must not keep the JVM alive.
      System.exit(1);
    }
  }

  private static Duration seconds(String s) {
    return Duration.ofSeconds(Long.parseLong(s));
  }

  private static String readers(int n, Duration bound) throws Exception {
    try (Loopback lo = new Loopback()) {
      PosixSocket l = lo.listener("127.0.0.1", n);
      List<PosixSocket> clients = new ArrayList<>();
      List<PosixSocket> servers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        PosixSocket c = lo.tcp(Family.INET);
        c.connect(where(l), Deadline.after(bound));
        clients.add(c);
        servers.add(lo.own(l.accept(Deadline.after(bound))));
      }
      AtomicInteger started = new AtomicInteger();
      List<CompletableFuture<Object>> outcomes = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        PosixSocket c = clients.get(i);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        outcomes.add(outcome);
        threads.add(
            Thread.ofVirtual()
                .name("reader-" + i)
                .start(
                    () -> {
                      started.incrementAndGet();
                      try {
                        outcome.complete(
                            c.recv(ByteBuffer.allocate(8), Deadline.after(bound.multipliedBy(3))));
                      } catch (IOException | RuntimeException e) {
                        outcome.complete(e);
                      }
                    }));
      }
      Await.until(
          "all " + n + " readers to start (started: " + started + ")",
          () -> started.get() == n,
          bound);
      Await.until(
          "all " + n + " readers to wait in recv",
          () -> threads.stream().allMatch(VirtualReaders::inRecv),
          bound);
      CompletableFuture<String> other = new CompletableFuture<>();
      Thread.ofVirtual().name("other").start(() -> other.complete("ran"));
      try {
        other.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError(
            "another virtual thread did not run within "
                + bound
                + " while "
                + n
                + " virtual threads waited in recv");
      }
      for (PosixSocket s : servers) {
        s.send(ByteBuffer.wrap(new byte[] {1}), Deadline.after(bound));
      }
      for (int i = 0; i < n; i++) {
        Object got = outcomes.get(i).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (!Integer.valueOf(1).equals(got)) {
          throw new AssertionError("reader-" + i + " got " + got);
        }
      }
      return n + " readers waited in recv, another virtual thread ran, each reader got its byte";
    }
  }

  /** Whether {@code t} is inside PosixSocket.recv. */
  static boolean inRecv(Thread t) {
    return Arrays.stream(t.getStackTrace())
        .anyMatch(
            f ->
                f.getClassName().equals(PosixSocket.class.getName())
                    && f.getMethodName().equals("recv"));
  }

  private static String lazy(Duration bound) throws Exception {
    long epolls = epollDescriptors();
    if (pollerThreads() != 0) {
      throw new AssertionError("a poller thread runs before any wait");
    }
    try (Loopback lo = new Loopback()) {
      PosixSocket l = lo.listener("127.0.0.1", 4);
      PosixSocket c = lo.tcp(Family.INET);
      c.connect(where(l), Deadline.after(bound));
      PosixSocket s = lo.own(l.accept(Deadline.after(bound)));
      // Platform threads wait with poll(2): still no poller.
      timeOut(c, Duration.ofMillis(1));
      if (pollerThreads() != 0 || epollDescriptors() != epolls) {
        throw new AssertionError("a platform thread's wait started the poller");
      }
      Thread first = Thread.ofVirtual().start(() -> timeOut(c, Duration.ofMillis(1)));
      first.join(bound);
      long threads = pollerThreads();
      long made = epollDescriptors() - epolls;
      for (int i = 0; i < 50; i++) {
        Thread t =
            Thread.ofVirtual()
                .start(
                    () -> {
                      timeOut(c, Duration.ofMillis(1));
                      try {
                        s.send(ByteBuffer.wrap(new byte[] {1}), Deadline.after(bound));
                        c.recv(ByteBuffer.allocate(1), Deadline.after(bound));
                      } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    });
        t.join(bound);
      }
      if (pollerThreads() != threads || epollDescriptors() - epolls != made) {
        throw new AssertionError(
            "the poller grew: threads "
                + threads
                + " -> "
                + pollerThreads()
                + ", epoll descriptors +"
                + made
                + " -> +"
                + (epollDescriptors() - epolls));
      }
      return "poller threads "
          + threads
          + ", epoll descriptors +"
          + made
          + ", unchanged after 50 waits";
    }
  }

  private static void timeOut(PosixSocket c, Duration d) {
    try {
      c.recv(ByteBuffer.allocate(1), Deadline.after(d));
      throw new AssertionError("recv did not time out");
    } catch (IOException expected) {
      // ETIMEDOUT
    }
  }

  private static long pollerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("dial4j-poller"))
        .count();
  }

  private static long epollDescriptors() {
    return Descriptors.snapshot().values().stream().filter(t -> t.contains("eventpoll")).count();
  }
}
