package org.dial4j.internal;

import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;

/**
 * The one rule for binding a socket to a source before it connects, shared by {@code
 * PosixSocket.bind} and the loop's named connect: a stream socket bound to a chosen IP with port 0
 * first sets {@code IP_BIND_ADDRESS_NO_PORT}, so that the kernel picks the port at {@code
 * connect(2)} for the whole 4-tuple rather than at {@code bind(2)} for the address alone (ip(7),
 * Linux 4.2+): thousands of connects from one source IP then do not exhaust the ephemeral ports.
 * Not for the unspecified address (the kernel picks address and port at connect anyway), an
 * explicit port, or a datagram socket.
 */
public final class SourceBinding {
  private SourceBinding() {}

  /** Whether binding {@code local} on a socket of {@code type} leaves the port to connect. */
  public static boolean defersPort(InetEndpoint local, Network.SocketType type) {
    return type == Network.SocketType.STREAM && local.port() == 0 && !local.isUnspecified();
  }

  /**
   * Sets {@code IP_BIND_ADDRESS_NO_PORT} on {@code fd} when {@link #defersPort} says so.
   *
   * @return 0, or the {@code -errno} of that {@code setsockopt}: the caller fails the bind with it
   *     (operation {@code setsockopt}), rather than bind a port the rule meant to leave open
   */
  public static int deferPort(Syscalls sys, int fd, InetEndpoint local, Network.SocketType type) {
    if (!defersPort(local, type)) {
      return 0;
    }
    return sys.setsockoptInt(fd, Sys.IPPROTO_IP, Sys.IP_BIND_ADDRESS_NO_PORT, 1);
  }
}
