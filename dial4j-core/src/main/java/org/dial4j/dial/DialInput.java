package org.dial4j.dial;

import org.dial4j.Endpoint;
import org.dial4j.HostEndpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;

/** A {@link Dialer}'s input checks: what a dial takes as its network and its target. */
final class DialInput {
  private DialInput() {}

  /** The network named {@code name}, one a Dialer dials. */
  static Network parseNetwork(String name) {
    if (name == null) {
      throw new InvalidArgumentException(
          Errno.EINVAL, null, "the network is mandatory: tcp, tcp4 or tcp6");
    }
    return checkNetwork(Network.parse(name));
  }

  /** The networks a Dialer dials: EOPNOTSUPP for the others. */
  static Network checkNetwork(Network net) {
    if (net == null) {
      throw new InvalidArgumentException(
          Errno.EINVAL, null, "the network is mandatory: tcp, tcp4 or tcp6");
    }
    if (net != Network.TCP && net != Network.TCP4 && net != Network.TCP6) {
      throw new InvalidArgumentException(
          Errno.EOPNOTSUPP,
          net.label(),
          "the Dialer dials tcp, tcp4 and tcp6; use PosixSocket for " + net.label());
    }
    return net;
  }

  static Endpoint parseTarget(Network net, String address) {
    if (address == null) {
      throw new InvalidArgumentException(Errno.EINVAL, null, "the address is mandatory");
    }
    return checkTarget(net, Endpoint.parse(address), address);
  }

  /**
   * The dialer's input checks on a target, naming it as {@code shown}; returns what to dial. An IP
   * literal's family follows {@link Endpoint#parse(Network, String)}'s rule, and an IPv4-mapped
   * IPv6 literal is dialed as the IPv4 address it maps on a network that takes IPv4 (Go treats it
   * as IPv4 too), as itself on {@code tcp6}.
   */
  static Endpoint checkTarget(Network net, Endpoint e, String shown) {
    String address = shown;
    int port;
    if (e instanceof InetEndpoint ie) {
      net.checkAddress(ie, address);
      port = ie.port();
      if (ie.isV4Mapped() && net.allowsIpv4()) {
        e = ie.unmapped();
      }
    } else if (e instanceof HostEndpoint he) {
      port = he.port();
    } else {
      throw new InvalidArgumentException(Errno.EINVAL, address, "not host:port");
    }
    if (port == 0) {
      throw new InvalidArgumentException(Errno.EDESTADDRREQ, address, "port 0 is no destination");
    }
    return e;
  }
}
