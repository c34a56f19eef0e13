package org.dial4j.soak;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialHandle;
import org.dial4j.error.NetError;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.socket.PosixSocket;
import org.dial4j.socket.SocketBackends;
import org.dial4j.sys.Syscalls;

/**
 * Starts an attempt on its face and hands its end to the {@link Referee}; sets the attempt's chaos
 * (what its fault does to it at a random moment: an interrupt, a cancel, a close) where the face
 * has one. Whatever connected is closed before its end is reported: gracefully, or with a reset
 * where ephemeral ports are scarce ({@code abortive}: no TIME_WAIT holds a port).
 */
final class Faces {
  private final Referee referee;
  private final Syscalls sys;
  private final boolean abortive;

  Faces(Referee referee, Syscalls sys, boolean abortive) {
    this.referee = referee;
    this.sys = sys;
    this.abortive = abortive;
  }

  /** Starts {@code a}; returns at once (its end comes to the referee). */
  void start(Attempt a) {
    switch (a.face) {
      case BLOCKING -> blocking(a);
      case FUTURE -> future(a);
      case CALLBACK -> callback(a);
      case NAMED -> named(a);
      case POSIX_VT, POSIX_PT -> posix(a);
    }
  }

  private Deadline deadline(Attempt a) {
    return Deadline.at(a.deadlineNanos);
  }

  private void blocking(Attempt a) {
    Thread t =
        Thread.ofVirtual()
            .name("soak-blocking")
            .unstarted(
                () -> {
                  Connection c;
                  try {
                    c = a.dialer.dial(a.endpoint.toString(), deadline(a));
                  } catch (IOException | RuntimeException e) {
                    long at = System.nanoTime();
                    interruptKept(a, e, "ECANCELED");
                    referee.failed(a, e, at);
                    return;
                  }
                  long at = System.nanoTime();
                  Endpoint remote = c.remote();
                  release(c);
                  referee.connected(a, remote, at);
                });
    if (a.fault.action == Fault.Action.INTERRUPT) {
      a.chaos = t::interrupt;
    }
    t.start();
  }

  /**
   * An interrupt that ended a blocking call leaves the interrupt status set (Dialer.dial's and
   * PosixSocket's contract): an anomaly if it did not.
   */
  private void interruptKept(Attempt a, Throwable e, String errno) {
    if (a.fault == Fault.INTERRUPT
        && Outcomes.label(e).equals(errno)
        && !Thread.currentThread().isInterrupted()) {
      referee.tally().anomaly(a + " ended " + errno + " and the interrupt status was cleared");
    }
  }

  private void future(Attempt a) {
    CompletableFuture<Connection> f;
    try {
      f = a.dialer.dialAsync(a.endpoint.toString(), deadline(a));
    } catch (RuntimeException e) {
      referee.failed(a, e, System.nanoTime());
      return;
    }
    var _ = f.whenComplete((c, e) -> dialed(a, c, e));
    if (a.fault.action == Fault.Action.FUTURE_CANCEL) {
      a.chaos = () -> a.cancelled = f.cancel(true);
    }
  }

  private void callback(Attempt a) {
    DialHandle h;
    try {
      h = a.dialer.dial(Network.TCP, a.endpoint, deadline(a), (c, e) -> dialed(a, c, e));
    } catch (RuntimeException e) {
      referee.failed(a, e, System.nanoTime());
      return;
    }
    if (a.fault.action == Fault.Action.HANDLE_CANCEL) {
      a.chaos = () -> a.cancelled = h.cancel();
    }
  }

  /** A future's or a callback's end: exactly one of {@code c} and {@code e} is null. */
  private void dialed(Attempt a, Connection c, Throwable e) {
    long at = System.nanoTime();
    if (c != null) {
      Endpoint remote = c.remote();
      release(c);
      referee.connected(a, remote, at);
    } else {
      referee.failed(a, e, at);
    }
  }

  private void named(Attempt a) {
    FdCallback callback =
        (fd, name, status, data) -> {
          long at = System.nanoTime();
          if ((status & Status.CONNECTED) != 0) {
            Endpoint remote = fd.remote();
            release(fd);
            referee.connected(a, remote, at);
          } else if ((status & Status.FAILED) != 0) {
            IOException failure = fd.failure();
            if (failure == null) {
              referee.tally().anomaly(a + ": FAILED without a failure, errno " + fd.error());
              referee.ended(a, "FAILED-without-error", at);
            } else {
              referee.failed(a, failure, at);
            }
          } else {
            referee
                .tally()
                .anomaly(a + ": a callback before its end with " + Status.describe(status));
          }
        };
    LoopFd fd;
    try {
      fd =
          a.loop.connect(
              "soak-" + a.index, callback, null, null, (InetEndpoint) a.endpoint, deadline(a));
    } catch (IOException | RuntimeException e) {
      referee.failed(a, e, System.nanoTime());
      return;
    }
    switch (a.fault.action) {
      case LOOPFD_CANCEL -> a.chaos = () -> onLoop(a, fd::cancel);
      // A close ends the attempt (no callback may follow it), unless a callback ended it first;
      // both on the loop thread, so one of the two is first.
      case CLOSE ->
          a.chaos =
              () ->
                  onLoop(
                      a,
                      () -> {
                        if (a.ends.get() == 0) {
                          fd.close();
                          referee.ended(a, Outcomes.CLOSED, System.nanoTime());
                        }
                      });
      default -> {}
    }
  }

  private void onLoop(Attempt a, Runnable r) {
    try {
      a.loop.execute(r);
    } catch (RejectedExecutionException e) {
      referee.tally().anomaly(a + ": its loop refused the fault's task: " + e);
    }
  }

  private void posix(Attempt a) {
    InetEndpoint target = (InetEndpoint) a.endpoint;
    PosixSocket s;
    try {
      s = SocketBackends.open(sys, target.family(), Network.SocketType.STREAM);
    } catch (IOException | RuntimeException e) {
      referee.failed(a, e, System.nanoTime());
      return;
    }
    Runnable body =
        () -> {
          try {
            s.connect(target, deadline(a));
          } catch (IOException | RuntimeException e) {
            long at = System.nanoTime();
            interruptKept(a, e, "EINTR");
            release(s);
            referee.failed(a, e, at);
            return;
          }
          long at = System.nanoTime();
          release(s);
          referee.connected(a, null, at);
        };
    Thread t =
        a.face == Face.POSIX_VT
            ? Thread.ofVirtual().name("soak-posix").unstarted(body)
            : Thread.ofPlatform().name("soak-posix").daemon().unstarted(body);
    switch (a.fault.action) {
      case INTERRUPT -> a.chaos = t::interrupt;
      case CLOSE -> a.chaos = () -> closeQuietly(a, s);
      default -> {}
    }
    t.start();
  }

  private void closeQuietly(Attempt a, PosixSocket s) {
    Injections injections = referee.injections();
    injections.beforeClose();
    try {
      s.close();
    } catch (IOException e) {
      if (injections.closeFailedByInjection(e)) {
        injections.excuse("PosixSocket.close " + ((NetError) e).errno().name() + " (injected)");
      } else {
        referee.tally().anomaly(a + ": close from another thread failed: " + e);
      }
    }
  }

  private void release(Connection c) {
    if (abortive) {
      c.abort();
    } else {
      c.close();
    }
  }

  /** On the loop thread (a named connect's callback). */
  private void release(LoopFd fd) {
    if (abortive) {
      sys.setLinger(fd.fd(), true, 0);
    }
    fd.close();
  }

  private void release(PosixSocket s) {
    Injections injections = referee.injections();
    injections.beforeClose();
    try {
      if (abortive) {
        s.abort();
      } else {
        s.close();
      }
    } catch (IOException e) {
      if (injections.closeFailedByInjection(e)) {
        injections.excuse("PosixSocket.close " + ((NetError) e).errno().name() + " (injected)");
      } else {
        referee.tally().anomaly("closing a PosixSocket failed: " + e);
      }
    }
  }
}
