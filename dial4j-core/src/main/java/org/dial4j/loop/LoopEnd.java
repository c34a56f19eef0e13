package org.dial4j.loop;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dial4j.error.Errno;
import org.dial4j.internal.LoopHooks;
import org.jspecify.annotations.Nullable;

/**
 * The loop's end, on its own thread once its turns are over, whether it was closed or its thread
 * died: the close hooks, the tasks accepted before the close, then every descriptor it holds
 * (connects in progress FAILED, descriptors their owner closes FAILED and unregistered, the rest
 * closed), its timers, and last its eventfd and epoll descriptors. Every step is guarded, so that
 * one that throws cannot keep the rest from being released.
 *
 * <p>It also keeps the close hooks ({@link EventLoop#addCloseHook}). A hook is run by whoever
 * removes it: a hook added as the state turns to CLOSING either runs once here or is taken back by
 * the thread that added it (which is then told it will not run), never both.
 */
final class LoopEnd {
  private final String name;
  private final LoopState state;
  private final LoopLog log;
  private final TimerHeap timers;
  private final FdTable table;
  private final TaskInbox inbox;
  private final LoopHooks ownHooks;

  /**
   * Taken one by one by the loop's end once the state is CLOSING (see {@link #addHook}); a
   * concurrent set, so that adding and removing are O(1) and lock-free: a dialer adds one per dial
   * in progress and removes it when the dial ends.
   */
  private final Set<Runnable> closeHooks = ConcurrentHashMap.newKeySet();

  LoopEnd(EventLoop loop) {
    this.name = loop.name();
    this.state = loop.state;
    this.log = loop.log();
    this.timers = loop.timers;
    this.table = loop.table;
    this.inbox = loop.inbox;
    this.ownHooks = loop.hooks;
  }

  /** {@link EventLoop#addCloseHook}: false, and the hook will not run, once the loop is closing. */
  boolean addHook(Runnable hook) {
    if (state.closingOrClosed()) {
      return false;
    }
    closeHooks.add(hook);
    // The state may have turned meanwhile: then either the loop's end has taken this hook (it
    // will run) or it is still there and taken back here (it will not), never both.
    if (state.closingOrClosed() && closeHooks.remove(hook)) {
      return false;
    }
    return true;
  }

  /** {@link EventLoop#removeCloseHook}: true if the hook was there (and will not run). */
  boolean removeHook(Runnable hook) {
    return closeHooks.remove(hook);
  }

  /**
   * The loop's end, on its own thread, whether it was closed or died ({@code died}): every step is
   * guarded, so that one that throws cannot keep the rest (the descriptors above all) from being
   * released. Connects in progress fail with ECANCELED when the loop was closed, EIO when it died.
   */
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // the close hooks' loop below
  void run(@Nullable Throwable died) {
    Errno why = died == null ? Errno.ECANCELED : Errno.EIO;
    String detail = died == null ? "the event loop closed" : "the event loop died: " + died;
    // The hooks first (a dialer's end its dials), then the tasks that were accepted before the
    // close: they still run (a connect handed over from another thread is adopted, then cancelled
    // below, so its callback sees ECANCELED; a dial's start finds its dial ended).
    // Each hook is run by whoever removes it: here, or a thread that added it as the state turned
    // (addHook), which then does not run it. So the loop waits out those few. Removing while
    // iterating is safe here: a ConcurrentHashMap key set's iterators are weakly consistent
    // (ConcurrentHashMap's Javadoc).
    while (!closeHooks.isEmpty()) {
      for (Runnable hook : closeHooks) {
        if (closeHooks.remove(hook)) {
          guarded("close hook", hook);
        }
      }
    }
    // The hooks this thread keeps (a dialer's dials): taken all at once; one added from now on
    // (a dial started by a task below) is refused, and its dial ends itself.
    for (Runnable hook : ownHooks.close()) {
      guarded("close hook", hook);
    }
    runAllTasks();
    for (LoopFd lf : table.slots().clone()) {
      if (lf == null || lf.closed()) {
        continue;
      }
      guarded(
          "closing " + lf.name(),
          () -> {
            if ((lf.flags & FdFlags.CONNECTING) != 0) {
              lf.fail(why, detail);
            } else if ((lf.flags & FdFlags.OWNER_CLOSES) != 0) {
              lf.ownerCancel(why, detail); // FAILED, then unregistered; the owner closes it
            } else {
              lf.closeNow();
            }
          });
    }
    guarded(
        "dropping timers",
        () -> {
          for (TimerNode t : timers.drain()) {
            if (t instanceof Timer timer) {
              timer.markCancelled();
            }
          }
        });
    state.setClosed();
    runAllTasks();
    inbox.awaitWakers();
    guarded("closing the eventfd", inbox::close);
    guarded("closing the epoll descriptor", table::close);
    log.log(LogLevel.DEBUG, () -> "event loop " + name + " closed");
  }

  /**
   * Runs every queued task, including those the tasks queue (for a closing loop), whatever they
   * throw.
   */
  private void runAllTasks() {
    Runnable r;
    while ((r = inbox.poll()) != null) {
      guarded("task", r);
    }
  }

  /**
   * Runs one step of the loop's end; what it throws, even an Error, is logged and the end goes on.
   */
  private void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (Throwable e) {
      log.log(LogLevel.ERROR, () -> what + " threw " + e);
    }
  }
}
