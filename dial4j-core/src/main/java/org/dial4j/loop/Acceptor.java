package org.dial4j.loop;

import java.time.Duration;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.internal.SockAddrs;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;

/**
 * The loop's side of a listener ({@link EventLoop#listen}): when epoll reports one readable, takes
 * what its queue holds with {@code accept4} (non-blocking, close-on-exec, accept(2)), a bounded
 * number per turn, and gives each connection its own {@link LoopFd} with the listener's callback,
 * name and data, whose first call is {@link Status#NEW_ACCEPT}. Confined to the loop thread.
 */
final class Acceptor {
  /** Accepts per listener per turn, so one busy listener cannot starve the rest of the loop. */
  private static final int ACCEPTS_PER_TURN = 256;

  private final EventLoop loop;
  private final Syscalls sys;
  private final LoopLog log;

  Acceptor(EventLoop loop) {
    this.loop = loop;
    this.sys = loop.sys;
    this.log = loop.log();
  }

  /** Accepts what a listener has queued (bounded per turn). */
  void acceptAll(LoopFd listener) {
    SockAddr[] peer = new SockAddr[1];
    for (int i = 0; i < ACCEPTS_PER_TURN && !listener.closed(); i++) {
      int nfd = sys.accept4(listener.fd(), peer, Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC);
      if (nfd < 0) {
        Errno e = Errno.of(-nfd);
        if (e == Errno.EAGAIN || e == Errno.EINTR || e == Errno.ECONNABORTED) {
          if (e == Errno.EAGAIN) {
            return;
          }
          continue;
        }
        pause(listener, e);
        return;
      }
      LoopFd lf =
          new LoopFd(
              loop,
              nfd,
              listener.name(),
              listener.callbackRef(),
              listener.data(),
              FdFlags.SOCKET | FdFlags.ACCEPTED | FdFlags.R | FdFlags.REMOTEADDR,
              loop.clock.nanoTime());
      lf.remote =
          SockAddrs.toEndpoint(
              peer[0], listener.local instanceof InetEndpoint ie ? ie.family() : Family.INET);
      int r = loop.table.add(lf);
      if (r < 0) {
        sys.close(nfd);
        log.log(
            LogLevel.ERROR,
            () -> "accept " + listener.name() + ": epoll_ctl " + Errno.of(-r).describe());
        continue;
      }
      lf.call(Status.NEW_ACCEPT);
      loop.table.sync(lf);
    }
  }

  /**
   * EMFILE, ENFILE, ENOBUFS, ENOMEM: the queue stays readable, so level-triggered epoll would spin;
   * pause the listener for 100 ms (as acceptd pauses at its fd limit).
   */
  private void pause(LoopFd listener, Errno e) {
    log.log(
        LogLevel.WARNING,
        () -> "accept " + listener.name() + ": " + e.describe() + "; pausing 100 ms");
    listener.flags &= ~FdFlags.R;
    loop.table.sync(listener);
    if (loop.state.isRunning()) { // closing: the listener is about to be closed anyway
      loop.schedule(
          () -> {
            if (!listener.closed()) {
              listener.flags |= FdFlags.R;
              loop.table.sync(listener);
            }
          },
          Duration.ofMillis(100));
    }
  }
}
