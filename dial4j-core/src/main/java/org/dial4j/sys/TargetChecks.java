package org.dial4j.sys;

import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.HostEndpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.UnixEndpoint;
import org.dial4j.error.Errno;

/**
 * The input checks TargetTCP's {@code connect()} page makes before anything reaches the network.
 * Each returns the errno and a detail naming the input, or null when the input may go to the
 * kernel. Where bare Linux would answer differently, the comment says what it would do.
 */
public final class TargetChecks {
  private TargetChecks() {}

  /** Why a check failed: the errno and the words that name the input. */
  public record Failure(Errno errno, String detail) {}

  /** Checks an address given to {@code connect} or {@code sendto}. */
  public static Failure target(Endpoint target, Family family, Network.SocketType type, String what) {
    if (target == null) {
      // TargetTCP: "EFAULT addr is NULL" (Linux: EFAULT for an address outside the process).
      return new Failure(Errno.EFAULT, what + " address is null");
    }
    Failure f = family(target, family, what);
    if (f != null || !(target instanceof InetEndpoint ie)) {
      return f;
    }
    if (ie.isUnspecified()) {
      // TargetTCP: EDESTADDRREQ for INADDR_ANY. Bare Linux would connect to a local address
      // instead (0.0.0.0 and :: reach the loopback), which is never what a caller meant.
      return new Failure(
          Errno.EDESTADDRREQ, what + " address " + ie + " is unspecified (0.0.0.0 or ::)");
    }
    if (ie.port() == 0) {
      // TargetTCP: EDESTADDRREQ for port zero. Bare Linux answers ECONNREFUSED for TCP.
      return new Failure(Errno.EDESTADDRREQ, what + " port is 0 in " + ie);
    }
    if (type == Network.SocketType.STREAM && (ie.isMulticast() || ie.isLimitedBroadcast())) {
      // TargetTCP: "EADDRNOTAVAIL The remote IP address is a broadcast or multicast address (TCP
      // only)". Bare Linux answers ENETUNREACH. A subnet-directed broadcast needs the routing
      // table to recognise and is left to the kernel.
      return new Failure(
          Errno.EADDRNOTAVAIL,
          what + " " + ie + " is a " + (ie.isMulticast() ? "multicast" : "broadcast")
              + " address, which TCP cannot connect to");
    }
    return null;
  }

  /** Checks that an endpoint's family fits the socket's (for bind, connect and sendto). */
  public static Failure family(Endpoint e, Family family, String what) {
    if (e instanceof HostEndpoint h) {
      return new Failure(
          Errno.EINVAL,
          what + " " + h + " is a host name; a socket takes an address (resolve it first, or"
              + " use a dialer)");
    }
    if (family == null) {
      return null; // an adopted descriptor of unknown kind: the kernel decides
    }
    boolean fits =
        switch (e) {
          case UnixEndpoint u -> family == Family.UNIX;
          case InetEndpoint ie ->
              family == Family.INET6
                  || (family == Family.INET && (ie.family() == Family.INET || ie.isV4Mapped()));
          default -> false;
        };
    if (fits) {
      return null;
    }
    // TargetTCP and Linux connect(2): EAFNOSUPPORT when the address family does not match.
    return new Failure(
        Errno.EAFNOSUPPORT,
        what + " " + e + " is not an address of the socket's family " + family);
  }
}
