package org.dial4j.dial;

import java.io.IOException;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.internal.LoopAccess;
import org.dial4j.internal.SocketSetup;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.LoopFd;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * The blocking face's dial of an IP literal, its one connect opened on the caller's thread rather
 * than on the loop's: {@code socket}, the dialer's options, {@code bind}, {@code connect}, then one
 * look whether it is done. On loopback it is (the kernel runs the whole handshake inside {@code
 * connect(2)}, which still answers EINPROGRESS), and the caller returns with its connection without
 * a thread hand-off at all: the caller puts the descriptor in the loop's epoll set itself (so a
 * failure to watch it fails the dial, as on the loop), and the loop takes it into its table on its
 * next turn, unwoken (a {@code java.net.Socket} on a virtual thread, for comparison, is registered
 * with the JDK's poller only when a call would block). A virtual thread that dialed through the
 * loop paid two hand-offs per dial, the loop woken and the caller unparked: at one dial at a time
 * 0.33 to 0.60 of a plain {@code Socket.connect}'s rate.
 *
 * <p>A connect not done at once (a remote peer's round trip, a refusal still on its way, an
 * interrupted look) is handed to the dial's race as its first attempt, which the loop adopts as it
 * would have adopted its own ({@link LoopDriver}); a connect that fails at once is handed over as
 * its error. Either way the race decides, so every outcome but the at-once success is the race's,
 * errors and timing included. The caller opens only when nothing of the race would happen before
 * the connect: a dial no one observes (no listener, no JFR recording), whose deadline has not
 * passed, whose literal's family has a source where the dialer has sources, on an uninterrupted
 * thread of an open dialer.
 */
final class CallerConnect {
  private CallerConnect() {}

  /** Whether a blocking dial of {@code literal} may open its connect on the caller's thread. */
  static boolean allowed(DialSettings settings, InetEndpoint literal) {
    boolean sources = settings.sourceV4() != null || settings.sourceV6() != null;
    return settings.listener() == DialListener.NONE
        && !DialJfr.enabled()
        && !(sources && settings.source(literal.family()) == null) // DialRace.literalSkipped
        && !Thread.currentThread().isInterrupted();
  }

  /**
   * Opens the connect to {@code literal} on the calling thread (not {@code on}'s): a {@link
   * Connection} when it connected at once (the loop takes it over unwoken), else what the race
   * takes as its first attempt: the connect's {@link LoopFd} still in progress, or the {@link
   * IOException} it failed with at once. Null when the loop no longer runs (nothing is left open;
   * the race says so).
   */
  static @Nullable Object open(EventLoop on, DialSettings settings, InetEndpoint literal) {
    InetEndpoint source = settings.source(literal.family());
    SocketSettings sockets = settings.sockets();
    Syscalls sys = LoopAccess.syscalls(on);
    SocketSetup setup =
        new SocketSetup() {
          @Override
          public int protocol() {
            return sockets.protocol();
          }

          @Override
          public void prepare(int fd, int refused) throws IOException {
            // A refused Multipath TCP socket goes on as plain TCP; only an observer is told.
            sockets.apply(sys, fd, source, literal);
          }
        };
    long t0 = on.clock().nanoTime();
    LoopFd lf;
    try {
      lf = (LoopFd) LoopAccess.opener().openHere(on, DialRace.LITERAL_NAME, source, literal, setup);
    } catch (IOException e) {
      return e;
    }
    if ((lf.flags() & FdFlags.CONNECTED) == 0) {
      return lf;
    }
    Connection c;
    try {
      c = Connection.adoptHere(lf);
    } catch (IOException e) {
      return e; // the loop could not watch it: the race fails the attempt with it, as its own
    }
    if (c == null) {
      sys.close(lf.fd()); // the loop closed meanwhile: nothing was handed over
      return null;
    }
    RttHistory rtt = settings.rtt(); // as the race's win records it
    if (rtt != null) {
      rtt.record(literal, on.clock().nanoTime() - t0);
    }
    return c;
  }

  /**
   * On the loop thread, in the race's first attempt: the loop adopts what {@link #open} left in
   * progress, reporting to {@code attempt} by {@code deadline}; an error it failed with at once is
   * thrown, as the loop's own connect throws it.
   */
  static LoopFd adopt(Object opened, Object attempt, Deadline deadline) throws IOException {
    if (opened instanceof IOException e) {
      throw e;
    }
    LoopAccess.opener().adoptOpened(opened, attempt, deadline);
    return (LoopFd) opened;
  }

  /** Closes what {@link #open} left for a race that ended without taking it. */
  static void discard(Object opened) {
    if (opened instanceof LoopFd lf) {
      LoopAccess.syscalls(lf.loop()).close(lf.fd());
    }
  }
}
