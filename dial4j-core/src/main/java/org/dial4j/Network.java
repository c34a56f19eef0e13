package org.dial4j;

import java.util.Locale;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;

/**
 * The networks dial4j speaks, named as Go's {@code net.Dial} names them.
 *
 * <p>{@code tcp} and {@code udp} take either family; the {@code 4} and {@code 6} forms restrict to
 * one. The three {@code unix} forms are Unix-domain sockets of type stream, datagram and sequenced
 * packet ({@code SOCK_SEQPACKET}, which keeps message boundaries on a connection; see the Linux
 * {@code connect(2)} page).
 */
public enum Network {
  /** TCP over IPv4 or IPv6. */
  TCP("tcp", SocketType.STREAM, true, true, false),
  /** TCP over IPv4 only. */
  TCP4("tcp4", SocketType.STREAM, true, false, false),
  /** TCP over IPv6 only. */
  TCP6("tcp6", SocketType.STREAM, false, true, false),
  /** UDP over IPv4 or IPv6. */
  UDP("udp", SocketType.DGRAM, true, true, false),
  /** UDP over IPv4 only. */
  UDP4("udp4", SocketType.DGRAM, true, false, false),
  /** UDP over IPv6 only. */
  UDP6("udp6", SocketType.DGRAM, false, true, false),
  /** Unix-domain stream socket ({@code SOCK_STREAM}). */
  UNIX("unix", SocketType.STREAM, false, false, true),
  /** Unix-domain datagram socket ({@code SOCK_DGRAM}). */
  UNIXGRAM("unixgram", SocketType.DGRAM, false, false, true),
  /** Unix-domain sequenced-packet socket ({@code SOCK_SEQPACKET}). */
  UNIXPACKET("unixpacket", SocketType.SEQPACKET, false, false, true);

  /** The socket type a network uses. */
  public enum SocketType {
    /** {@code SOCK_STREAM}: a connected byte stream. */
    STREAM,
    /** {@code SOCK_DGRAM}: datagrams; connect only sets the default peer. */
    DGRAM,
    /** {@code SOCK_SEQPACKET}: a connection that keeps message boundaries. */
    SEQPACKET
  }

  private final String label;
  private final SocketType type;
  private final boolean ipv4;
  private final boolean ipv6;
  private final boolean unix;

  Network(String label, SocketType type, boolean ipv4, boolean ipv6, boolean unix) {
    this.label = label;
    this.type = type;
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
    this.unix = unix;
  }

  /** The name, e.g. {@code tcp4}. */
  public String label() {
    return label;
  }

  /** The socket type. */
  public SocketType socketType() {
    return type;
  }

  /** Whether IPv4 addresses are allowed. */
  public boolean allowsIpv4() {
    return ipv4;
  }

  /** Whether IPv6 addresses are allowed. */
  public boolean allowsIpv6() {
    return ipv6;
  }

  /**
   * Checks that this network takes {@code address}'s family, as {@link Endpoint#parse(Network,
   * String)} does: IPv4 on {@code tcp4}/{@code udp4}, IPv6 on {@code tcp6}/{@code udp6}, both on
   * {@code tcp}/{@code udp}; an IPv4-mapped IPv6 address is taken by both families' networks.
   *
   * @param input the text to name in the error (the address as the caller wrote it)
   * @throws InvalidArgumentException EAFNOSUPPORT naming {@code input} if it does not
   */
  public void checkAddress(InetEndpoint address, String input) {
    String why = EndpointParser.familyProblem(this, address);
    if (why != null) {
      throw new InvalidArgumentException(Errno.EAFNOSUPPORT, input, why);
    }
  }

  /** Whether this is one of the Unix-domain networks. */
  public boolean isUnix() {
    return unix;
  }

  /** Whether this is a TCP or UDP network. */
  public boolean isInet() {
    return !unix;
  }

  /** Whether the network is connection-oriented (stream or sequenced packet). */
  public boolean isConnectionOriented() {
    return type != SocketType.DGRAM;
  }

  /**
   * The network with this name ({@code tcp}, {@code tcp4}, {@code tcp6}, {@code udp}, {@code udp4},
   * {@code udp6}, {@code unix}, {@code unixgram}, {@code unixpacket}), case-insensitive.
   *
   * @throws InvalidArgumentException with {@link Errno#EINVAL} naming the input if it is none of
   *     them
   */
  public static Network parse(String name) {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      for (Network net : values()) {
        if (net.label.equals(n)) {
          return net;
        }
      }
    }
    throw new InvalidArgumentException(
        Errno.EINVAL,
        name,
        "unknown network; expected one of tcp, tcp4, tcp6, udp, udp4, udp6, unix, unixgram,"
            + " unixpacket");
  }

  @Override
  public String toString() {
    return label;
  }
}
