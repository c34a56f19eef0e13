package org.dial4j.internal;

import java.net.NetworkInterface;
import java.net.SocketException;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.UnixEndpoint;
import org.dial4j.sys.SockAddr;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between the public {@link Endpoint} and the kernel's {@link SockAddr}, shared by the
 * socket and loop layers (this package is internal: not exported).
 */
public final class SockAddrs {
  private SockAddrs() {}

  /**
   * The kernel form of {@code e} for a socket of {@code family}: an IPv4 endpoint on an IPv6 socket
   * becomes IPv4-mapped (as the Solaris example program and the JDK do), an IPv4-mapped endpoint on
   * an IPv4 socket becomes plain IPv4. The caller has checked that the families fit.
   */
  public static SockAddr of(Endpoint e, @Nullable Family family) {
    return switch (e) {
      case InetEndpoint ie -> {
        InetEndpoint x = family == Family.INET6 ? ie.toV4Mapped() : ie.unmapped();
        yield x.family() == Family.INET
            ? new SockAddr.In4(x.address(), x.port())
            : new SockAddr.In6(x.address(), x.port(), 0, x.scopeId());
      }
      case UnixEndpoint ue -> new SockAddr.Un(ue.sunPath());
      default -> throw new IllegalArgumentException("not a socket address: " + e);
    };
  }

  /** The endpoint for what the kernel wrote, or null if it names no address. */
  public static @Nullable Endpoint toEndpoint(@Nullable SockAddr a, @Nullable Family family) {
    return switch (a) {
      case SockAddr.In4 in4 -> InetEndpoint.of(in4.addr(), in4.port());
      case SockAddr.In6 in6 -> InetEndpoint.of(in6.addr(), scopeName(in6.scopeId()), in6.port());
      case SockAddr.Un un -> unix(un.sunPath());
      case SockAddr.Raw raw when family == Family.UNIX && raw.bytes().length <= 2 ->
          UnixEndpoint.unnamed();
      case null, default -> null;
    };
  }

  private static UnixEndpoint unix(byte[] sunPath) {
    if (sunPath.length == 0) {
      return UnixEndpoint.unnamed();
    }
    if (sunPath[0] == 0) {
      return UnixEndpoint.abstractName(
          new String(sunPath, 1, sunPath.length - 1, java.nio.charset.StandardCharsets.UTF_8));
    }
    return UnixEndpoint.path(new String(sunPath, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static @Nullable String scopeName(int scopeId) {
    if (scopeId == 0) {
      return null;
    }
    try {
      NetworkInterface nif = NetworkInterface.getByIndex(scopeId);
      return nif != null ? nif.getName() : Integer.toString(scopeId);
    } catch (SocketException e) {
      return Integer.toString(scopeId);
    }
  }
}
