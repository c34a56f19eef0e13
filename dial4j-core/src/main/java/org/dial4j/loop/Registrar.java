package org.dial4j.loop;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.MonotonicClock;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.SockAddrs;
import org.dial4j.internal.SocketKinds;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * The descriptors a loop takes that are not connects: libut's {@code UT_net_listen} ({@link
 * EventLoop#listen}) and {@code UT_fd_reg} ({@link EventLoop#register}), whose contracts are
 * written there. Unlike a connect, which a caller hands over and forgets, these report the
 * adoption's own failure (EEXIST, EPERM) to the caller: from another thread the caller waits for
 * the loop's answer (within one turn), so the loop never keeps a descriptor whose caller was told
 * it failed. A failed listener is closed (the loop made it); a failed registration stays the
 * caller's, open.
 */
final class Registrar {
  private final EventLoop loop;
  private final Syscalls sys;
  private final MonotonicClock clock;
  private final LoopLog log;
  private final FdTable table;
  private final int[] intOut = new int[1];

  Registrar(EventLoop loop) {
    this.loop = loop;
    this.sys = loop.sys;
    this.clock = loop.clock;
    this.log = loop.log();
    this.table = loop.table;
  }

  /** libut's {@code UT_net_listen}: a TCP listener on {@code local}, adopted by the loop. */
  LoopFd listen(
      String name, InetEndpoint local, int backlog, FdCallback callback, @Nullable Object data)
      throws IOException {
    Objects.requireNonNull(callback, "callback");
    String kept = LoopFd.keepName(name);
    checkRunning(Operation.LISTEN, local);
    Family family = local.family();
    int fd =
        sys.socket(
            SocketKinds.af(family), Sys.SOCK_STREAM | Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw logged(kept, NetError.of(Errno.of(-fd), Operation.SOCKET, null, local, null, null));
    }
    sys.setsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_REUSEADDR, 1);
    int r = sys.bind(fd, SockAddrs.of(local, family));
    Operation op = Operation.BIND;
    if (r == 0) {
      r = sys.listen(fd, backlog);
      op = Operation.LISTEN;
    }
    if (r < 0) {
      sys.close(fd);
      throw logged(kept, NetError.of(Errno.of(-r), op, null, local, null, null));
    }
    LoopFd lf =
        new LoopFd(
            loop,
            fd,
            kept,
            callback,
            data,
            FdFlags.SOCKET | FdFlags.LISTENING | FdFlags.R,
            clock.nanoTime());
    SockAddr[] out = new SockAddr[1];
    if (sys.getsockname(fd, out) == 0) {
      lf.local = SockAddrs.toEndpoint(out[0], family);
      lf.flags |= FdFlags.LOCALADDR;
    }
    adopt(lf, true);
    log.log(LogLevel.DEBUG, () -> "listen " + kept + " on " + lf.local);
    return lf;
  }

  /** libut's {@code UT_fd_reg}: watches the caller's descriptor, made non-blocking, typed. */
  LoopFd register(int fd, String name, int rw, FdCallback callback, @Nullable Object data)
      throws IOException {
    Objects.requireNonNull(callback, "callback");
    if ((rw & ~(FdFlags.R | FdFlags.W)) != 0) {
      throw new InvalidArgumentException(
          Errno.EINVAL, FdFlags.describe(rw), "interest is R and/or W");
    }
    String kept = LoopFd.keepName(name);
    checkRunning(Operation.POLL, null);
    int fl = sys.fcntl(fd, Sys.F_GETFL, 0);
    if (fl < 0) {
      throw logged(kept, NetError.of(Errno.of(-fl), Operation.POLL, "fd " + fd));
    }
    sys.fcntl(fd, Sys.F_SETFL, fl | Sys.O_NONBLOCK);
    int type;
    if (sys.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_TYPE, intOutFor()) == 0) {
      type = FdFlags.SOCKET;
    } else if (sys.fcntl(fd, Sys.F_GETPIPE_SZ, 0) >= 0) {
      type = FdFlags.PIPE;
    } else {
      type = FdFlags.OTHER;
    }
    LoopFd lf = new LoopFd(loop, fd, kept, callback, data, type | rw, clock.nanoTime());
    adopt(lf, false);
    return lf;
  }

  /** The loop's scratch on its thread; a fresh one on a caller's. */
  private int[] intOutFor() {
    return loop.inLoop() ? intOut : new int[1];
  }

  /**
   * Adopts on the loop thread, now or (from another thread) on its next turn. On failure closes the
   * descriptor only if {@code ownsFd} (the loop made it: a listener); a registered one stays the
   * caller's, who may still be using it (EEXIST: another registration watches it).
   */
  private void adopt(LoopFd lf, boolean ownsFd) throws IOException {
    if (loop.inLoop()) {
      int r = table.add(lf);
      if (r < 0) {
        closeIf(ownsFd, lf);
        throw logged(
            lf.name(),
            NetError.of(Errno.of(-r), Operation.POLL, null, lf.local, null, "epoll_ctl"));
      }
      return;
    }
    // Off the loop the caller may wait (the loop answers within one turn), but not on a thread of
    // another loop. Refused before the hand-over, so that the loop never adopts a descriptor whose
    // caller was told it failed.
    try {
      Blocking.check("EventLoop.listen/register from another event loop");
    } catch (IllegalStateException e) {
      closeIf(ownsFd, lf);
      throw e;
    }
    CompletableFuture<Integer> done = new CompletableFuture<>();
    try {
      loop.execute(() -> done.complete(table.add(lf)));
    } catch (RejectedExecutionException e) {
      closeIf(ownsFd, lf);
      throw NetError.of(
          Errno.ENETDOWN, Operation.POLL, null, lf.local, null, "the event loop closed");
    }
    int r = done.join();
    if (r < 0) {
      closeIf(ownsFd, lf);
      throw logged(
          lf.name(), NetError.of(Errno.of(-r), Operation.POLL, null, lf.local, null, "epoll_ctl"));
    }
  }

  private void closeIf(boolean ownsFd, LoopFd lf) {
    if (ownsFd) {
      sys.close(lf.fd());
    }
  }

  /** ENETDOWN unless the loop runs. */
  private void checkRunning(Operation op, @Nullable Endpoint local) throws IOException {
    if (!loop.state.isRunning()) {
      throw NetError.of(
          Errno.ENETDOWN,
          op,
          null,
          local,
          null,
          "the event loop " + loop.name() + " is not running");
    }
  }

  /**
   * {@code e}, logged at DEBUG: the caller receives it as the exception (libut logs the reason).
   */
  private IOException logged(String name, IOException e) {
    log.log(LogLevel.DEBUG, () -> name + ": " + e.getMessage());
    return e;
  }
}
