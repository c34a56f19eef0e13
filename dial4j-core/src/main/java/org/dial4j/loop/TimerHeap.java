package org.dial4j.loop;

import java.util.Arrays;

/**
 * A binary min-heap of {@link TimerNode}s by deadline, with O(log n) removal through each node's
 * own index (what Netty's {@code DefaultPriorityQueue} does), so a cancelled connect deadline
 * leaves nothing behind. Deadlines are compared by subtraction because {@code nanoTime} values may
 * wrap (okio's {@code Timeout}). Confined to the loop thread.
 */
final class TimerHeap {
  private TimerNode[] heap = new TimerNode[64];
  private int size;

  int size() {
    return size;
  }

  /** The earliest node, or null. */
  TimerNode peek() {
    return size == 0 ? null : heap[0];
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
    TimerNode last = heap[--size];
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
  TimerNode pollExpired(long now) {
    if (size == 0 || heap[0].deadlineNanos - now > 0) {
      return null;
    }
    TimerNode n = heap[0];
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
    TimerNode n = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerNode p = heap[parent];
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
    TimerNode n = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && heap[right].deadlineNanos - heap[child].deadlineNanos < 0) {
        child = right;
      }
      if (n.deadlineNanos - heap[child].deadlineNanos <= 0) {
        break;
      }
      heap[i] = heap[child];
      heap[i].heapIndex = i;
      i = child;
    }
    heap[i] = n;
    n.heapIndex = i;
  }
}
