package org.dial4j.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An event loop's own close hooks: kept by its thread alone, and linked through the hooks
 * themselves, so that adding and removing one allocates nothing and takes no lock (a dialer adds
 * one per dial in progress and removes it when the dial ends; the connect path counts its bytes).
 * Every call is made on the loop's thread: no other thread reads or writes the links. The loop's
 * end takes them all ({@link #close}); from then on {@link #add} refuses, and the caller ends what
 * the hook would have ended itself.
 *
 * <p>Not the public {@code EventLoop.addCloseHook}, which any thread may call with any {@link
 * Runnable}: that one keeps a concurrent set (a node per hook).
 */
public final class LoopHooks {
  /**
   * A hook: {@link #run} when the loop closes or dies; its links are this list's. It is in one list
   * at most (its loop's): listed is "first, or linked after another", no flag of its own (a dialer
   * makes one per dial; the connect path counts its bytes).
   */
  public abstract static class Hook implements Runnable {
    private @Nullable Hook prev;
    private @Nullable Hook next;

    /** For subclasses. */
    protected Hook() {}
  }

  private @Nullable Hook head;
  private int size;
  private boolean closed;

  /** An empty list; made by the loop. */
  public LoopHooks() {}

  /**
   * Adds {@code h} (not listed yet), on the loop thread; false, and it will not run, once the
   * loop's end has taken the hooks.
   */
  public boolean add(Hook h) {
    if (closed) {
      return false;
    }
    if (listed(h)) {
      throw new IllegalStateException("a close hook listed twice");
    }
    h.prev = null;
    h.next = head;
    if (head != null) {
      head.prev = h;
    }
    head = h;
    size++;
    return true;
  }

  /** Takes {@code h} out, on the loop thread; true if it was listed (it will not run then). */
  public boolean remove(Hook h) {
    if (!listed(h)) {
      return false;
    }
    Hook p = h.prev;
    Hook n = h.next;
    if (p == null) {
      head = n;
    } else {
      p.next = n;
    }
    if (n != null) {
      n.prev = p;
    }
    h.prev = h.next = null;
    size--;
    return true;
  }

  /** Whether {@code h} is in this list: its first, or linked after another. */
  private boolean listed(Hook h) {
    return h.prev != null || head == h;
  }

  /** How many hooks are listed. */
  public int size() {
    return size;
  }

  /**
   * The listed hooks that {@code which} accepts, copied (on the loop thread): the caller may then
   * run code that adds or removes hooks while it goes through them.
   */
  public List<Hook> select(Predicate<Hook> which) {
    List<Hook> out = new ArrayList<>();
    for (Hook h = head; h != null; h = h.next) {
      if (which.test(h)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * The loop's end, on its thread: takes every hook out, in the order they were added, for the end
   * to run; from now on {@link #add} refuses.
   */
  public List<Hook> close() {
    closed = true;
    List<Hook> out = new ArrayList<>(size);
    while (head != null) {
      Hook h = head;
      remove(h);
      out.add(h);
    }
    Collections.reverse(out); // the newest was at the head
    return out;
  }
}
