package org.dial4j;

import java.util.Objects;
import java.util.Optional;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text forms of {@link Endpoint}. Every error names the whole input and says what is
 * wrong with it, because the input is usually a command-line argument or a configuration value and
 * the user needs to find the typo.
 */
final class EndpointParser {
  private EndpointParser() {}

  /** See {@link Endpoint#parse(String)}. */
  static Endpoint parse(String text) {
    requireText(text);
    if (text.startsWith("@")) {
      return abstractName(text);
    }
    if (text.indexOf('/') >= 0) {
      return UnixEndpoint.path(text);
    }
    return parseHostPort(text, true);
  }

  /** See {@link Endpoint#parse(Network, String)}. */
  static Endpoint parse(Network network, String text) {
    Objects.requireNonNull(network, "network");
    requireText(text);
    if (network.isUnix()) {
      return text.startsWith("@") ? abstractName(text) : UnixEndpoint.path(text);
    }
    if (text.startsWith("@") || text.indexOf('/') >= 0) {
      throw fail(text, "a Unix socket address is not an address for network " + network);
    }
    Endpoint e = parseHostPort(text, true);
    if (e instanceof InetEndpoint ip) {
      network.checkAddress(ip, text);
    }
    return e;
  }

  /**
   * Whether {@code network} takes an address of {@code ip}'s family, or what is wrong: the one rule
   * ({@link Network#checkAddress}) for the parser and the dialer. An IPv4-mapped IPv6 address is
   * taken by both {@code tcp4} (as the IPv4 address it maps) and {@code tcp6}.
   */
  static @Nullable String familyProblem(Network network, InetEndpoint ip) {
    boolean v4 = ip.family() == Family.INET || ip.isV4Mapped();
    boolean v6 = ip.family() == Family.INET6;
    if ((v4 && network.allowsIpv4()) || (v6 && network.allowsIpv6())) {
      return null;
    }
    return "network " + network + " does not take an " + (v6 ? "IPv6" : "IPv4") + " address";
  }

  /** See {@link Endpoint#parseInet(String)}. */
  static InetEndpoint parseInet(String text) {
    requireText(text);
    if (text.startsWith("@") || text.indexOf('/') >= 0) {
      throw fail(text, "a Unix socket address is not an IP address and port");
    }
    return (InetEndpoint) parseHostPort(text, false);
  }

  private static void requireText(String text) {
    if (text == null || text.isEmpty()) {
      throw fail(text, "empty address");
    }
  }

  private static UnixEndpoint abstractName(String text) {
    if (text.length() == 1) {
      throw fail(text, "empty abstract socket name after '@'");
    }
    return UnixEndpoint.abstractName(text.substring(1));
  }

  /** {@code [IPv6%zone]:port}, {@code IPv4:port} or, if allowed, {@code host:port}. */
  private static Endpoint parseHostPort(String text, boolean allowHost) {
    if (text.startsWith("[")) {
      return parseBracketed(text);
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw fail(text, "missing port");
    }
    String host = text.substring(0, colon);
    if (host.indexOf(':') >= 0) {
      throw fail(text, "IPv6 addresses need brackets, as in [::1]:80");
    }
    int port = parsePort(text, text.substring(colon + 1));
    if (host.isEmpty()) {
      throw fail(text, "missing host");
    }
    Optional<byte[]> v4 = IpLiterals.parseIpv4(host);
    if (v4.isPresent()) {
      return InetEndpoint.of(v4.get(), port);
    }
    String why = HostEndpoint.hostProblem(host);
    if (why == null && !allowHost) {
      why = "\"" + host + "\" is not an IP address (host names are not resolved here)";
    }
    if (why != null) {
      throw fail(text, why);
    }
    return new HostEndpoint(host, port);
  }

  private static InetEndpoint parseBracketed(String text) {
    int close = text.indexOf(']');
    if (close < 0) {
      throw fail(text, "missing ']' after the IPv6 address");
    }
    if (close == text.length() - 1) {
      throw fail(text, "missing port");
    }
    if (text.charAt(close + 1) != ':') {
      throw fail(text, "expected ':' and a port after ']'");
    }
    int port = parsePort(text, text.substring(close + 2));
    String inside = text.substring(1, close);
    String literal = inside;
    String scope = null;
    int percent = inside.indexOf('%');
    if (percent >= 0) {
      literal = inside.substring(0, percent);
      scope = inside.substring(percent + 1);
      String why = InetEndpoint.scopeProblem(scope);
      if (why != null) {
        throw fail(text, why);
      }
    }
    Optional<byte[]> v6 = IpLiterals.parseIpv6(literal);
    if (v6.isEmpty()) {
      throw fail(
          text,
          IpLiterals.parseIpv4(literal).isPresent()
              ? "an IPv4 address does not go in brackets; write " + literal + ":" + port
              : "\"" + literal + "\" is not a valid IPv6 address");
    }
    return InetEndpoint.of(v6.get(), scope, port);
  }

  /** Decimal digits only, at most five, 0..65535: what a person writes, nothing else. */
  private static int parsePort(String text, String port) {
    if (port.isEmpty()) {
      throw fail(text, "missing port");
    }
    for (int i = 0; i < port.length(); i++) {
      char c = port.charAt(i);
      if (c < '0' || c > '9') {
        throw fail(text, "port \"" + port + "\" is not a decimal number");
      }
    }
    if (port.length() > 5) {
      throw fail(text, "port \"" + port + "\" has more than 5 digits");
    }
    if (Integer.parseInt(port) > 65535) {
      throw fail(text, "port \"" + port + "\" is outside 0..65535");
    }
    return Integer.parseInt(port);
  }

  private static InvalidArgumentException fail(String text, String why) {
    return new InvalidArgumentException(Errno.EINVAL, text, why);
  }
}
