package org.dial4j.control;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LogLevel;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.jspecify.annotations.Nullable;

/**
 * The loop side of a control port: the callback of its listener's accepted connections, and the
 * table of their sessions. Everything here runs on the loop thread but {@link #active()}.
 */
final class ControlServer implements FdCallback {
  /**
   * The bytes of one read: a session reads again only once every line of the last read has run, and
   * level-triggered epoll reports what the kernel still holds.
   */
  static final int READ_BYTES = 8192;

  /**
   * Lines the port runs per loop turn, at most, over all its sessions. A turn of the loop also
   * serves every other descriptor and timer (connects among them), so no client's pipelined input
   * may hold it, nor fifteen clients' together. A line is one command; eight cheap commands ({@code
   * log}, {@code stats}, {@code help}) take well under a millisecond together, and a costly
   * application command is stopped after one by {@link #REPLY_BYTES_PER_TURN}, as its cost follows
   * its reply. {@code fds}, whose rows (one per descriptor, a few microseconds each) would take
   * tens of milliseconds over 20,000 held connections, is streamed instead: one part of {@link
   * FdsTable#ROWS_PER_PART} rows takes a turn's whole share ({@link #spendTurn}). A script that
   * pipelines loses only the turns in between, an {@code epoll_wait} each.
   */
  static final int LINES_PER_TURN = 8;

  /** The share also ends with the line whose reply brings the turn's replies to this many bytes. */
  static final int REPLY_BYTES_PER_TURN = 16 * 1024;

  private final ControlPort port;
  private final CommandTable commands;

  /** Keyed by identity: a descriptor number can be reused, a {@link LoopFd} cannot. */
  private final IdentityHashMap<LoopFd, ControlSession> sessions = new IdentityHashMap<>();

  /**
   * Scratch for reads whose bytes are not kept; shared by every session, as only one runs at a time
   * on the loop thread.
   */
  private final ByteBuffer dropBuffer = ByteBuffer.allocateDirect(READ_BYTES);

  /**
   * Sessions with lines read and not yet run, in the order they get the port's share of a turn: a
   * session whose lines outlast the share goes back to the end, so that each gets its turn.
   */
  private final ArrayDeque<ControlSession> runnable = new ArrayDeque<>();

  /** {@link #turn()} is queued on the loop. */
  private boolean turnQueued;

  private int linesLeft;
  private long streamedParts;
  private long bytesLeft;
  private volatile int active;
  private boolean shut;

  ControlServer(ControlPort port, CommandTable commands) {
    this.port = port;
    this.commands = commands;
  }

  @Override
  public void onEvent(LoopFd fd, String name, int status, @Nullable Object data) {
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
    } else if ((status & (Status.READABLE | Status.WRITABLE)) != 0) {
      s.ready(dropBuffer);
    }
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // active has one writer, the loop thread
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

  /**
   * {@code s} has lines to run: they run at the end of this loop turn (the loop runs its tasks
   * after the descriptors' callbacks and the timers), or of a later one if the share is spent.
   */
  void runnable(ControlSession s) {
    if (!s.queued) {
      s.queued = true;
      runnable.add(s);
    }
    queueTurn();
  }

  private void queueTurn() {
    if (!turnQueued && !shut) {
      try {
        loop().execute(this::turn);
        turnQueued = true;
      } catch (RejectedExecutionException e) {
        // The loop is closing: it closes every session.
      }
    }
  }

  /**
   * The port's share of one loop turn: the queued sessions run their lines, first come first, until
   * it is spent; what is left runs in the next turn (a task queued by a task runs a turn later).
   */
  private void turn() {
    turnQueued = false;
    linesLeft = LINES_PER_TURN;
    bytesLeft = REPLY_BYTES_PER_TURN;
    ControlSession s;
    while (shareLeft() && (s = runnable.poll()) != null) {
      s.queued = false;
      s.runLines();
    }
    if (!runnable.isEmpty()) {
      queueTurn();
    }
  }

  /** True while the port may run another line in this turn. */
  boolean shareLeft() {
    return linesLeft > 0 && bytesLeft > 0;
  }

  /** One line ran and wrote {@code replyBytes}. */
  void spend(long replyBytes) {
    linesLeft--;
    bytesLeft -= replyBytes;
  }

  /** One part of a streamed reply ran: it takes the rest of this turn's share. */
  void spendTurn(long replyBytes) {
    linesLeft = 0;
    bytesLeft -= replyBytes;
    streamedParts++;
  }

  /** Parts of streamed replies written since the port opened (tests count the turns they took). */
  long streamedParts() {
    return streamedParts;
  }

  /** Stops counting {@code s} against {@link ControlPort.Options#maxClients()}. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // active has one writer, the loop thread
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
    runnable.clear();
    active = 0;
  }

  /** Logs, at WARNING through the loop's log, that the port drops a client and why. */
  void warn(ControlSession s, String why) {
    loop()
        .log(
            LogLevel.WARNING,
            () ->
                "control port "
                    + port.address()
                    + ": dropping client "
                    + s.fd().remote()
                    + " (fd "
                    + s.fd().fd()
                    + "): "
                    + why);
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
