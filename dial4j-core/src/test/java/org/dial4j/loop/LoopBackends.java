package org.dial4j.loop;

import org.dial4j.sys.Syscalls;

/**
 * What the test code of other packages (the reliability soak, {@code org.dial4j.soak}) needs of
 * this package's package-private parts: a loop builder on a system call table of its choosing.
 */
// The tests are patched into the module and exported with it, so javac sees a public signature
// with the unexported Syscalls; only the soak, inside the module, calls these.
@SuppressWarnings("exports")
public final class LoopBackends {
  private LoopBackends() {}

  /** {@link EventLoop#builder()} whose loop makes its system calls through {@code sys}. */
  public static EventLoop.Builder builder(Syscalls sys) {
    return EventLoop.builder().syscalls(sys);
  }
}
