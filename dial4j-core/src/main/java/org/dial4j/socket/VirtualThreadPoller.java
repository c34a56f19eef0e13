package org.dial4j.socket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.dial4j.error.Errno;
import org.dial4j.sys.EpollEvents;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * Where a virtual thread waits for a descriptor to become ready without holding its carrier: a wait
 * with {@code poll(2)} is an FFM downcall, which pins the carrier for as long as it lasts, so a few
 * virtual threads waiting in it would stop every other virtual thread.
 *
 * <p>The JDK's own answer for its sockets ({@code sun.nio.ch.Poller}, JDK 21+), on dial4j's system
 * calls: one poller per direction, each a daemon platform thread in {@code epoll_wait} on its own
 * epoll descriptor. A waiting virtual thread registers its descriptor with {@code EPOLLONESHOT}
 * (the registration's data is the descriptor number), parks, and the poller thread unparks it when
 * the descriptor is ready; the waiter then removes the registration ({@code EPOLL_CTL_DEL}) itself,
 * before it returns and while its call still holds the socket's descriptor, so the registration
 * never outlives the number it names. Unlike the JDK, which keeps a disarmed registration until the
 * channel closes, nothing is left registered between waits: epoll drops a registration only when
 * the open file description is released (epoll(7)), which for an adopted descriptor with a copy
 * elsewhere (a dup, a forked child) is not when PosixSocket closes it, and a registration left
 * behind would go on reporting under a number since reused.
 *
 * <p>Wake-ups are hints, never the answer: a waiter looks with {@code poll(fd, 0)} before each
 * park, so a stale event (one taken by {@code epoll_wait} just before its waiter timed out and
 * deregistered, then handed to the next registration of the same number) or a spurious unpark costs
 * one more look, nothing else. A second waiter on the same descriptor in the same direction cannot
 * register (epoll holds one registration per descriptor: EEXIST) and waits in bounded parks of
 * {@link SocketWait#WAIT_SLICE_MILLIS}, looking between them.
 *
 * <p>Made once, when the class is initialized, which is on the first wait of a virtual thread (the
 * JVM initializes a class once, on its first use); if that fails (EMFILE, say), each later such
 * wait tries again, and waits meanwhile as a platform thread does. The two threads and two epoll
 * descriptors then live as long as the JVM, as the JDK's pollers do.
 */
final class VirtualThreadPoller {
  private static final Syscalls SYS = LinuxSyscalls.INSTANCE;

  /** Events one {@code epoll_wait} takes at most. */
  private static final int MAX_EVENTS = 64;

  private static volatile @Nullable VirtualThreadPoller read;
  private static volatile @Nullable VirtualThreadPoller write;

  static {
    make();
  }

  private final int epfd;
  private final int events;

  /** The registered waiter of each descriptor. */
  private final ConcurrentHashMap<Integer, Thread> waiters = new ConcurrentHashMap<>();

  /** {@code epoll_wait} failed with more than EINTR and the thread ended: nobody registers. */
  private volatile boolean broken;

  private VirtualThreadPoller(int epfd, int events) {
    this.epfd = epfd;
    this.events = events;
  }

  /**
   * The poller for {@code pollEvents} ({@link Sys#POLLIN} or {@link Sys#POLLOUT}), or null when
   * none could be made.
   */
  static @Nullable VirtualThreadPoller of(int pollEvents) {
    if (read == null) {
      make();
    }
    return pollEvents == Sys.POLLIN ? read : write;
  }

  private static synchronized void make() {
    if (read != null) {
      return;
    }
    int in = SYS.epollCreate1(Sys.EPOLL_CLOEXEC);
    if (in < 0) {
      return;
    }
    int out = SYS.epollCreate1(Sys.EPOLL_CLOEXEC);
    if (out < 0) {
      SYS.close(in);
      return;
    }
    VirtualThreadPoller r = new VirtualThreadPoller(in, Sys.EPOLLIN);
    VirtualThreadPoller w = new VirtualThreadPoller(out, Sys.EPOLLOUT);
    Thread.ofPlatform().name("dial4j-poller-read").daemon().start(r::run);
    Thread.ofPlatform().name("dial4j-poller-write").daemon().start(w::run);
    write = w;
    read = r;
  }

  /**
   * Registers the calling thread as the waiter for {@code fd}: true when it is, and must then
   * {@link #deregister} after its park; false when the descriptor cannot be registered now (another
   * thread waits on it in this direction, or epoll refused it), and the caller parks at most {@link
   * SocketWait#WAIT_SLICE_MILLIS} instead.
   */
  boolean register(int fd) {
    Integer key = fd;
    Thread me = Thread.currentThread();
    if (waiters.putIfAbsent(key, me) != null) {
      return false;
    }
    int r = SYS.epollCtl(epfd, Sys.EPOLL_CTL_ADD, fd, events | Sys.EPOLLONESHOT, fd);
    if (r < 0) {
      // EEXIST: the previous waiter, woken, has not deregistered yet. ENOMEM, ENOSPC
      // (max_user_watches): epoll has no room. Either way, a bounded park.
      waiters.remove(key, me);
      return false;
    }
    if (broken) {
      // Read after the registration: the ending thread set broken before it woke the
      // registered, so either it woke this one or this one sees broken.
      deregister(fd);
      return false;
    }
    return true;
  }

  /** Removes the calling thread's registration of {@code fd}, which its caller still holds. */
  void deregister(int fd) {
    int r = SYS.epollCtl(epfd, Sys.EPOLL_CTL_DEL, fd, 0, 0);
    assert r == 0 || r == -Errno.ENOENT.number() : "EPOLL_CTL_DEL: " + -r;
    waiters.remove(fd, Thread.currentThread());
  }

  /** Unparks the waiter registered for {@code fd}, if any (a close from another thread). */
  void wake(int fd) {
    Thread t = waiters.get(fd);
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /**
   * How many waiters the two pollers hold registered now: 0 whenever no virtual thread waits in a
   * {@code PosixSocket} call (the reliability soak's accounting reads it between phases).
   */
  static int waiting() {
    VirtualThreadPoller r = read;
    VirtualThreadPoller w = write;
    return (r != null ? r.waiters.size() : 0) + (w != null ? w.waiters.size() : 0);
  }

  /** Both pollers' {@link #wake}, if they were made. */
  static void wakeAll(int fd) {
    VirtualThreadPoller r = read;
    VirtualThreadPoller w = write;
    if (r != null) {
      r.wake(fd);
    }
    if (w != null) {
      w.wake(fd);
    }
  }

  private void run() {
    MemorySegment ready = Arena.global().allocate((long) EpollEvents.SIZE * MAX_EVENTS, 8);
    while (true) {
      int n = SYS.epollWait(epfd, ready, MAX_EVENTS, -1);
      if (n < 0 && n != -Errno.EINTR.number()) {
        // Nothing but EINTR (a signal: wait again) fails on a valid epoll descriptor with a valid
        // buffer (epoll_wait(2)). Were something to, spinning here would help nobody: waiters
        // are woken and from now on wait in bounded parks, looking between them.
        broken = true;
        waiters.values().forEach(LockSupport::unpark);
        return;
      }
      for (int i = 0; i < n; i++) {
        Thread t = waiters.remove((int) EpollEvents.data(ready, i));
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }
  }
}
