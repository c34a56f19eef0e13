package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.loop.Loops.leftOver;
import static org.dial4j.loop.Loops.runOnLoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.testing.Await;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Descriptors the caller opened, given to the loop (libut's {@code UT_fd_reg} / {@code
 * UT_fd_unreg}): pipes, eventfds, interest changes, unregistering, and the once-only delivery of an
 * event.
 */
class RegisterTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final RawFds fds = new RawFds();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private EventLoop loop;

  /** Records "name STATUS" and reads (drains) what is readable, closing at end of stream. */
  private final FdCallback drain =
      (fd, name, status, data) -> {
        calls.add(name + " " + Status.describe(status));
        if ((status & Status.READABLE) != 0) {
          calls.add(name + " read " + readAll(fd));
        }
      };

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("register-test");
  }

  @AfterEach
  void stop() {
    loop.close();
    fds.close();
  }

  /** Reads until nothing is left: the text, or "EOF" (then closes the registration). */
  private static String readAll(LoopFd fd) {
    StringBuilder text = new StringBuilder();
    ByteBuffer b = ByteBuffer.allocate(64);
    try {
      int n;
      while ((n = fd.read(b.clear())) > 0) {
        text.append(new String(b.array(), 0, n, StandardCharsets.US_ASCII));
      }
      if (n < 0) {
        fd.close();
        return text + "EOF";
      }
    } catch (IOException e) {
      return "failed " + e.getMessage();
    }
    return text.toString();
  }

  /** Registers {@code fd}, which the loop then owns (it closes it when it closes). */
  private LoopFd register(int fd, String name, int rw, FdCallback cb) throws IOException {
    LoopFd lf = loop.register(fd, name, rw, cb, name + "-data");
    fds.handOver(fd);
    return lf;
  }

  /** Two round trips through the loop's task queue: every event already there has been handled. */
  private void settle() throws Exception {
    runOnLoop(loop, () -> {});
    runOnLoop(loop, () -> {});
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: a pipe with data is READABLE, with its name and data, on the loop thread")
  void pipeReadable() throws Exception {
    int[] p = fds.pipe();
    AtomicReference<String> seen = new AtomicReference<>();
    register(
        p[0],
        "pipe",
        FdFlags.R,
        (fd, name, status, data) -> {
          seen.compareAndSet(
              null,
              name + " " + data + " " + loop.inLoop() + " " + Thread.currentThread().getName());
          drain.onEvent(fd, name, status, data);
        });

    RawFds.write(p[1], "hi");

    Await.until("READABLE", () -> calls.contains("pipe read hi"), BOUND);
    assertThat(seen.get()).isEqualTo("pipe pipe-data true register-test");
    assertThat(calls).containsExactly("pipe READABLE", "pipe read hi");
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: level-triggered, one READABLE per turn while data remains, none after")
  void oneReadablePerTurnWhileDataRemains() throws Exception {
    int[] p = fds.pipe();
    AtomicInteger reads = new AtomicInteger();
    register(
        p[0],
        "slow",
        FdFlags.R,
        (fd, name, status, data) -> {
          try {
            // One byte per call: the rest stays, so the loop must call again, once per turn.
            if (fd.read(ByteBuffer.allocate(1)) == 1) {
              reads.incrementAndGet();
            }
          } catch (IOException e) {
            calls.add("failed " + e);
          }
          calls.add(Status.describe(status));
        });

    RawFds.write(p[1], "abc");

    Await.until("three reads", () -> reads.get() == 3, BOUND);
    settle();
    assertThat(calls).containsExactly("READABLE", "READABLE", "READABLE");
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: an eventfd (OTHER) made with LinuxSyscalls.eventfd is READABLE when"
          + " signalled")
  void eventfdReadable() throws Exception {
    int efd = fds.eventfd();
    AtomicReference<Long> counter = new AtomicReference<>();
    LoopFd lf =
        register(
            efd,
            "efd",
            FdFlags.R,
            (fd, name, status, data) -> {
              ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
              try {
                assertThat(fd.read(b)).isEqualTo(8);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              counter.set(b.getLong(0));
            });
    assertThat(Loops.flags(lf)).isEqualTo(FdFlags.OTHER | FdFlags.R);

    RawFds.signal(efd, 42);

    Await.until("the eventfd's count", () -> counter.get() != null, BOUND);
    assertThat(counter.get()).isEqualTo(42);
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: re-registering (interest) updates what is watched: none, R, W, R|W")
  void interestUpdates() throws Exception {
    int[] p = fds.pipe();
    LoopFd reader = register(p[0], "reader", 0, drain);
    RawFds.write(p[1], "x");
    settle();
    assertThat(calls).as("no interest, no call").isEmpty();

    runOnLoop(loop, () -> reader.interest(FdFlags.R));
    Await.until("READABLE after interest(R)", () -> calls.contains("reader read x"), BOUND);

    AtomicInteger writable = new AtomicInteger();
    LoopFd writer =
        register(
            p[1],
            "writer",
            FdFlags.W,
            (fd, name, status, data) -> {
              if ((status & Status.WRITABLE) != 0) {
                writable.incrementAndGet();
                fd.interest(0); // once is enough: level-triggered would say so every turn
              }
            });
    Await.until("WRITABLE", () -> writable.get() == 1, BOUND);
    settle();
    assertThat(writable).hasValue(1);
    runOnLoop(loop, () -> writer.interest(FdFlags.R | FdFlags.W));
    Await.until("WRITABLE again", () -> writable.get() == 2, BOUND);
    assertThat(Loops.flags(writer) & (FdFlags.R | FdFlags.W)).as("the callback set 0").isZero();

    assertThatThrownBy(() -> runOnLoop(loop, () -> reader.interest(FdFlags.CONNECTED)))
        .hasCauseInstanceOf(InvalidArgumentException.class)
        .cause()
        .hasMessageContaining("EINVAL");
    assertThatThrownBy(() -> loop.register(p[0], "bad", FdFlags.PIPE, drain, null))
        .isInstanceOf(InvalidArgumentException.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EINVAL));
  }

  @Test
  @DisplayName(
      "libut UT_fd_unreg: unregister gives the descriptor back, open; it can be registered again")
  void unregisterAndRegisterAgain() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf = loop.register(p[0], "mine", FdFlags.R, drain, null);

    runOnLoop(loop, lf::unregister);
    RawFds.write(p[1], "x");
    settle();

    assertThat(calls).isEmpty();
    assertThat(RawFds.isOpen(p[0])).as("still open: the caller owns it again").isTrue();
    assertThat(leftOver(loop)).isZero();
    LoopFd again = register(p[0], "again", FdFlags.R, drain);
    Await.until("READABLE", () -> calls.contains("again read x"), BOUND);
    assertThat(again.fd()).isEqualTo(p[0]);
  }

  @Test
  @DisplayName(
      "libut UT_fd_unreg: a descriptor paused with interest(0) is given back too, and can be"
          + " registered again")
  void unregisterAfterInterestZero() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf = loop.register(p[0], "paused", FdFlags.R, drain, null);
    runOnLoop(
        loop,
        () -> {
          lf.interest(0);
          lf.unregister();
        });

    LoopFd again = register(p[0], "again", FdFlags.R, drain);
    RawFds.write(p[1], "y");

    Await.until("READABLE", () -> calls.contains("again read y"), BOUND);
    assertThat(again.isOpen()).isTrue();
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: a descriptor watched already is EEXIST, and the first registration keeps"
          + " it")
  void registeringTwiceIsEexist() throws Exception {
    int[] p = fds.pipe();
    register(p[0], "first", FdFlags.R, drain);

    assertThatThrownBy(() -> loop.register(p[0], "second", FdFlags.R, drain, null))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EEXIST));

    RawFds.write(p[1], "z");
    Await.until("READABLE on the first", () -> calls.contains("first read z"), BOUND);
    assertThat(calls).noneMatch(c -> c.startsWith("second"));
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: a descriptor watched already, even paused with interest(0), is EEXIST")
  void registeringAPausedOneIsEexist() throws Exception {
    int[] p = fds.pipe();
    LoopFd first = register(p[0], "paused", FdFlags.R, drain);
    runOnLoop(loop, () -> first.interest(0));

    assertThatThrownBy(() -> loop.register(p[0], "second", FdFlags.R, drain, null))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EEXIST));
    assertThat(leftOver(loop)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: LoopFd.close() from another thread closes on the loop's next turn; no call"
          + " follows")
  void closeFromAnotherThread() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf = register(p[0], "remote-close", FdFlags.R, drain);

    RawFds.write(p[1], "x");
    lf.close();
    Await.until("closed", () -> !lf.isOpen(), BOUND);
    settle();

    // The data may or may not have been read before the close; nothing is called after it.
    assertThat(calls).isIn(List.of(), List.of("remote-close READABLE", "remote-close read x"));
    assertThat(leftOver(loop)).isZero();
  }

  @Test
  @DisplayName("libut UT_fd_reg: a descriptor that is not open is EBADF")
  void notOpenIsEbadf() {
    assertThatThrownBy(() -> loop.register(1_000_000, "nothing", FdFlags.R, drain, null))
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EBADF));
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: end of a pipe is READABLE|HANGUP; the callback may close it from inside")
  void hangupAndCloseFromInside() throws Exception {
    int[] p = fds.pipe();
    LoopFd lf = register(p[0], "eof", FdFlags.R, drain);

    fds.close(p[1]);

    Await.until("EOF", () -> calls.contains("eof read EOF"), BOUND);
    settle();
    assertThat(calls).containsExactly("eof READABLE|HANGUP", "eof read EOF");
    assertThat(lf.isOpen()).isFalse();
    assertThat(leftOver(loop)).isZero();
  }

  @Test
  @DisplayName(
      "libut UT_fd_reg: an event found ready fires once: a registration closed earlier in the same"
          + " epoll batch gets no stale event, even when a new one took its number")
  void staleEventInTheSameBatch() throws Exception {
    int[] a = fds.pipe();
    int[] b = fds.pipe();
    RawFds.write(a[1], "a");
    RawFds.write(b[1], "b");
    AtomicReference<LoopFd> regA = new AtomicReference<>();
    AtomicReference<LoopFd> regB = new AtomicReference<>();
    AtomicReference<LoopFd> fresh = new AtomicReference<>();
    AtomicInteger closedNumber = new AtomicInteger(-1);
    FdCallback freshCallback =
        (fd, name, status, data) -> calls.add(name + " " + Status.describe(status));
    // Whichever of a and b comes first in the batch closes the other and registers a new pipe
    // that takes the closed one's number; the other's event is still in the batch.
    FdCallback first =
        (fd, name, status, data) -> {
          calls.add(name + " " + Status.describe(status) + " " + readAll(fd));
          if (fresh.get() != null) {
            return;
          }
          LoopFd other = fd == regA.get() ? regB.get() : regA.get();
          int number = other.fd();
          other.close();
          int[] c = pipeWithReadEndAt(number);
          closedNumber.set(number);
          try {
            fresh.set(register(c[0], "fresh", FdFlags.R, freshCallback));
          } catch (IOException e) {
            calls.add("register failed " + e);
          }
        };
    // Both in one task, so that both are ready in the loop's next epoll_wait.
    runOnLoop(
        loop,
        () -> {
          regA.set(register(a[0], "a", FdFlags.R, first));
          regB.set(register(b[0], "b", FdFlags.R, first));
        });

    Await.until("the swap", () -> fresh.get() != null, BOUND);
    settle();

    assertThat(fresh.get().fd())
        .as("the new pipe took the closed number")
        .isEqualTo(closedNumber.get());
    assertThat(calls).hasSize(1);
    assertThat(calls.getFirst()).matches("[ab] READABLE [ab]");
  }

  /**
   * A new pipe whose read end is {@code number}, just closed: the kernel hands out the lowest free
   * number, so any free number below it is filled with an eventfd first (closed again after).
   */
  private int[] pipeWithReadEndAt(int number) {
    LinuxSyscalls sys = LinuxSyscalls.INSTANCE;
    List<Integer> fillers = new java.util.ArrayList<>();
    try {
      while (true) {
        int e = sys.eventfd(0, Sys.EFD_CLOEXEC);
        if (e < number) {
          fillers.add(e);
          continue;
        }
        sys.close(e);
        assertThat(e).as("nobody else took the number").isEqualTo(number);
        int[] c = fds.pipe();
        assertThat(c[0]).isEqualTo(number);
        return c;
      }
    } finally {
      fillers.forEach(sys::close);
    }
  }
}
