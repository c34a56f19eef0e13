package org.dial4j.loop;

/**
 * An entry of a {@link TimerHeap}. Registrations ({@link LoopFd}) are nodes themselves, so that a
 * connect deadline costs no object beyond the connection's own.
 */
abstract class TimerNode {
  /** When it fires, on the loop's clock ({@code nanoTime} scale). */
  long deadlineNanos;

  /** Its place in the heap array, or -1 when not scheduled. */
  int heapIndex = -1;

  /** True while in a heap. */
  final boolean scheduled() {
    return heapIndex >= 0;
  }

  /** Runs on the loop thread when the deadline has passed; the node is out of the heap already. */
  abstract void expire();
}
