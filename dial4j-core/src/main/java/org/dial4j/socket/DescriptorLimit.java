package org.dial4j.socket;

import java.io.IOException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;

/**
 * The process's descriptor limit, {@code RLIMIT_NOFILE} (getrlimit(2)): every socket, connection
 * and listener is one descriptor, and a process holds at most {@link #soft()} at once (then
 * socket(2) and accept(2) fail with EMFILE). An unprivileged process may raise its soft limit up to
 * the hard one, as {@link #raiseSoftToHard()} does; HotSpot does it at start-up on Linux unless
 * {@code -XX:-MaxFDLimit}, and cconnect and {@code dial4j storm --hold} do it themselves.
 *
 * @param soft the limit now in force ({@code rlim_cur}), {@link #UNLIMITED} for none
 * @param hard the ceiling of the soft limit ({@code rlim_max}), {@link #UNLIMITED} for none
 */
public record DescriptorLimit(long soft, long hard) {

  /** {@code RLIM_INFINITY}: no limit. */
  public static final long UNLIMITED = Sys.RLIM_INFINITY;

  /**
   * The limits now.
   *
   * @throws IOException a {@code NetError} (operation rlimit) with getrlimit's errno
   */
  public static DescriptorLimit current() throws IOException {
    return current(LinuxSyscalls.INSTANCE);
  }

  /**
   * Raises the soft limit to the hard one (no call when they are equal already).
   *
   * @return the limits after the call
   * @throws IOException a {@code NetError} (operation rlimit) with getrlimit's or setrlimit's errno
   */
  public static DescriptorLimit raiseSoftToHard() throws IOException {
    return raiseSoftToHard(LinuxSyscalls.INSTANCE);
  }

  static DescriptorLimit current(Syscalls sys) throws IOException {
    long[] v = new long[2];
    int r = sys.getrlimit(Sys.RLIMIT_NOFILE, v);
    if (r < 0) {
      throw NetError.of(Errno.of(-r), Operation.RLIMIT, "getrlimit RLIMIT_NOFILE");
    }
    return new DescriptorLimit(v[0], v[1]);
  }

  static DescriptorLimit raiseSoftToHard(Syscalls sys) throws IOException {
    DescriptorLimit now = current(sys);
    if (now.soft == now.hard) {
      return now;
    }
    int r = sys.setrlimit(Sys.RLIMIT_NOFILE, now.hard, now.hard);
    if (r < 0) {
      throw NetError.of(
          Errno.of(-r),
          Operation.RLIMIT,
          "setrlimit RLIMIT_NOFILE soft " + text(now.hard) + " hard " + text(now.hard));
    }
    return current(sys);
  }

  /** A limit as {@code /proc/self/limits} writes it: the number, or {@code unlimited}. */
  static String text(long limit) {
    return limit == UNLIMITED ? "unlimited" : Long.toString(limit);
  }

  /** {@code soft 20000 hard 20000}. */
  @Override
  public String toString() {
    return "soft " + text(soft) + " hard " + text(hard);
  }
}
