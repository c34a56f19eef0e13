package org.dial4j.testing;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;

/**
 * Plain descriptors (pipes, eventfds) for tests that hand descriptors to an event loop, made and
 * closed with the raw system calls. Every descriptor made here is closed by {@link #close()} unless
 * {@link #handOver handed over} first: a descriptor the loop closes must not be closed again here,
 * since by then its number may belong to somebody else. Thread-safe, so that a loop callback may
 * make descriptors too.
 */
public final class RawFds implements AutoCloseable {
  private static final LinuxSyscalls SYS = LinuxSyscalls.INSTANCE;
  private final List<Integer> owned = new ArrayList<>();

  /** A non-blocking pipe: {@code [read end, write end]}, both owned. */
  public synchronized int[] pipe() {
    int[] fds = pipe2(Sys.O_CLOEXEC | Sys.O_NONBLOCK);
    owned.add(fds[0]);
    owned.add(fds[1]);
    return fds;
  }

  /**
   * A new pipe, {@code [read end, write end]}, with {@code flags} ({@code O_CLOEXEC}, {@code
   * O_NONBLOCK}); the caller owns both ends.
   */
  public static int[] pipe2(int flags) {
    int[] fds = new int[2];
    Libc.Result r = Libc.pipe2(fds, flags);
    if (r.value() != 0) {
      throw new IllegalStateException("pipe2: errno " + r.errno());
    }
    return fds;
  }

  /** A non-blocking eventfd with counter 0, owned. */
  public synchronized int eventfd() {
    int fd = SYS.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK);
    if (fd < 0) {
      throw new IllegalStateException("eventfd: errno " + -fd);
    }
    owned.add(fd);
    return fd;
  }

  /** Writes all of {@code text}'s bytes to {@code fd} (a pipe's write end), or fails. */
  public static void write(int fd, String text) {
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    long r = SYS.write(fd, MemorySegment.ofArray(b));
    if (r != b.length) {
      throw new IllegalStateException("write to fd " + fd + ": " + r);
    }
  }

  /** Adds {@code n} to an eventfd's counter. */
  public static void signal(int eventfd, long n) {
    ByteBuffer b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(0, n);
    long r = SYS.write(eventfd, MemorySegment.ofBuffer(b));
    if (r != 8) {
      throw new IllegalStateException("write to eventfd " + eventfd + ": " + r);
    }
  }

  /** True while {@code fd} is an open descriptor of this process ({@code fcntl(F_GETFL)}). */
  public static boolean isOpen(int fd) {
    return SYS.fcntl(fd, Sys.F_GETFL, 0) >= 0;
  }

  /** Stops owning {@code fd}: somebody else (a loop) closes it now. */
  public synchronized void handOver(int fd) {
    owned.remove(Integer.valueOf(fd));
  }

  /** Owns {@code fd}, a descriptor made elsewhere (checked: not negative), to close at the end. */
  public synchronized int own(int fd) {
    if (fd < 0) {
      throw new IllegalStateException("not a descriptor: " + fd);
    }
    owned.add(fd);
    return fd;
  }

  /** Closes {@code fd} now and stops owning it. */
  public synchronized void close(int fd) {
    if (owned.remove(Integer.valueOf(fd))) {
      SYS.close(fd);
    }
  }

  @Override
  public synchronized void close() {
    for (int fd : owned.reversed()) {
      SYS.close(fd);
    }
    owned.clear();
  }
}
