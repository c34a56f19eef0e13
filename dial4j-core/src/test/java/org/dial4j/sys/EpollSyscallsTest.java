package org.dial4j.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.dial4j.error.Errno;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The event loop's system calls straight through {@link LinuxSyscalls#INSTANCE}: epoll_create1,
 * epoll_ctl, epoll_wait, eventfd, read and write, on real descriptors, each checked against what
 * the kernel does (results and -errno), before any loop logic is layered on top.
 */
class EpollSyscallsTest {
  private static final LinuxSyscalls SYS = LinuxSyscalls.INSTANCE;
  private static final ValueLayout.OfLong NATIVE_LONG =
      ValueLayout.JAVA_LONG.withOrder(ByteOrder.nativeOrder());

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment events = arena.allocate((long) EpollEvents.SIZE * 8, 8);
  private final MemorySegment eight = arena.allocate(8, 8);
  private final RawFds fds = new RawFds();
  private int epfd = -1;

  @AfterEach
  void close() {
    if (epfd >= 0) {
      SYS.close(epfd);
    }
    fds.close();
    arena.close();
  }

  private int epoll() {
    epfd = SYS.epollCreate1(Sys.EPOLL_CLOEXEC);
    assertThat(epfd).as("epoll_create1").isNotNegative();
    return epfd;
  }

  /** What epoll_wait reported, as data -> events. */
  private Map<Long, Integer> waitFor(int timeoutMillis) {
    int n = SYS.epollWait(epfd, events, 8, timeoutMillis);
    assertThat(n).as("epoll_wait").isNotNegative();
    Map<Long, Integer> got = new HashMap<>();
    for (int i = 0; i < n; i++) {
      got.put(EpollEvents.data(events, i), EpollEvents.events(events, i));
    }
    return got;
  }

  @Test
  @DisplayName(
      "ARCHITECTURE.md, struct sizes checked: struct epoll_event is 12 bytes packed on x86_64, 16"
          + " elsewhere")
  void epollEventSize() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    int expected = arch.equals("amd64") || arch.equals("x86_64") ? 12 : 16;

    assertThat(EpollEvents.SIZE).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "event loop: epoll_data's 64 bits round-trip, high 32 bits included, at the ABI's stride")
  void dataRoundTripsThroughTheKernel() {
    epoll();
    int efd = fds.eventfd();
    int[] pipe = fds.pipe();
    long high = 0xDEAD_BEEF_0000_0000L | efd;
    long allOnes = -1L;
    RawFds.signal(efd, 1);
    RawFds.write(pipe[1], "x");

    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, efd, Sys.EPOLLIN, high)).isZero();
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, pipe[0], Sys.EPOLLIN, allOnes)).isZero();
    Map<Long, Integer> got = waitFor(1000);

    // Two entries: the second is read at offset SIZE, so a wrong stride would garble it.
    assertThat(got).containsOnlyKeys(high, allOnes);
    assertThat(got.get(high) & Sys.EPOLLIN).isNotZero();
    assertThat(got.get(allOnes) & Sys.EPOLLIN).isNotZero();
  }

  @Test
  @DisplayName(
      "event loop: an eventfd wakes epoll_wait; reading it re-arms; EAGAIN and EINVAL as"
          + " eventfd(2)")
  void eventfdWakesAndRearms() {
    epoll();
    int efd = fds.eventfd();
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, efd, Sys.EPOLLIN, 7L << 32 | efd)).isZero();

    assertThat(waitFor(0)).as("nothing written yet").isEmpty();
    assertThat(SYS.read(efd, eight)).isEqualTo(-Errno.EAGAIN.number());

    RawFds.signal(efd, 2);
    RawFds.signal(efd, 3);
    assertThat(waitFor(1000)).containsOnlyKeys(7L << 32 | efd);
    assertThat(SYS.read(efd, eight)).isEqualTo(8);
    assertThat(eight.get(NATIVE_LONG, 0)).as("the counter sums the writes").isEqualTo(5);
    assertThat(waitFor(0)).as("the read reset the counter").isEmpty();

    assertThat(SYS.write(efd, eight.asSlice(0, 4)))
        .as("eventfd takes 8 bytes only")
        .isEqualTo(-Errno.EINVAL.number());
    assertThat(SYS.read(efd, eight.asSlice(0, 4))).isEqualTo(-Errno.EINVAL.number());
  }

  @Test
  @DisplayName(
      "event loop: epoll_ctl MOD changes interest and data, DEL removes, a second ADD is EEXIST")
  void modifyDeleteAndErrors() {
    epoll();
    int[] pipe = fds.pipe();
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, pipe[1], Sys.EPOLLIN, 1)).isZero();
    assertThat(waitFor(0)).as("a write end is never readable").isEmpty();

    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_MOD, pipe[1], Sys.EPOLLOUT, Long.MIN_VALUE))
        .isZero();
    Map<Long, Integer> got = waitFor(1000);
    assertThat(got).containsOnlyKeys(Long.MIN_VALUE);
    assertThat(got.get(Long.MIN_VALUE)).isEqualTo(Sys.EPOLLOUT);

    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, pipe[1], Sys.EPOLLOUT, 2))
        .isEqualTo(-Errno.EEXIST.number());
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_DEL, pipe[1], 0, 0)).isZero();
    assertThat(waitFor(0)).isEmpty();
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_DEL, pipe[1], 0, 0))
        .isEqualTo(-Errno.ENOENT.number());
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, epfd, Sys.EPOLLIN, 3))
        .as("an epoll set cannot watch itself")
        .isEqualTo(-Errno.EINVAL.number());
    assertThat(SYS.epollCtl(-1, Sys.EPOLL_CTL_ADD, pipe[0], Sys.EPOLLIN, 4))
        .isEqualTo(-Errno.EBADF.number());
    assertThat(SYS.epollWait(-1, events, 8, 0)).isEqualTo(-Errno.EBADF.number());
  }

  @Test
  @DisplayName("event loop: epoll reports HUP at a pipe's EOF even when not asked for (epoll(7))")
  void hangupIsAlwaysReported() {
    epoll();
    int[] pipe = fds.pipe();
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, pipe[0], 0, 9)).isZero();
    assertThat(waitFor(0)).isEmpty();

    fds.close(pipe[1]);

    // What the loop must know: interest 0 does not silence a hang-up, only EPOLL_CTL_DEL does.
    assertThat(waitFor(1000)).containsEntry(9L, Sys.EPOLLHUP);
    assertThat(SYS.read(pipe[0], eight)).as("EOF").isZero();
  }

  @Test
  @DisplayName(
      "event loop: EPOLLONESHOT alone reports a hang-up once, then nothing until MOD re-arms it")
  void oneShotSilencesAHangup() {
    epoll();
    int[] pipe = fds.pipe();
    fds.close(pipe[1]);
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, pipe[0], Sys.EPOLLONESHOT, 5)).isZero();

    assertThat(waitFor(0)).containsEntry(5L, Sys.EPOLLHUP);
    assertThat(waitFor(0)).as("disarmed after one report").isEmpty();
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_MOD, pipe[0], Sys.EPOLLIN, 6)).isZero();
    // A pipe at EOF with nothing in it is HUP without IN (pipe_poll); the new data shows the MOD.
    assertThat(waitFor(0)).containsEntry(6L, Sys.EPOLLHUP);
    assertThat(SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, pipe[0], Sys.EPOLLONESHOT, 7))
        .as("still in the set")
        .isEqualTo(-Errno.EEXIST.number());
  }

  @Test
  @DisplayName(
      "event loop: read and write move bytes through a pipe, heap or native, EAGAIN when empty")
  void readAndWriteOnAPipe() {
    int[] pipe = fds.pipe();
    byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThat(SYS.write(pipe[1], MemorySegment.ofArray(hello))).isEqualTo(5);
    byte[] in = new byte[16];
    assertThat(SYS.read(pipe[0], MemorySegment.ofArray(in))).isEqualTo(5);
    assertThat(new String(in, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(SYS.read(pipe[0], eight)).isEqualTo(-Errno.EAGAIN.number());
    assertThat(SYS.read(-1, eight)).isEqualTo(-Errno.EBADF.number());
  }
}
