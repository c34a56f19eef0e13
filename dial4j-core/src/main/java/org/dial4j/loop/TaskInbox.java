package org.dial4j.loop;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.sys.Syscalls;

/**
 * The loop's inbox: the tasks other threads hand it ({@link EventLoop#execute}) and the eventfd
 * that wakes its {@code epoll_wait} for them (eventfd(2); Netty's {@code EpollIoHandler} wakes its
 * loop the same way). The loop thread takes the tasks in its turn ({@link Dispatcher}) and, at the
 * end, whatever is left ({@link LoopEnd}).
 *
 * <p>Two races are closed here. A task offered as the loop stops running is either run or taken
 * back and refused, never lost: the loop drains the queue once more after it leaves RUNNING, and
 * {@link #execute} checks the state again after its offer. And a wake-up never writes a descriptor
 * number the loop has closed and the process reused: {@link #wake} counts itself in {@code wakers}
 * before it checks the state, and the loop's end closes the eventfd only after the state is CLOSED
 * and the count is back to 0 ({@link #awaitWakers}).
 */
final class TaskInbox {
  /** What a wake-up writes: eventfd adds it to its counter (8 bytes, eventfd(2)). */
  private static final MemorySegment ONE = Arena.global().allocate(8, 8).fill((byte) 0);

  static {
    ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
  }

  private final EventLoop loop;
  private final LoopState state;
  private final Syscalls sys;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();

  /** Threads between their state check and their eventfd write: the loop waits them out. */
  private final AtomicInteger wakers = new AtomicInteger();

  /** {@link #post}s since the last turn began. */
  private final AtomicInteger posted = new AtomicInteger();

  /** How many {@link #post}s without a turn make one wake the loop. */
  static final int POSTS_PER_WAKE = 256;

  private int wakefd = -1;

  TaskInbox(EventLoop loop) {
    this.loop = loop;
    this.state = loop.state;
    this.sys = loop.sys;
  }

  /** The eventfd, made by {@link EventLoop#start()} before the loop thread starts. */
  void open(int eventfd) {
    this.wakefd = eventfd;
  }

  /** The eventfd's number (-1 before the start). */
  int fd() {
    return wakefd;
  }

  /** {@link EventLoop#execute}: queues {@code task} (not null) and wakes the loop if needed. */
  void execute(Runnable task) {
    if (!state.isRunning()) {
      throw loop.rejected();
    }
    tasks.offer(task);
    // The loop drains the queue once more after it stops RUNNING, so a task is either run or
    // taken back here, never lost (the re-check closes the window between the check and offer).
    if (!state.isRunning() && tasks.remove(task)) {
      throw loop.rejected();
    }
    if (!loop.inLoop() && wakeupPending.compareAndSet(false, true)) {
      wake();
    }
  }

  /**
   * Queues {@code task} without waking the loop: it runs in the loop's next turn, whenever that
   * comes, except that every {@link #POSTS_PER_WAKE}-th post since the last turn wakes the loop, so
   * that what the posts hold on to stays bounded on a loop that has nothing else to do. For
   * book-keeping that no one waits for; dropped if the loop no longer runs (its close sweep does
   * that book-keeping itself). Returns whether it was queued (then it runs, in a turn or in the
   * loop's end).
   */
  boolean post(Runnable task) {
    if (!state.isRunning()) {
      return false;
    }
    tasks.offer(task);
    if (!state.isRunning() && tasks.remove(task)) {
      return false;
    }
    if (posted.incrementAndGet() % POSTS_PER_WAKE == 0
        && !loop.inLoop()
        && wakeupPending.compareAndSet(false, true)) {
      wake();
    }
    return true;
  }

  /** {@link #execute}, ignoring a loop that no longer runs (for clean-up work). */
  void executeQuietly(Runnable task) {
    try {
      execute(task);
    } catch (RejectedExecutionException e) {
      // The loop closed or is closing: it closes every descriptor it holds itself.
    }
  }

  /**
   * Writes the eventfd, unless the loop has closed it. The loop closes it only after every writer
   * has left, so a write never lands on a reused descriptor number.
   */
  void wake() {
    wakers.incrementAndGet();
    try {
      if (!state.isClosed()) {
        sys.write(wakefd, ONE);
      }
    } finally {
      wakers.decrementAndGet();
    }
  }

  /** True if no task waits (the turn then may sleep in {@code epoll_wait}). */
  boolean isEmpty() {
    return tasks.isEmpty();
  }

  /**
   * The turn is about to run the queue: a task queued from now on wakes the loop again. Returns how
   * many are queued now, the turn's budget (what these tasks queue waits for the next turn).
   */
  int startDrain() {
    wakeupPending.set(false);
    posted.set(0);
    return tasks.size();
  }

  /** The oldest queued task, taken out, or null. */
  Runnable poll() {
    return tasks.poll();
  }

  /** Waits out the threads inside {@link #wake} (the state is CLOSED: no new one writes). */
  void awaitWakers() {
    while (wakers.get() != 0) {
      Thread.onSpinWait();
    }
  }

  /** Closes the eventfd (the loop's end, after {@link #awaitWakers}). */
  void close() {
    sys.close(wakefd);
  }
}
