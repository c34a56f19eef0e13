package org.dial4j.internal;

import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.HostEndpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.UnixEndpoint;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * The input checks TargetTCP's {@code connect()} page makes before anything reaches the network.
 * Each returns the errno and a detail naming the input, or null when the input may go to the
 * kernel. Where bare Linux would answer differently, the comment says what it would do. And, for a
 * target that passed them, what the kernel's answer means where its errno would mislead ({@link
 * #kernelConnectDetail}).
 */
public final class TargetChecks {
  private TargetChecks() {}

  /** Why a check failed: the errno and the words that name the input. */
  public record Failure(Errno errno, String detail) {}

  /** Checks an address given to {@code connect} or {@code sendto}. */
  public static @Nullable Failure target(
      @Nullable Endpoint target,
      @Nullable Family family,
      Network.@Nullable SocketType type,
      String what) {
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
          what
              + " "
              + ie
              + " is a "
              + (ie.isMulticast() ? "multicast" : "broadcast")
              + " address, which TCP cannot connect to");
    }
    return null;
  }

  /**
   * What the kernel means by an errno that {@code connect(2)} returned for a target that passed
   * {@link #target}, where the errno alone would mislead; null where it says enough itself. One
   * place for PosixSocket's connect and the event loop's.
   *
   * <p>EINVAL, which connect(2) documents only as bad input, is then what the kernel's route lookup
   * answers for a {@code blackhole} route: the FIB gives each route type its error
   * (net/ipv4/fib_semantics.c {@code fib_props}: blackhole -EINVAL, prohibit -EACCES, unreachable
   * -EHOSTUNREACH; IPv6 the same, net/ipv6/route.c {@code fib6_prop}). The other EINVAL such a
   * target commonly meets is an IPv6 link-local (or interface- or link-local multicast) address
   * without a scope, which {@code tcp_v6_connect} and {@code ip6_datagram_connect} refuse before
   * any route is looked up ({@code __ipv6_addr_needs_scope_id}).
   */
  public static @Nullable String kernelConnectDetail(Errno errno, Endpoint target) {
    if (errno != Errno.EINVAL || !(target instanceof InetEndpoint ie)) {
      return null;
    }
    if (needsScope(ie)) {
      return "a link-local address needs a scope: name the interface, as in "
          + "[fe80::1%eth0]:"
          + ie.port();
    }
    return "the kernel refused the route: a blackhole route, see ip-route(8)";
  }

  /** An IPv6 address of link or interface scope given without a zone. */
  private static boolean needsScope(InetEndpoint ie) {
    if (ie.family() != Family.INET6 || ie.isV4Mapped()) {
      return false;
    }
    String zone = ie.scope().orElse("0");
    if (!zone.equals("0")) {
      return false;
    }
    byte[] a = ie.address();
    boolean linkLocalUnicast = (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80;
    int multicastScope = (a[0] & 0xff) == 0xff ? a[1] & 0x0f : 0;
    return linkLocalUnicast || multicastScope == 1 || multicastScope == 2;
  }

  /** Checks that an endpoint's family fits the socket's (for bind, connect and sendto). */
  public static @Nullable Failure family(Endpoint e, @Nullable Family family, String what) {
    if (e instanceof HostEndpoint h) {
      return new Failure(
          Errno.EINVAL,
          what
              + " "
              + h
              + " is a host name; a socket takes an address (resolve it first, or"
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
        Errno.EAFNOSUPPORT, what + " " + e + " is not an address of the socket's family " + family);
  }
}
