package org.dial4j.dial;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.dial4j.Family;
import org.dial4j.IpLiterals;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.dns.DnsCodes;

/**
 * RFC 6761's names that a resolver library answers itself: {@code invalid} and its subdomains
 * (section 6.4: "always return immediate negative responses"), {@code localhost} and its subdomains
 * (section 6.3: "always return the IP loopback address").
 */
final class SpecialNames {
  /** What a name is to RFC 6761. */
  enum Kind {
    INVALID,
    LOCALHOST,
    OTHER
  }

  private SpecialNames() {}

  static Kind of(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    h = h.toLowerCase(Locale.ROOT);
    if (h.equals("invalid") || h.endsWith(".invalid")) {
      return Kind.INVALID;
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return Kind.LOCALHOST;
    }
    return Kind.OTHER;
  }

  /** ENOENT for a name under {@code invalid}. */
  static IOException invalid(String host) {
    return NetError.of(
        Errno.ENOENT,
        Operation.RESOLVE,
        "no such host " + host + " (a name under .invalid never exists, RFC 6761 section 6.4)");
  }

  /**
   * What {@link DnsResolver#query} answers for a name under {@code localhost}: its loopback address
   * for A and AAAA (TTL 0: made here, not cached), no records of any other type.
   */
  static DnsLookupResult localhost(String host, int type) {
    String name = host.endsWith(".") ? host : host + ".";
    List<DnsLookupResult.Entry> records = List.of();
    if (type == DnsCodes.TYPE_A || type == DnsCodes.TYPE_AAAA) {
      InetAddress a = loopback(type == DnsCodes.TYPE_A ? Family.INET : Family.INET6).getFirst();
      records =
          List.of(
              new DnsLookupResult.Entry(
                  DnsCodes.typeName(type), 0, IpLiterals.format(a.getAddress()), a));
    }
    return new DnsLookupResult(name, name, List.of(), records);
  }

  /** The loopback address of {@code family}. */
  static List<InetAddress> loopback(Family family) {
    return List.of(InetAddress.ofLiteral(family == Family.INET ? "127.0.0.1" : "::1"));
  }
}
