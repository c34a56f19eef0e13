package org.dial4j.loop;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.error.Errno;
import org.dial4j.internal.FdLife;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * The loop's epoll set and the table of what is in it: one {@link LoopFd} per descriptor number,
 * each registered with the interest its flags ask for. Confined to the loop thread.
 *
 * <p>Each registration gets a generation, and its {@code epoll_data} carries it above the
 * descriptor number ({@link LoopFd#token()}): a descriptor closed earlier in a batch of events may
 * already be a new one with the same number (close(2) frees the number at once), and {@link
 * #lookup} tells them apart. The kernel is told of an interest change only when the events to
 * register differ from the ones registered ({@link #sync}), one {@code epoll_ctl MOD} at most per
 * callback.
 */
final class FdTable {
  private final LoopState state;
  private final Syscalls sys;
  private final LoopLog log;
  private final TimerHeap timers;
  private int epfd = -1;
  private @Nullable LoopFd[] table = new LoopFd[256];
  private int count;
  private int generation;

  /**
   * The generations of registrations made off the loop thread ({@link #addFromCaller}): the high
   * bit set, so that they are not the loop's own for a long while (the loop's count reaches them
   * after 2^31 registrations; a stale event would then also need the same number at that moment).
   */
  private final AtomicInteger callerGeneration = new AtomicInteger();

  /** Callers inside {@link #addFromCaller}: the end closes the epoll descriptor once none is. */
  private final AtomicInteger callerAdds = new AtomicInteger();

  FdTable(EventLoop loop) {
    this.state = loop.state;
    this.sys = loop.sys;
    this.log = loop.log();
    this.timers = loop.timers;
  }

  /** The epoll descriptor, made by {@link EventLoop#start()} before the loop thread starts. */
  void open(int epollFd) {
    this.epfd = epollFd;
  }

  /** The epoll descriptor's number (-1 before the start). */
  int epfd() {
    return epfd;
  }

  /** How many descriptors are in the table. */
  int count() {
    return count;
  }

  /** The table itself, indexed by descriptor number (null where none), for a view to read. */
  @Nullable LoopFd[] slots() {
    return table;
  }

  /** Puts {@code lf} in the table and the epoll set; true if done (else FAILED was reported). */
  boolean adopt(LoopFd lf) {
    int r = add(lf);
    if (r < 0) {
      lf.fail(Errno.of(-r), "epoll_ctl");
      return false;
    }
    return true;
  }

  /** Puts {@code lf} in the table and the epoll set: 0, or the -errno of {@code epoll_ctl ADD}. */
  int add(LoopFd lf) {
    // While closing, work accepted earlier is still adopted, so that the close sweep reports a
    // handed-over connect as cancelled (ECANCELED) rather than as a loop that was never there.
    if (state.refusesAdoption()) {
      return -Errno.ENETDOWN.number();
    }
    int r = register(lf, ++generation == 0 ? ++generation : generation);
    if (r == 0) {
      put(lf);
    }
    return r;
  }

  /**
   * {@code epoll_ctl ADD} of {@code lf} under {@code gen}, with the events its flags ask for: 0, or
   * the -errno of the call.
   */
  private int register(LoopFd lf, int gen) {
    lf.generation = gen;
    int ev = epollEvents(lf);
    int r = sys.epollCtl(epfd, Sys.EPOLL_CTL_ADD, lf.fd(), ev, lf.token());
    if (r == 0) {
      lf.registered = ev;
    }
    return r;
  }

  /** Puts {@code lf}, in the epoll set already, in its number's row. */
  private void put(LoopFd lf) {
    int fd = lf.fd();
    if (fd >= table.length) {
      table = Arrays.copyOf(table, Math.max(fd + 1, table.length * 2));
    }
    LoopFd before = table[fd];
    if (before != null && before.ownerClosed()) {
      forget(before); // its owner closed the number, which is this one now; its row goes first
    }
    table[fd] = lf;
    count++;
  }

  /**
   * Off the loop thread, for a descriptor the loop does not know yet (a blocking dial's connection,
   * made on its caller's thread): {@code epoll_ctl ADD} with the events its flags ask for, so that
   * a failure is the caller's to report; 0, or the -errno of the call (ENETDOWN if the loop no
   * longer runs). {@link #insertAdded} puts it in the table later, on the loop thread. The epoll
   * descriptor stays open while a caller is in here: the loop's end closes it only once none is
   * ({@link #close}), after the state is CLOSED, which a caller checks after it counts itself in.
   */
  int addFromCaller(LoopFd lf) {
    callerAdds.incrementAndGet();
    try {
      if (!state.isRunning()) {
        return -Errno.ENETDOWN.number();
      }
      return register(lf, callerGeneration.incrementAndGet() | Integer.MIN_VALUE);
    } finally {
      callerAdds.decrementAndGet();
    }
  }

  /**
   * On the loop thread: puts {@code lf}, registered by {@link #addFromCaller}, in the table, unless
   * its owner has closed it meanwhile (close(2) took it out of the epoll set; its forget follows).
   * Under a reference of the owner's, so that the number is this descriptor's while it goes in.
   */
  void insertAdded(LoopFd lf) {
    FdLife owner = lf.owner;
    if (owner == null || !owner.tryAcquire()) {
      return;
    }
    try {
      put(lf);
    } finally {
      owner.release(); // may be the last: the owner's close then runs here, on the loop
    }
  }

  /**
   * Drops {@code lf}'s row, if still there, without a system call: its owner closed the descriptor
   * itself ({@code LoopAccess.Owners#closedByOwner}), which took it out of the epoll set, and the
   * number may be another descriptor's by now.
   */
  void forget(LoopFd lf) {
    if (lf.closed()) {
      return;
    }
    lf.markClosed();
    lf.registered = 0;
    if (lf.scheduled()) {
      timers.remove(lf);
    }
    int fd = lf.fd();
    if (fd < table.length && table[fd] == lf) {
      table[fd] = null;
      count--;
    }
  }

  /**
   * The registration an event's {@code epoll_data} names, or null: none, closed, or a later
   * descriptor with the same number (its generation differs).
   */
  @Nullable LoopFd lookup(long data) {
    int fd = (int) data;
    LoopFd lf = fd >= 0 && fd < table.length ? table[fd] : null;
    return lf != null && lf.generation == (int) (data >>> 32) && !lf.closed() ? lf : null;
  }

  /**
   * The events to give epoll for {@code lf}: the ones it wants or, when it wants none, EPOLLONESHOT
   * alone. epoll reports EPOLLHUP and EPOLLERR whatever the interest (epoll_ctl(2)), so a hung-up
   * descriptor registered for 0 would wake this level-triggered loop at once, every turn; one-shot
   * reports it once, then is silent until a MOD re-arms it. It also keeps {@code registered != 0}
   * meaning "in the epoll set", which {@link LoopFd#unregister()} relies on to take it out.
   */
  private static int epollEvents(LoopFd lf) {
    int want = wantedEvents(lf);
    return want != 0 ? want : Sys.EPOLLONESHOT;
  }

  /**
   * The epoll events {@code lf} should be registered for now: EPOLLOUT while connecting, else its
   * interest (EPOLLRDHUP with EPOLLIN on a socket that is not a listener) and EPOLLOUT while bytes
   * wait to be written.
   */
  private static int wantedEvents(LoopFd lf) {
    if (lf.closed()) {
      return 0;
    }
    int flags = lf.flags;
    if ((flags & FdFlags.CONNECTING) != 0) {
      return Sys.EPOLLOUT;
    }
    int ev = 0;
    if ((flags & FdFlags.R) != 0) {
      boolean stream = (flags & FdFlags.SOCKET) != 0 && (flags & FdFlags.LISTENING) == 0;
      ev |= Sys.EPOLLIN | (stream ? Sys.EPOLLRDHUP : 0);
    }
    if ((flags & (FdFlags.W | FdFlags.WRITE_PENDING)) != 0) {
      ev |= Sys.EPOLLOUT;
    }
    return ev;
  }

  /** Applies {@code lf}'s wanted interest to epoll if it changed (after a callback or a call). */
  void sync(LoopFd lf) {
    if (lf.closed()) {
      return;
    }
    int want = epollEvents(lf);
    if (want == lf.registered) {
      return;
    }
    FdLife owner = lf.owner;
    if (owner == null) {
      modify(lf, want);
    } else if (owner.tryAcquire()) {
      // The owner's reference keeps the number this descriptor's while epoll is told; once the
      // owner has closed, no interest is worth changing (its waiters were woken to end).
      try {
        modify(lf, want);
      } finally {
        owner.release(); // may be the last: the owner's close then runs here, on the loop
      }
    }
  }

  private void modify(LoopFd lf, int want) {
    int r = sys.epollCtl(epfd, Sys.EPOLL_CTL_MOD, lf.fd(), want, lf.token());
    if (r == 0) {
      lf.registered = want;
    } else {
      log.log(
          LogLevel.ERROR,
          () -> "epoll_ctl MOD " + lf.name() + " fd " + lf.fd() + ": " + Errno.of(-r).describe());
    }
  }

  /** Takes {@code lf} out of the table; closes its descriptor or, if not, takes it out of epoll. */
  void remove(LoopFd lf, boolean closeFd) {
    int fd = lf.fd();
    if (lf.scheduled()) {
      timers.remove(lf);
    }
    if (fd < table.length && table[fd] == lf) {
      table[fd] = null;
      count--;
      if (!closeFd && lf.registered != 0) {
        sys.epollCtl(epfd, Sys.EPOLL_CTL_DEL, fd, 0, 0);
      }
    }
    lf.registered = 0;
    if (closeFd) {
      // close(2) also takes it out of the epoll set: dial4j never dups a descriptor it watches.
      sys.close(fd);
      if (log.enabled(LogLevel.DEBUG)) {
        log.debug(() -> "close " + lf.name() + " fd " + fd);
      }
    }
  }

  /** Closes the epoll descriptor (the loop's end, once every registration is gone). */
  void close() {
    while (callerAdds.get() != 0) {
      Thread.onSpinWait(); // a caller in addFromCaller saw the loop running: one system call
    }
    sys.close(epfd);
  }
}
