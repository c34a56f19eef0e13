package org.dial4j.control;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LogLevel;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;

/**
 * The loop side of a control port: the callback of its listener's accepted connections, and the
 * table of their sessions. Everything here runs on the loop thread but {@link #active()}.
 */
final class ControlServer implements FdCallback {
  /** One read per readiness call: level-triggered epoll calls again while more is queued. */
  private static final int READ_BYTES = 8192;

  private final ControlPort port;
  private final CommandTable commands;
  /** Keyed by identity: a descriptor number can be reused, a {@link LoopFd} cannot. */
  private final Map<LoopFd, ControlSession> sessions = new IdentityHashMap<>();
  /** Shared by every session, as only one runs at a time on the loop thread. */
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BYTES);
  private volatile int active;
  private boolean shut;

  ControlServer(ControlPort port, CommandTable commands) {
    this.port = port;
    this.commands = commands;
  }

  @Override
  public void onEvent(LoopFd fd, String name, int status, Object data) {
    if ((status & Status.NEW_ACCEPT) != 0) {
      accept(fd);
      return;
    }
    ControlSession s = sessions.get(fd);
    if (s == null) {
      fd.close(); // not a session (any more): nothing may read it
      return;
    }
    if ((status & Status.FAILED) != 0) {
      s.failed(); // a buffered write failed; the loop closes the descriptor itself
    } else if ((status & Status.READABLE) != 0) {
      s.readable(readBuffer);
    }
  }

  private void accept(LoopFd fd) {
    if (shut) {
      fd.close();
      return;
    }
    ControlSession s = new ControlSession(this, fd);
    sessions.put(fd, s);
    int max = port.options().maxClients();
    if (active >= max) {
      String why = "too many control clients (at most " + max + "); closing";
      warn(s, why);
      s.end(why);
      return;
    }
    s.counted = true;
    active++;
    s.start();
  }

  /** Stops counting {@code s} against {@link ControlPort.Options#maxClients()}. */
  void uncount(ControlSession s) {
    if (s.counted) {
      s.counted = false;
      active--;
    }
  }

  /** Forgets a session whose descriptor is closed (or being closed by the loop). */
  void forget(ControlSession s) {
    uncount(s);
    sessions.remove(s.fd());
  }

  /** Closes the listener and every session at once; no timer of theirs stays scheduled. */
  void shutdown(LoopFd listener) {
    shut = true;
    listener.close();
    for (ControlSession s : new ArrayList<>(sessions.values())) {
      s.hardClose();
    }
    sessions.clear();
    active = 0;
  }

  /** Logs, at WARNING through the loop's log, that the port drops a client and why. */
  void warn(ControlSession s, String why) {
    loop().log(LogLevel.WARNING, () -> "control port " + port.address() + ": dropping client "
        + s.fd().remote() + " (fd " + s.fd().fd() + "): " + why);
  }

  int active() {
    return active;
  }

  EventLoop loop() {
    return port.loop();
  }

  ControlPort port() {
    return port;
  }

  CommandTable commands() {
    return commands;
  }
}
