package org.dial4j.cli;

import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;

/**
 * The calling thread's allocated bytes, as HotSpot counts them per thread ({@code
 * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}): what {@code storm -v} divides
 * by the connects a loop made, to show the hot path allocates only the connection's own object.
 */
final class Allocation {
  private Allocation() {}

  private static final com.sun.management.@Nullable ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
              && t.isThreadAllocatedMemorySupported()
          ? t
          : null;

  /** Bytes the calling thread has allocated so far, or -1 if this JVM cannot tell. */
  static long currentThread() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }
}
