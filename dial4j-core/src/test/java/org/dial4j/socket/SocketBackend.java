package org.dial4j.socket;

import java.io.IOException;
import org.dial4j.Family;
import org.dial4j.MonotonicClock;
import org.dial4j.Network;
import org.dial4j.sys.Syscalls;

/**
 * A {@link PosixSocket} over another system call table and clock, for tests outside this package (a
 * fault injector's harness, a soak): the factory that takes them is package-private, since an
 * application has no other table to give.
 */
public final class SocketBackend {
  private SocketBackend() {}

  /**
   * {@code socket(2)} through {@code sys}: a new blocking socket whose every call goes through
   * {@code sys} and whose deadlines run on {@code clock}.
   *
   * @throws IOException as {@link PosixSocket#open(Family, Network.SocketType)}
   */
  @SuppressWarnings("exports") // Syscalls is not exported; this helper lives in the tests only
  public static PosixSocket open(
      Syscalls sys, MonotonicClock clock, Family family, Network.SocketType type)
      throws IOException {
    return PosixSocket.open(sys, clock, family, type);
  }
}
