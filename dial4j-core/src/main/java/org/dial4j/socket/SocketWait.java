package org.dial4j.socket;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.MonotonicClock;
import org.dial4j.error.Errno;
import org.dial4j.error.Operation;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.FdLife;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link PosixSocket}'s blocking calls wait: the non-blocking call failed with EAGAIN (or a
 * connect is pending), and the wait ends when the descriptor is ready, the {@link Deadline} passes,
 * the thread is interrupted (EINTR) or the socket is closed from another thread (ECANCELED). A
 * platform thread waits in {@code poll(2)} in slices of {@link #WAIT_SLICE_MILLIS}; a virtual
 * thread parks on the {@link VirtualThreadPoller}, as the JDK's own sockets park on {@code
 * sun.nio.ch.Poller}. Go keeps this job in its own file too ({@code
 * internal/poll/fd_poll_runtime.go}, beside the descriptor's count in {@code fd_mutex.go}).
 *
 * <p>One per socket: it knows the socket's descriptor, backend, clock and life (whose closed flag
 * ends a wait), and whether a virtual thread ever parked on the poller, so that {@link
 * PosixSocket#close()} knows to wake it ({@link #wakeParked}). Every call runs while the caller
 * holds a reference to the descriptor.
 */
final class SocketWait {

  /**
   * Longest single {@code poll} of a platform thread's wait, so interruption and close are seen
   * within it; and longest park of a virtual thread that could not register with the poller.
   */
  static final int WAIT_SLICE_MILLIS = 20;

  private final Syscalls sys;
  private final MonotonicClock clock;
  private final int fd;
  private final FdLife life;
  private final SocketErrors errors;

  /** What a parked thread parks on, as thread dumps show it: the socket. */
  private final Object blocker;

  /** A virtual thread has parked on the {@link VirtualThreadPoller}: close() must unpark it. */
  private volatile boolean parksOnPoller;

  SocketWait(
      Syscalls sys,
      MonotonicClock clock,
      int fd,
      FdLife life,
      SocketErrors errors,
      Object blocker) {
    this.sys = sys;
    this.clock = clock;
    this.fd = fd;
    this.life = life;
    this.errors = errors;
    this.blocker = blocker;
  }

  /**
   * After a data call failed with {@code e}: returns to retry at once (EINTR) or once the socket is
   * ready (EAGAIN, within the deadline); throws the error itself, or ETIMEDOUT when the deadline
   * passes first.
   */
  void toRetry(
      Errno e,
      int events,
      Deadline deadline,
      Operation op,
      @Nullable Endpoint bound,
      @Nullable Endpoint target)
      throws IOException {
    if (e == Errno.EINTR) {
      return;
    }
    if (e != Errno.EAGAIN || deadline.isNow()) {
      throw errors.fromBound(e, op, bound, target, null);
    }
    if (!await(events, deadline, op, bound, target)) {
      throw errors.fromBound(Errno.ETIMEDOUT, op, bound, target, "deadline passed");
    }
  }

  /**
   * Waits for {@code events} until {@code deadline}: true when the socket is ready (or has an error
   * or hang-up), false when the deadline passed. A platform thread waits in {@code poll(2)}, in
   * slices so that interruption and close are seen. A virtual thread must not: an FFM downcall pins
   * its carrier for as long as it lasts, so a few virtual threads waiting would stop all the
   * others. It looks with {@code poll(fd, 0)} and parks until the {@link VirtualThreadPoller} sees
   * the descriptor ready, the deadline passes, {@link PosixSocket#close()} (through {@link
   * #wakeParked}) or an interrupt unparks it (either may be spurious: the loop looks again).
   * Sockets of a backend whose descriptors are not the kernel's (a fake, {@link
   * Syscalls#kernelDescriptors()}) always wait with their own {@code poll}: the poller watches the
   * kernel's descriptors.
   */
  boolean await(
      int events,
      Deadline deadline,
      Operation op,
      @Nullable Endpoint bound,
      @Nullable Endpoint target)
      throws IOException {
    VirtualThreadPoller poller =
        !deadline.isNow() && sys.kernelDescriptors() && Thread.currentThread().isVirtual()
            ? VirtualThreadPoller.of(events)
            : null;
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw errors.fromBound(Errno.EINTR, op, bound, target, "interrupted while waiting");
      }
      if (life.isClosed()) {
        throw errors.fromBound(
            Errno.ECANCELED, op, bound, target, "the socket was closed while waiting");
      }
      int timeout = deadline.pollTimeoutMillis(clock);
      if (timeout != 0) {
        Blocking.check("poll (" + op.name().toLowerCase(Locale.ROOT) + ")");
      }
      int slice =
          poller != null
              ? 0
              : timeout < 0 ? WAIT_SLICE_MILLIS : Math.min(timeout, WAIT_SLICE_MILLIS);
      int r = sys.poll(fd, events, slice);
      if (r > 0) {
        return true;
      }
      if (r == -Errno.EINTR.number()) {
        // A signal ended the poll before it looked: look again, even with no time left (a
        // deadline of now still gets its one look).
        continue;
      }
      if (r < 0) {
        throw errors.fromBound(Errno.of(-r), Operation.POLL, bound, target, null);
      }
      if (timeout == 0 || (timeout > 0 && deadline.hasPassed(clock))) {
        return false;
      }
      if (poller != null) {
        park(poller, deadline);
      }
    }
  }

  /**
   * Parks the calling virtual thread until {@code poller} finds the descriptor ready, the deadline
   * passes, or it is unparked; the registration is gone when this returns, while the caller still
   * holds its reference (so the descriptor number cannot have been reused meanwhile).
   */
  private void park(VirtualThreadPoller poller, Deadline deadline) {
    // Set before registering, read by close() after it sets closed, and closed is read after
    // registering: either close() finds the registration and unparks this thread, or this thread
    // sees closed below (volatile fields and the poller's ConcurrentHashMap, ordered as in
    // Dekker's algorithm). A thread that could not register sees closed within its bounded park.
    if (!parksOnPoller) {
      parksOnPoller = true;
    }
    boolean registered = poller.register(fd);
    try {
      if (life.isClosed()) {
        return;
      }
      long left = deadline.remainingNanos(clock);
      if (!registered) {
        // Another thread is registered for this descriptor and direction (or epoll had no room
        // for it): look again soon.
        left = Math.min(left, WAIT_SLICE_MILLIS * 1_000_000L);
      }
      if (left == Long.MAX_VALUE) {
        LockSupport.park(blocker);
      } else if (left > 0) {
        LockSupport.parkNanos(blocker, left);
      }
    } finally {
      if (registered) {
        poller.deregister(fd);
      }
    }
  }

  /**
   * Unparks the virtual threads parked on the poller for this descriptor, if one ever parked: in
   * {@link PosixSocket#close()}, after the life is marked closed and before the owner's release
   * (while a waiter holds its reference the number is still this socket's, and once the last
   * reference is gone it may be another's).
   */
  void wakeParked() {
    if (parksOnPoller) {
      VirtualThreadPoller.wakeAll(fd);
    }
  }
}
