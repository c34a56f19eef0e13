package org.dial4j.sys;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real system calls ({@link LinuxSyscalls#INSTANCE}), counting {@code epoll_wait} and {@code
 * epoll_ctl}: how a test sees an event loop spin (an {@code epoll_wait} that returns at once every
 * turn) or make system calls it should not, without timing anything; and failing one {@code
 * epoll_wait} on request, to see how a loop dies.
 */
public final class CountingSyscalls extends ForwardingSyscalls {
  private final AtomicLong epollWaits = new AtomicLong();
  private final AtomicLong epollCtls = new AtomicLong();
  private final AtomicLong epollWaitsEntered = new AtomicLong();
  private volatile int lastTimeout;
  private volatile int epollWaitError;
  private volatile RuntimeException epollWaitThrows;

  public CountingSyscalls() {
    super(LinuxSyscalls.INSTANCE);
  }

  /**
   * False, as before there was a forwarding base: the loop tests that count {@code epoll_ctl} see a
   * {@code Connection} over this table wait through the loop (its arming is what they count), not
   * in its own {@code poll(2)}.
   */
  @Override
  public boolean kernelDescriptors() {
    return false;
  }

  /** How many {@code epoll_wait} calls have returned so far. */
  public long epollWaits() {
    return epollWaits.get();
  }

  /**
   * True while a thread is inside an {@code epoll_wait} that waits without a timeout: only a
   * descriptor becoming ready (the loop's eventfd) can end it.
   */
  public boolean inEndlessWait() {
    return epollWaitsEntered.get() > epollWaits.get() && lastTimeout < 0;
  }

  /** Makes the next {@code epoll_wait} fail with {@code errno} instead of waiting. */
  public void failNextEpollWait(int errno) {
    epollWaitError = errno;
  }

  /**
   * Makes the next {@code epoll_wait} throw {@code e} instead of returning: a bug inside the loop's
   * own turn, which no callback guard catches, to see how a loop thread that dies ends.
   */
  public void throwFromNextEpollWait(RuntimeException e) {
    epollWaitThrows = e;
  }

  /** How many {@code epoll_ctl} calls have been made so far. */
  public long epollCtls() {
    return epollCtls.get();
  }

  @Override
  public int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
    lastTimeout = timeoutMillis;
    epollWaitsEntered.incrementAndGet();
    RuntimeException bug = epollWaitThrows;
    if (bug != null) {
      epollWaitThrows = null;
      epollWaits.incrementAndGet();
      throw bug;
    }
    int error = epollWaitError;
    epollWaitError = 0;
    int r = error != 0 ? -error : real.epollWait(epfd, events, maxEvents, timeoutMillis);
    epollWaits.incrementAndGet();
    return r;
  }

  @Override
  public int epollCtl(int epfd, int op, int fd, int events, long data) {
    epollCtls.incrementAndGet();
    return real.epollCtl(epfd, op, fd, events, data);
  }

  // Everything else goes straight through.

}
