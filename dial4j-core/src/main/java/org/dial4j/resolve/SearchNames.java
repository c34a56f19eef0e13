package org.dial4j.resolve;

import java.util.ArrayList;
import java.util.List;
import org.dial4j.internal.dns.DnsName;

/**
 * The names a host name is tried as, in order: resolv.conf(5)'s search list and {@code ndots}, as
 * glibc's res_search and Go's {@code nameList} do. A name ending in a dot is absolute and tried
 * alone. Otherwise, with at least {@code ndots} dots it is tried as it is first and then with each
 * search domain; with fewer, with each search domain first and as it is last. A candidate too long
 * for DNS (RFC 1035's 255 bytes) is left out, as Go does.
 */
final class SearchNames {
  private SearchNames() {}

  /**
   * The candidates for {@code host}.
   *
   * @throws org.dial4j.error.InvalidArgumentException (EINVAL, naming {@code host}) if {@code host}
   *     itself is not a DNS name
   */
  static List<DnsName> of(String host, List<String> search, int ndots) {
    DnsName asIs = DnsName.parse(host);
    if (host.endsWith(".")) {
      return List.of(asIs);
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      if (host.charAt(i) == '.') {
        dots++;
      }
    }
    List<DnsName> out = new ArrayList<>(search.size() + 1);
    if (dots >= ndots) {
      out.add(asIs);
    }
    for (String domain : search) {
      try {
        out.add(DnsName.parse(host + "." + domain));
      } catch (IllegalArgumentException tooLong) {
        // host.domain is no DNS name (over 255 bytes): that candidate is skipped
      }
    }
    if (dots < ndots) {
      out.add(asIs);
    }
    return out;
  }
}
