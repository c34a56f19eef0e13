package org.dial4j.sys;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real system calls ({@link LinuxSyscalls#INSTANCE}), counting {@code epoll_wait} and {@code
 * epoll_ctl}: how a test sees an event loop spin (an {@code epoll_wait} that returns at once every
 * turn) or make system calls it should not, without timing anything; and failing one {@code
 * epoll_wait} on request, to see how a loop dies.
 */
public final class CountingSyscalls implements Syscalls {
  private final Syscalls real = LinuxSyscalls.INSTANCE;
  private final AtomicLong epollWaits = new AtomicLong();
  private final AtomicLong epollCtls = new AtomicLong();
  private final AtomicLong epollWaitsEntered = new AtomicLong();
  private volatile int lastTimeout;
  private volatile int epollWaitError;
  private volatile RuntimeException epollWaitThrows;

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

  @Override
  public int epollCreate1(int flags) {
    return real.epollCreate1(flags);
  }

  @Override
  public int eventfd(int initval, int flags) {
    return real.eventfd(initval, flags);
  }

  @Override
  public long read(int fd, MemorySegment buf) {
    return real.read(fd, buf);
  }

  @Override
  public long write(int fd, MemorySegment buf) {
    return real.write(fd, buf);
  }

  @Override
  public int socket(int domain, int type, int protocol) {
    return real.socket(domain, type, protocol);
  }

  @Override
  public int bind(int fd, SockAddr addr) {
    return real.bind(fd, addr);
  }

  @Override
  public int listen(int fd, int backlog) {
    return real.listen(fd, backlog);
  }

  @Override
  public int accept4(int fd, SockAddr[] peer, int flags) {
    return real.accept4(fd, peer, flags);
  }

  @Override
  public int connect(int fd, SockAddr addr) {
    return real.connect(fd, addr);
  }

  @Override
  public int getsockoptInt(int fd, int level, int name, int[] value) {
    return real.getsockoptInt(fd, level, name, value);
  }

  @Override
  public int setsockoptInt(int fd, int level, int name, int value) {
    return real.setsockoptInt(fd, level, name, value);
  }

  @Override
  public int setLinger(int fd, boolean on, int seconds) {
    return real.setLinger(fd, on, seconds);
  }

  @Override
  public int getLinger(int fd, int[] value) {
    return real.getLinger(fd, value);
  }

  @Override
  public int setsockoptBytes(int fd, int level, int name, byte[] value) {
    return real.setsockoptBytes(fd, level, name, value);
  }

  @Override
  public int getsockoptBytes(int fd, int level, int name, byte[] value) {
    return real.getsockoptBytes(fd, level, name, value);
  }

  @Override
  public int getsockname(int fd, SockAddr[] addr) {
    return real.getsockname(fd, addr);
  }

  @Override
  public int getpeername(int fd, SockAddr[] addr) {
    return real.getpeername(fd, addr);
  }

  @Override
  public long send(int fd, MemorySegment buf, int flags) {
    return real.send(fd, buf, flags);
  }

  @Override
  public long recv(int fd, MemorySegment buf, int flags) {
    return real.recv(fd, buf, flags);
  }

  @Override
  public long sendto(int fd, MemorySegment buf, int flags, SockAddr to) {
    return real.sendto(fd, buf, flags, to);
  }

  @Override
  public long recvfrom(int fd, MemorySegment buf, int flags, SockAddr[] from) {
    return real.recvfrom(fd, buf, flags, from);
  }

  @Override
  public int shutdown(int fd, int how) {
    return real.shutdown(fd, how);
  }

  @Override
  public int close(int fd) {
    return real.close(fd);
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    return real.fcntl(fd, cmd, arg);
  }

  @Override
  public int ioctlInt(int fd, int request, int[] value) {
    return real.ioctlInt(fd, request, value);
  }

  @Override
  public int poll(int fd, int events, int timeoutMillis) {
    return real.poll(fd, events, timeoutMillis);
  }
}
