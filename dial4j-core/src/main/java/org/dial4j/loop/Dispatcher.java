package org.dial4j.loop;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.dial4j.MonotonicClock;
import org.dial4j.error.Errno;
import org.dial4j.sys.EpollEvents;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * The loop thread's work while the loop runs: turn after turn, wait in {@code epoll_wait} (no
 * longer than until the next timer, not at all while tasks wait), hand each event to its {@link
 * LoopFd}, run the due timers and then the tasks of the {@link TaskInbox}. What Netty's {@code
 * EpollIoHandler} does for its {@code EpollEventLoop}; the loop's face ({@link EventLoop}) starts
 * the thread and, when the turns end, hands over to the loop's end ({@link LoopEnd}).
 *
 * <p>A callback, task or timer that throws is logged and the turn goes on; only a {@link
 * VirtualMachineError} ends the turns ({@link #rethrowIfFatal}). Confined to the loop thread, as is
 * the memory of its waits (the event array and the eventfd's read buffer, in a confined arena that
 * lives as long as the turns).
 */
final class Dispatcher {
  /** epoll_wait's batch: 1024 events (12 KiB on x86_64). */
  private static final int MAX_EVENTS = 1024;

  private final String name;
  private final LoopState state;
  private final Syscalls sys;
  private final MonotonicClock clock;
  private final LoopLog log;
  private final TimerHeap timers;
  private final FdTable table;
  private final TaskInbox inbox;

  Dispatcher(EventLoop loop) {
    this.name = loop.name();
    this.state = loop.state;
    this.sys = loop.sys;
    this.clock = loop.clock;
    this.log = loop.log();
    this.timers = loop.timers;
    this.table = loop.table;
    this.inbox = loop.inbox;
  }

  /**
   * Turns until the loop stops running (a close, or an {@code epoll_wait} that failed); returns
   * what ended them if they died instead (a bug, or out of memory), else null.
   */
  @Nullable Throwable turns() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment events = arena.allocate((long) EpollEvents.SIZE * MAX_EVENTS, 8);
      MemorySegment wakeBuf = arena.allocate(8, 8);
      log.log(LogLevel.DEBUG, () -> "event loop " + name + " started");
      while (state.isRunning()) {
        turn(events, wakeBuf);
      }
    } catch (Throwable t) {
      return t;
    }
    return null;
  }

  /**
   * One turn: wait for events (or the next timer), dispatch them, then run the queued tasks. Due
   * timers run between events and between tasks, not only after the whole batch, so that a deadline
   * is late by at most one event's (or one task's) work, never by a batch of up to {@link
   * #MAX_EVENTS} connects plus every task queued meanwhile (at 16-17k dials/s that had made
   * deadlines fire 23-58 ms late). {@code events} is epoll_wait's batch, {@code wakeBuf} the
   * eventfd's 8 bytes.
   */
  private void turn(MemorySegment events, MemorySegment wakeBuf) {
    int timeout;
    if (!inbox.isEmpty()) {
      timeout = 0;
    } else {
      TimerNode next = timers.peek();
      timeout = next == null ? -1 : millisUntil(next.deadlineNanos);
    }
    int n = sys.epollWait(table.epfd(), events, MAX_EVENTS, timeout);
    if (n < 0 && n != -Errno.EINTR.number()) {
      Errno e = Errno.of(-n);
      log.log(LogLevel.FATAL, () -> "epoll_wait: " + e.describe());
      state.stopRunning();
      return;
    }
    int wakefd = inbox.fd();
    for (int i = 0; i < n; i++) {
      long data = EpollEvents.data(events, i);
      int fd = (int) data;
      if (fd == wakefd && (data >>> 32) == 0) {
        sys.read(wakefd, wakeBuf); // the inbox's eventfd: its count only woke the wait
        continue;
      }
      // A descriptor closed earlier in this batch may already be a new one with the same
      // number: the generation in the event's data tells them apart.
      LoopFd lf = table.lookup(data);
      if (lf != null) {
        lf.handle(EpollEvents.events(events, i));
      }
      runDueTimers();
    }
    runDueTimers();
    runTasks();
  }

  private int millisUntil(long deadlineNanos) {
    long d = deadlineNanos - clock.nanoTime();
    if (d <= 0) {
      return 0;
    }
    long ms = (d + 999_999) / 1_000_000;
    return (int) Math.min(ms, Integer.MAX_VALUE);
  }

  /** Runs the timers whose deadline has passed; costs one heap peek when none is scheduled. */
  private void runDueTimers() {
    if (timers.peek() == null) {
      return;
    }
    long now = clock.nanoTime();
    TimerNode t;
    while ((t = timers.pollExpired(now)) != null) {
      try {
        t.expire();
      } catch (RuntimeException | Error e) {
        rethrowIfFatal(e);
        log.log(LogLevel.ERROR, () -> "timer threw " + e);
      }
    }
  }

  private void runTasks() {
    // Run what is queued now, not what these tasks queue, so timers and I/O are not starved.
    runQueued(inbox.startDrain());
  }

  /**
   * Runs up to {@code budget} queued tasks, logging (not propagating) what they throw, with the due
   * timers between them.
   */
  private void runQueued(int budget) {
    Runnable r;
    for (; budget > 0 && (r = inbox.poll()) != null; budget--) {
      try {
        r.run();
      } catch (RuntimeException | Error e) {
        rethrowIfFatal(e);
        log.log(LogLevel.ERROR, () -> "task threw " + e);
      }
      runDueTimers();
    }
  }

  /**
   * What a callback, task or timer throws is logged and the loop goes on, except a {@link
   * VirtualMachineError} (out of memory, stack overflow), which ends the loop.
   */
  static void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }
}
