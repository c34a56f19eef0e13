package org.dial4j.cli;

import java.io.PrintWriter;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.EventLoop;

/**
 * {@code dial4j storm --control ADDR}: the control port on loop 0, where {@code fds} lists the held
 * connections (each named {@link StormWorker#NAME}).
 *
 * <p><b>PLACEHOLDER.</b> {@code org.dial4j.control.ControlPort} is being written on another branch.
 * Once it is merged, the body of {@link #open} becomes {@code return ControlPort.open(loop, at);}
 * (adapting the address type if need be) and the message goes. Until then {@code --control} is
 * refused with status 2 before any connect is made.
 */
final class StormControl {
  private StormControl() {}

  /**
   * Opens the control port on {@code loop} at {@code at}.
   *
   * @return what closes it, or null after saying on {@code err} why there is none (the command then
   *     exits 2)
   */
  static AutoCloseable open(EventLoop loop, InetEndpoint at, PrintWriter err) {
    err.println("dial4j storm: --control is not available in this build");
    return null;
  }
}
