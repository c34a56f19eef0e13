package org.dial4j.dial;

import java.io.IOException;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.SocketKinds;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * The socket options a {@link Dialer} was built with, set on each attempt's socket after {@code
 * socket(2)} and before {@code connect(2)} ({@link Dialer.Builder} documents each and its default),
 * then its control hook. A failing {@code setsockopt} fails the attempt with its errno, the option
 * named.
 *
 * @param keepAlive SO_KEEPALIVE on (else left off, the kernel's default)
 * @param keepIdle seconds before the first keep-alive probe, 0 for the kernel's
 * @param keepInterval seconds between probes, 0 for the kernel's
 * @param keepCount unanswered probes before the connection is dropped, 0 for the kernel's
 * @param userTimeoutMillis TCP_USER_TIMEOUT in milliseconds, -1 for the kernel's default
 * @param lingerSeconds SO_LINGER's seconds (0: reset at close), -1 for the kernel's default (off)
 * @param receiveBuffer SO_RCVBUF, 0 for the kernel's default
 * @param sendBuffer SO_SNDBUF, 0 for the kernel's default
 * @param device SO_BINDTODEVICE's interface, or null
 * @param mark SO_MARK, or null
 * @param trafficClass IP_TOS or IPV6_TCLASS, -1 for the kernel's default
 * @param control the hook after the options, or null
 */
record SocketSettings(
    boolean noDelay,
    boolean keepAlive,
    int keepIdle,
    int keepInterval,
    int keepCount,
    int userTimeoutMillis,
    int lingerSeconds,
    int receiveBuffer,
    int sendBuffer,
    @Nullable String device,
    @Nullable Integer mark,
    int trafficClass,
    boolean fastOpen,
    boolean multipath,
    @Nullable SocketControl control) {

  /** A dialer's defaults: TCP_NODELAY on, nothing else touched. */
  static final SocketSettings DEFAULT =
      new SocketSettings(true, false, 0, 0, 0, -1, -1, 0, 0, null, null, -1, false, false, null);

  /** socket(2)'s protocol to ask for first. */
  int protocol() {
    return multipath ? Sys.IPPROTO_MPTCP : 0;
  }

  /**
   * Sets the options on {@code fd}, a new socket for {@code target}, then runs the control hook.
   *
   * @throws IOException the first failure: a setsockopt's errno naming the option, or the hook's
   */
  void apply(Syscalls sys, int fd, @Nullable InetEndpoint source, InetEndpoint target)
      throws IOException {
    Network net = SocketKinds.streamNetwork(target.family());
    SocketOptionCalls.Failure fail =
        (errno, op, detail) -> NetError.of(errno, op, net, source, target, detail);
    if (noDelay) {
      SocketOptionCalls.setInt(sys, fd, Sys.IPPROTO_TCP, Sys.TCP_NODELAY, 1, "TCP_NODELAY", fail);
    }
    if (keepAlive) {
      SocketOptionCalls.setInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_KEEPALIVE, 1, "SO_KEEPALIVE", fail);
      if (keepIdle > 0) {
        SocketOptionCalls.setInt(
            sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPIDLE, keepIdle, "TCP_KEEPIDLE", fail);
      }
      if (keepInterval > 0) {
        SocketOptionCalls.setInt(
            sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPINTVL, keepInterval, "TCP_KEEPINTVL", fail);
      }
      if (keepCount > 0) {
        SocketOptionCalls.setInt(
            sys, fd, Sys.IPPROTO_TCP, Sys.TCP_KEEPCNT, keepCount, "TCP_KEEPCNT", fail);
      }
    }
    if (userTimeoutMillis >= 0) {
      SocketOptionCalls.setInt(
          sys,
          fd,
          Sys.IPPROTO_TCP,
          Sys.TCP_USER_TIMEOUT,
          userTimeoutMillis,
          "TCP_USER_TIMEOUT",
          fail);
    }
    if (lingerSeconds >= 0) {
      SocketOptionCalls.setLinger(sys, fd, lingerSeconds, fail);
    }
    if (receiveBuffer > 0) {
      SocketOptionCalls.setInt(
          sys, fd, Sys.SOL_SOCKET, Sys.SO_RCVBUF, receiveBuffer, "SO_RCVBUF", fail);
    }
    if (sendBuffer > 0) {
      SocketOptionCalls.setInt(
          sys, fd, Sys.SOL_SOCKET, Sys.SO_SNDBUF, sendBuffer, "SO_SNDBUF", fail);
    }
    if (device != null) {
      SocketOptionCalls.setDevice(sys, fd, device, fail);
    }
    if (mark != null) {
      SocketOptionCalls.setInt(sys, fd, Sys.SOL_SOCKET, Sys.SO_MARK, mark, "SO_MARK", fail);
    }
    if (trafficClass >= 0) {
      if (target.family() == org.dial4j.Family.INET6) {
        SocketOptionCalls.setInt(
            sys, fd, Sys.IPPROTO_IPV6, Sys.IPV6_TCLASS, trafficClass, "IPV6_TCLASS", fail);
      } else {
        SocketOptionCalls.setInt(sys, fd, Sys.IPPROTO_IP, Sys.IP_TOS, trafficClass, "IP_TOS", fail);
      }
    }
    if (fastOpen) {
      SocketOptionCalls.setInt(
          sys, fd, Sys.IPPROTO_TCP, Sys.TCP_FASTOPEN_CONNECT, 1, "TCP_FASTOPEN_CONNECT", fail);
    }
    if (control != null) {
      try {
        control.control(fd, net, target);
      } catch (IOException | RuntimeException e) {
        Errno errno = e instanceof NetError ne ? ne.errno() : Errno.EIO;
        IOException wrapped =
            NetError.of(
                errno,
                Operation.SETSOCKOPT,
                net,
                source,
                target,
                "control hook: " + e.getMessage());
        wrapped.initCause(e);
        throw wrapped;
      }
    }
  }
}
