package org.dial4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.dial4j.InetEndpoint;
import org.dial4j.control.ControlPort;
import org.dial4j.loop.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * {@code dial4j storm --control ADDR}: libut's control port on loop 0, where {@code fds} lists the
 * connections that loop holds (each named {@link StormWorker#NAME}), and {@code stats} its connect
 * statistics.
 */
final class StormControl {
  private StormControl() {}

  /**
   * Opens the control port on {@code loop} at {@code at} (a loopback address: the command checked).
   *
   * @return what closes it, or null after saying on {@code err} why there is none (the command then
   *     exits 2)
   */
  static @Nullable AutoCloseable open(EventLoop loop, InetEndpoint at, PrintWriter err) {
    try {
      ControlPort port = ControlPort.open(loop, at.toString());
      err.println("dial4j storm: control port on " + port.address());
      return port;
    } catch (IOException | IllegalArgumentException e) {
      err.println("dial4j storm: --control " + at + ": " + e.getMessage());
      return null;
    }
  }
}
