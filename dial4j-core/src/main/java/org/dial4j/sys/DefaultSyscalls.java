package org.dial4j.sys;

import java.util.Objects;

/**
 * The system call table the library's defaults use: {@link
 * org.dial4j.socket.PosixSocket#open(org.dial4j.Family, org.dial4j.Network.SocketType)} and {@code
 * fromDescriptor}, and every {@code EventLoop.builder()} (so every {@code Dialer}'s loop and its
 * connections). It is {@link LinuxSyscalls#INSTANCE}; the test suites alone replace it, to run the
 * existing tests over a fault-injecting table ({@code org.dial4j.testing.SuiteSyscalls},
 * RELIABILITY.md, "Injected syscall faults"). Not a setting: this package is not exported, so no
 * code outside the module's own (and the tests patched into it) can reach it.
 */
public final class DefaultSyscalls {
  private static volatile Syscalls table = LinuxSyscalls.INSTANCE;

  private DefaultSyscalls() {}

  /** The table the defaults use now. */
  public static Syscalls get() {
    return table;
  }

  /**
   * For the test suites only: the table the defaults use from now on (sockets and loops made before
   * keep theirs).
   */
  public static void replaceForTests(Syscalls sys) {
    table = Objects.requireNonNull(sys, "sys");
  }
}
