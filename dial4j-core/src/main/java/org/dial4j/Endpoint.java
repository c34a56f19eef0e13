package org.dial4j;

import org.dial4j.error.InvalidArgumentException;

/**
 * Where a socket is bound or connected: an IP address and port ({@link InetEndpoint}), a host name
 * and port not yet resolved ({@link HostEndpoint}), or a Unix-domain path or Linux abstract name
 * ({@link UnixEndpoint}).
 *
 * <p>{@link #toString()} gives the canonical text, which {@link #parse} reads back to an equal
 * endpoint: {@code 192.0.2.1:80}, {@code [2001:db8::1]:80}, {@code [fe80::1%eth0]:80}, {@code
 * [::ffff:192.0.2.1]:80} (IPv4-mapped IPv6 stays IPv6), {@code example.com:80}, {@code
 * /run/app.sock}, {@code @abstract-name}. Two Unix cases read back only through {@link
 * #parse(Network, String)} with a Unix network, because {@link #parse(String)} tells a path by its
 * {@code /}: a path with no {@code /} and a path starting with {@code @}. The unnamed Unix address,
 * written {@code (unnamed)}, is never read back.
 *
 * <p>Ports are 0..65535. Port 0 is accepted by the parser because a source endpoint uses it to mean
 * "the kernel picks"; connecting to port 0 fails with EDESTADDRREQ.
 */
public sealed interface Endpoint permits InetEndpoint, HostEndpoint, UnixEndpoint {

  /**
   * Reads an endpoint, telling the kind by its form: {@code @name} is an abstract Unix name, a
   * string containing {@code /} is a Unix path, {@code IP:port} or {@code [IPv6]:port} (with an
   * optional {@code %scope}) an IP endpoint, and {@code host:port} a host name. The port is one to
   * five decimal digits, 0..65535, with no sign or spaces; an IPv6 address needs its brackets; an
   * IPv4 address is read as {@code inet_pton} reads it (see {@link IpLiterals}), and a host made of
   * digits and dots that is not one is an error rather than a name.
   *
   * @throws InvalidArgumentException with EINVAL naming the input and what is wrong with it
   */
  static Endpoint parse(String text) {
    return EndpointParser.parse(text);
  }

  /**
   * Reads an endpoint for a given network: for the Unix networks the whole text is a path (or
   * {@code @name}); for TCP and UDP it is {@code IP:port}, {@code [IPv6]:port} or {@code
   * host:port}, and an IP literal of a family the network excludes is rejected (an IPv4-mapped IPv6
   * address is taken by both {@code tcp4} and {@code tcp6}).
   *
   * @throws InvalidArgumentException with EINVAL (or EAFNOSUPPORT for a family the network
   *     excludes) naming the input
   */
  static Endpoint parse(Network network, String text) {
    return EndpointParser.parse(network, text);
  }

  /**
   * Reads {@code IP:port} or {@code [IPv6%scope]:port}; a host name is not accepted.
   *
   * @throws InvalidArgumentException with EINVAL naming the input
   */
  static InetEndpoint parseInet(String text) {
    return EndpointParser.parseInet(text);
  }

  /** The canonical text of this endpoint, which {@link #parse} reads back. */
  @Override
  String toString();
}
