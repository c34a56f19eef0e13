package org.dial4j.loop;

import java.nio.ByteBuffer;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LoopFd}'s traffic through its own {@link LoopFd#read} and {@link LoopFd#write}: the byte
 * counts, and what a write could not hand to the kernel at once. The pending bytes (a copy, so the
 * caller's buffer is free when {@code write} returns) are written when epoll reports the descriptor
 * writable, and {@link FdFlags#CLOSE_AFTER_WRITE} honoured once they are all gone. While bytes
 * wait, {@link FdFlags#WRITE_PENDING} is set, which adds EPOLLOUT to the interest ({@link
 * FdTable}); a later write queues behind them, so bytes leave in the order written.
 *
 * <p>A {@code LoopFd} makes one on the first read or write that moves a byte and keeps it: a
 * connect that never reads or writes through the loop (a dialed {@code Connection} makes its own
 * calls; a held connection none) never makes one, so its {@code LoopFd} carries one field for all
 * of this, not five (issue 14: the connect path and a held connection count their bytes). Confined
 * to the loop thread.
 */
final class FdTraffic {
  private final LoopFd fd;

  /** Bytes {@link LoopFd#read} has returned. */
  long bytesIn;

  /** Bytes {@link LoopFd#write} (or a flush of what waited) has handed to the kernel. */
  long bytesOut;

  /** What waits, in read mode; null until the first keep. */
  private @Nullable ByteBuffer pending;

  FdTraffic(LoopFd fd) {
    this.fd = fd;
  }

  /** True if no byte waits: a write may go to the kernel at once. */
  boolean isEmpty() {
    return pending == null || !pending.hasRemaining();
  }

  /** How many bytes wait. */
  int remaining() {
    return pending == null ? 0 : pending.remaining();
  }

  /** Keeps (copies) what is left of {@code src} after what waits already, and asks for EPOLLOUT. */
  void keep(ByteBuffer src) {
    ByteBuffer pending = this.pending;
    if (pending == null) {
      pending = ByteBuffer.allocate(Math.max(src.remaining(), 4096));
      pending.flip();
      this.pending = pending;
    } else if (pending.capacity() - pending.limit() < src.remaining()) {
      ByteBuffer grown = ByteBuffer.allocate(Math.max(src.remaining() + pending.remaining(), 4096));
      grown.put(pending);
      grown.flip();
      pending = grown;
      this.pending = grown;
    }
    int end = pending.limit();
    pending.limit(end + src.remaining());
    pending.put(end, src, src.position(), src.remaining());
    src.position(src.limit());
    fd.flags |= FdFlags.WRITE_PENDING;
    fd.loop.table.sync(fd);
  }

  /**
   * The descriptor is writable: one send of what waits. A failure is reported as {@link
   * Status#FAILED} and the descriptor closed; once nothing waits, WRITE_PENDING is cleared and,
   * with CLOSE_AFTER_WRITE, the descriptor closed.
   */
  void flush() {
    ByteBuffer pending = this.pending;
    if (pending == null) {
      return; // nothing was ever kept
    }
    int r = fd.writeSome(pending);
    if (r < 0) {
      fd.fail(Errno.of(-r), "write of pending bytes");
      return;
    }
    if (!pending.hasRemaining()) {
      pending.clear().flip();
      fd.flags &= ~FdFlags.WRITE_PENDING;
      if ((fd.flags & FdFlags.CLOSE_AFTER_WRITE) != 0) {
        fd.closeNow();
        return;
      }
    }
    fd.loop.table.sync(fd);
  }
}
