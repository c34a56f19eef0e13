package org.dial4j.socket;

import java.io.IOException;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.SockAddrs;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * The errors of one {@link PosixSocket}, each a {@link NetError#of} with the socket's network: as
 * given where the descriptor may be gone, and with the port the kernel chose where the source is
 * the socket's bound address. Its own class because the waits ({@link SocketWait}) make the
 * socket's errors too, and the chosen-port lookup is one rule for both.
 */
final class SocketErrors {
  private final Syscalls sys;
  private final int fd;
  private final @Nullable Family family;
  private final @Nullable Network network;

  SocketErrors(Syscalls sys, int fd, @Nullable Family family, @Nullable Network network) {
    this.sys = sys;
    this.fd = fd;
    this.family = family;
    this.network = network;
  }

  /** The error with {@code src} and {@code dst} as given: no system call, safe once closed. */
  IOException of(
      Errno e,
      Operation op,
      @Nullable Endpoint src,
      @Nullable Endpoint dst,
      @Nullable String detail) {
    return NetError.of(e, op, network, src, dst, detail);
  }

  /** EBADF for a call on a closed socket. */
  IOException closed(Operation op, @Nullable Endpoint src, @Nullable Endpoint dst) {
    return of(Errno.EBADF, op, src, dst, "the socket is closed");
  }

  /**
   * The error of a call that holds a reference (so the descriptor is still this socket's), whose
   * source is the socket's bound address. A bound address with port 0 names the port the kernel
   * chose since (at {@code bind} for the unspecified address, at {@code connect} with {@code
   * IP_BIND_ADDRESS_NO_PORT}, at the first {@code sendto}): {@code getsockname(2)}, only here, as
   * an error is built, never on a call that succeeds. Linux keeps a failed connect's source port in
   * the socket's name (inet_getname reads inet_sport, which the kernel does not clear when it
   * releases the port), so a refused connect still names it.
   */
  IOException fromBound(
      Errno e,
      Operation op,
      @Nullable Endpoint bound,
      @Nullable Endpoint dst,
      @Nullable String detail) {
    return of(e, op, chosen(bound), dst, detail);
  }

  /** {@code bound}, with the port the kernel chose when it was bound to port 0 and chose one. */
  private @Nullable Endpoint chosen(@Nullable Endpoint bound) {
    if (!(bound instanceof InetEndpoint ie) || ie.port() != 0) {
      return bound;
    }
    SockAddr[] name = new SockAddr[1];
    if (sys.getsockname(fd, name) < 0) {
      return bound;
    }
    Endpoint now = SockAddrs.toEndpoint(name[0], family);
    return now instanceof InetEndpoint n && n.port() != 0 ? n : bound;
  }
}
