package org.dial4j.internal.dnsconf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dial4j.IpLiterals;

/**
 * glibc's reading of {@code /etc/hosts}: {@code __nss_readline} (nss/nss_readline.c) skips leading
 * white space, empty lines and lines that then start with {@code #}; the {@code LINE_PARSER} of
 * files-hosts.c cuts the line at its first {@code #}, reads the address with {@code inet_pton}
 * (IPv4 first, then IPv6; no zone, no BSD shorthand, no leading zero) and the names as fields split
 * by {@code isspace} (so {@code \r}, {@code \v} and {@code \f} separate as a space does, and a CRLF
 * file reads well).
 */
final class HostsParser {
  private HostsParser() {}

  static List<HostsFile.Entry> parse(String text) {
    List<HostsFile.Entry> out = new ArrayList<>();
    for (String line : CText.lines(text)) {
      entry(line).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<HostsFile.Entry> entry(String line) {
    int hash = line.indexOf('#');
    List<String> fields = fields(hash < 0 ? line : line.substring(0, hash));
    if (fields.size() < 2) {
      // No line, or an address alone: glibc keeps it with an empty name, which no lookup by
      // name can match.
      return Optional.empty();
    }
    String addr = fields.get(0);
    InetAddress address;
    Optional<byte[]> v4 = IpLiterals.parseIpv4(addr);
    if (v4.isPresent()) {
      address = HostsFile.v4(v4.get());
    } else {
      Optional<byte[]> v6 = IpLiterals.parseIpv6(addr);
      if (v6.isEmpty()) {
        return Optional.empty(); // "Illegal address: ignore line."
      }
      address = HostsFile.v6(v6.get());
    }
    return Optional.of(
        new HostsFile.Entry(address, fields.get(1), fields.subList(2, fields.size())));
  }

  /** The runs of characters that are not {@code isspace}. */
  private static List<String> fields(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && CText.isSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && !CText.isSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }
}
