package org.dial4j.internal;

import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.sys.Sys;
import org.jspecify.annotations.Nullable;

/**
 * A socket's kind in both vocabularies, in one place: the {@link Family} and {@link
 * Network.SocketType} of the public API against the kernel's {@code AF_*} and {@code SOCK_*}
 * numbers ({@code socket(2)}, {@code SO_DOMAIN} and {@code SO_TYPE} of {@code socket(7)}), and the
 * {@link Network} (Go's name) that errors give a socket or a connection of a family and type.
 *
 * <p>Here rather than in {@code org.dial4j.sys}, whose {@link Sys} holds the numbers: the syscall
 * boundary is a leaf that knows no dial4j type, and a table between the two vocabularies needs
 * both. Public (in this non-exported package) so that the loop and the dialer, which name their
 * connections' networks and open their sockets too, read the same tables.
 */
public final class SocketKinds {
  private SocketKinds() {}

  /** The {@code AF_*} number of a family, for {@code socket(2)}. */
  public static int af(Family f) {
    return switch (f) {
      case INET -> Sys.AF_INET;
      case INET6 -> Sys.AF_INET6;
      case UNIX -> Sys.AF_UNIX;
    };
  }

  /** The family of an {@code AF_*} number ({@code SO_DOMAIN}), or null for one dial4j lacks. */
  public static @Nullable Family family(int af) {
    return switch (af) {
      case Sys.AF_INET -> Family.INET;
      case Sys.AF_INET6 -> Family.INET6;
      case Sys.AF_UNIX -> Family.UNIX;
      default -> null;
    };
  }

  /** The {@code SOCK_*} number of a socket type, for {@code socket(2)} (flags not included). */
  public static int sockType(Network.SocketType t) {
    return switch (t) {
      case STREAM -> Sys.SOCK_STREAM;
      case DGRAM -> Sys.SOCK_DGRAM;
      case SEQPACKET -> Sys.SOCK_SEQPACKET;
    };
  }

  /** The socket type of a {@code SOCK_*} number ({@code SO_TYPE}), or null for one dial4j lacks. */
  public static Network.@Nullable SocketType socketType(int sockType) {
    return switch (sockType) {
      case Sys.SOCK_STREAM -> Network.SocketType.STREAM;
      case Sys.SOCK_DGRAM -> Network.SocketType.DGRAM;
      case Sys.SOCK_SEQPACKET -> Network.SocketType.SEQPACKET;
      default -> null;
    };
  }

  /**
   * The network a socket of this family and type speaks, as its errors name it: {@code tcp} or
   * {@code udp} for either IP family (an IPv6 socket reaches IPv4-mapped peers too), {@code unix},
   * {@code unixgram} or {@code unixpacket}; null when either is unknown (an adopted descriptor that
   * is no socket) or Go has no name for the pair (sequenced packets over IP).
   */
  public static @Nullable Network network(@Nullable Family f, Network.@Nullable SocketType t) {
    if (f == null || t == null) {
      return null;
    }
    if (f == Family.UNIX) {
      return switch (t) {
        case STREAM -> Network.UNIX;
        case DGRAM -> Network.UNIXGRAM;
        case SEQPACKET -> Network.UNIXPACKET;
      };
    }
    return switch (t) {
      case STREAM -> Network.TCP;
      case DGRAM -> Network.UDP;
      case SEQPACKET -> null;
    };
  }

  /**
   * The stream network of exactly one family: {@code tcp4} or {@code tcp6} (and {@code unix}), as
   * the loop and the dialer name a TCP connection by its remote address's family.
   */
  public static Network streamNetwork(Family f) {
    return switch (f) {
      case INET -> Network.TCP4;
      case INET6 -> Network.TCP6;
      case UNIX -> Network.UNIX;
    };
  }

  /**
   * The family of the socket that {@code network} uses to reach {@code target}: the address's own
   * for an IP address, {@code AF_UNIX} on a Unix network, else {@code AF_INET6} (which reaches both
   * families; the connect's checks then name what does not fit).
   */
  public static Family familyFor(Network network, Endpoint target) {
    return target instanceof InetEndpoint ie
        ? ie.family()
        : network.isUnix() ? Family.UNIX : Family.INET6;
  }
}
