package org.dial4j.loop;

import org.dial4j.sys.Syscalls;

/**
 * An {@link EventLoop} over another system call table, for tests outside this package (a fault
 * injector's harness, a soak): the builder's {@code syscalls} setting is package-private, since an
 * application has no other table to give.
 */
public final class LoopBackend {
  private LoopBackend() {}

  /** A loop builder whose loop makes every system call through {@code sys}. */
  @SuppressWarnings("exports") // Syscalls is not exported; this helper lives in the tests only
  public static EventLoop.Builder builder(Syscalls sys) {
    return EventLoop.builder().syscalls(sys);
  }
}
