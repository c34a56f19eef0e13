package org.dial4j;

import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;

/**
 * A host name and a port, not yet resolved into addresses.
 *
 * <p>The name must look like a DNS name: 1 to 253 characters (not counting one trailing dot),
 * labels of 1 to 63 letters, digits, {@code -} or {@code _} separated by dots. A name made only of
 * digits and dots is refused: it is meant as an IPv4 address, and one that {@code inet_pton}
 * refuses ({@code 1.2.3.256}, {@code 127.1}) is a typo to report, not a name to look up. An IP
 * address is an {@link InetEndpoint}, never a {@code HostEndpoint}.
 *
 * @param host the host name, e.g. {@code example.com}
 * @param port the port, 0..65535
 */
public record HostEndpoint(String host, int port) implements Endpoint {

  /**
   * Checks the name and the port.
   *
   * @throws InvalidArgumentException with EINVAL naming the input if either is invalid
   */
  public HostEndpoint {
    String why = hostProblem(host);
    if (why == null) {
      why = InetEndpoint.portProblem(port);
    }
    if (why != null) {
      throw new InvalidArgumentException(Errno.EINVAL, host + ":" + port, why);
    }
  }

  /** What is wrong with a host name, or null if nothing; shared with the parser. */
  static @Nullable String hostProblem(String host) {
    if (host == null) {
      return "the host name is null";
    }
    if (host.isEmpty()) {
      return "missing host";
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (name.length() > 253) {
      return "host name is " + name.length() + " characters long, more than 253";
    }
    boolean digitsAndDots = true;
    int labelStart = 0;
    for (int i = 0; i <= name.length(); i++) {
      char c = i < name.length() ? name.charAt(i) : '.';
      if (c == '.') {
        int len = i - labelStart;
        if (len == 0) {
          return "host name \"" + host + "\" has an empty label";
        }
        if (len > 63) {
          return "host name label is " + len + " characters long, more than 63";
        }
        labelStart = i + 1;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_') {
        digitsAndDots = false;
      } else if (c < '0' || c > '9') {
        return "host name \"" + host + "\" contains '" + c + "'";
      }
    }
    if (digitsAndDots) {
      return IpLiterals.parseIpv4(host).isPresent()
          ? "an IPv4 address is not a host name"
          : "\"" + host + "\" is not a valid IPv4 address";
    }
    return null;
  }

  /** {@code host:port}, e.g. {@code example.com:80}. */
  @Override
  public String toString() {
    return host + ":" + port;
  }
}
