package org.dial4j.loop;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A binary min-heap of {@link TimerNode}s by deadline, with O(log n) removal through each node's
 * own index (what Netty's {@code DefaultPriorityQueue} does), so a cancelled connect deadline
 * leaves nothing behind. Deadlines are compared by subtraction because {@code nanoTime} values may
 * wrap (okio's {@code Timeout}). Confined to the loop thread.
 */
final class TimerHeap {
  /** The nodes, heap-ordered, in {@code heap[0..size)}; the slots past {@code size} are null. */
  private @Nullable TimerNode[] heap = new TimerNode[64];

  private int size;

  int size() {
    return size;
  }

  /** The earliest node, or null. */
  @Nullable TimerNode peek() {
    return size == 0 ? null : at(0);
  }

  /** Adds {@code n} (not already scheduled) to fire at {@code deadlineNanos}. */
  void add(TimerNode n, long deadlineNanos) {
    if (n.scheduled()) {
      throw new IllegalStateException("already scheduled");
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    n.deadlineNanos = deadlineNanos;
    n.heapIndex = size;
    heap[size++] = n;
    up(n.heapIndex);
  }

  /** Removes {@code n} if scheduled; true if it was. */
  boolean remove(TimerNode n) {
    int i = n.heapIndex;
    if (i < 0 || i >= size || heap[i] != n) {
      return false;
    }
    TimerNode last = at(--size);
    heap[size] = null;
    n.heapIndex = -1;
    if (last != n) {
      heap[i] = last;
      last.heapIndex = i;
      down(i);
      up(last.heapIndex);
    }
    return true;
  }

  /** Removes and returns the earliest node if its deadline is at or before {@code now}. */
  @Nullable TimerNode pollExpired(long now) {
    if (size == 0 || at(0).deadlineNanos - now > 0) {
      return null;
    }
    TimerNode n = at(0);
    remove(n);
    return n;
  }

  /** Removes every node and returns them (for a closing loop). */
  TimerNode[] drain() {
    TimerNode[] all = Arrays.copyOf(heap, size);
    for (TimerNode n : all) {
      n.heapIndex = -1;
    }
    Arrays.fill(heap, 0, size, null);
    size = 0;
    return all;
  }

  private void up(int i) {
    TimerNode n = at(i);
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerNode p = at(parent);
      if (n.deadlineNanos - p.deadlineNanos >= 0) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = n;
    n.heapIndex = i;
  }

  private void down(int i) {
    TimerNode n = at(i);
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && at(right).deadlineNanos - at(child).deadlineNanos < 0) {
        child = right;
      }
      TimerNode c = at(child);
      if (n.deadlineNanos - c.deadlineNanos <= 0) {
        break;
      }
      heap[i] = c;
      c.heapIndex = i;
      i = child;
    }
    heap[i] = n;
    n.heapIndex = i;
  }

  /** The node at {@code i}, below {@code size}: never null there. */
  private TimerNode at(int i) {
    return Objects.requireNonNull(heap[i]);
  }
}
