package org.dial4j.socket;

import java.io.IOException;
import org.dial4j.Family;
import org.dial4j.MonotonicClock;
import org.dial4j.Network;
import org.dial4j.sys.Syscalls;

/**
 * What the test code of other packages (the reliability soak, {@code org.dial4j.soak}) needs of
 * this package's package-private parts: a {@link PosixSocket} on a system call table of its
 * choosing, and the count of virtual threads the poller holds registered.
 */
// The tests are patched into the module and exported with it, so javac sees a public signature
// with the unexported Syscalls; only the soak, inside the module, calls these.
@SuppressWarnings("exports")
public final class SocketBackends {
  private SocketBackends() {}

  /** {@link PosixSocket#open(Family, Network.SocketType)} on {@code sys} and the system clock. */
  public static PosixSocket open(Syscalls sys, Family family, Network.SocketType type)
      throws IOException {
    return PosixSocket.open(sys, MonotonicClock.SYSTEM, family, type);
  }

  /** How many waiters {@link VirtualThreadPoller}'s two pollers hold registered now. */
  public static int pollerWaiters() {
    return VirtualThreadPoller.waiting();
  }
}
