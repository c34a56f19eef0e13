package org.dial4j;

import java.util.Optional;

/**
 * IP address literals with the exact rules of {@code inet_pton(3)} (no DNS, no BSD shorthand such
 * as {@code 127.1}), and RFC 5952 formatting. (CONTRACT STUB.)
 */
public final class IpLiterals {
  private IpLiterals() {}

  /** {@code inet_pton(AF_INET, text)}: four decimal octets, no leading zeros; 4 bytes. */
  public static Optional<byte[]> parseIpv4(String text) {
    throw new UnsupportedOperationException();
  }

  /** {@code inet_pton(AF_INET6, text)}: RFC 4291 text, with a trailing dotted quad allowed. */
  public static Optional<byte[]> parseIpv6(String text) {
    throw new UnsupportedOperationException();
  }

  /** Dotted quad for 4 bytes; RFC 5952 for 16 (lower case, longest zero run as ::). */
  public static String format(byte[] address) {
    throw new UnsupportedOperationException();
  }
}
