package org.dial4j.loop;

import java.nio.ByteBuffer;
import org.dial4j.error.Errno;

/**
 * What {@link LoopFd#write} could not hand to the kernel at once: the pending bytes (a copy, so the
 * caller's buffer is free when {@code write} returns), written when epoll reports the descriptor
 * writable, and {@link FdFlags#CLOSE_AFTER_WRITE} honoured once they are all gone. While bytes
 * wait, {@link FdFlags#WRITE_PENDING} is set, which adds EPOLLOUT to the interest ({@link
 * FdTable}); a later write queues behind them, so bytes leave in the order written.
 *
 * <p>A {@code LoopFd} makes one on the first write that leaves bytes behind and keeps it: a connect
 * that never writes, or whose writes the kernel always takes whole, never makes one. Confined to
 * the loop thread.
 */
final class WriteBuffer {
  private final LoopFd fd;

  /** What waits, in read mode; an empty buffer until the first keep. */
  private ByteBuffer pending = ByteBuffer.allocate(0);

  WriteBuffer(LoopFd fd) {
    this.fd = fd;
  }

  /** True if no byte waits: a write may go to the kernel at once. */
  boolean isEmpty() {
    return !pending.hasRemaining();
  }

  /** How many bytes wait. */
  int remaining() {
    return pending.remaining();
  }

  /** Keeps (copies) what is left of {@code src} after what waits already, and asks for EPOLLOUT. */
  void keep(ByteBuffer src) {
    if (pending.capacity() - pending.limit() < src.remaining()) {
      ByteBuffer grown = ByteBuffer.allocate(Math.max(src.remaining() + pending.remaining(), 4096));
      grown.put(pending);
      grown.flip();
      pending = grown;
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
