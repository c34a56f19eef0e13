package org.dial4j.dial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * The order in which a dial tries addresses: RFC 6724 destination address selection, the rules that
 * need no routing table, then RFC 8305 section 4 interleaving of the two families.
 *
 * <p>A pure planner, apart from the racer that uses it (as okhttp keeps {@code InetAddressOrder}
 * apart from {@code FastFallbackExchangeFinder}): lists in, lists out, no clock.
 */
final class AddressOrder {
  private AddressOrder() {}

  /**
   * RFC 6724 section 6, the rules a client can apply without a routing table or its own source
   * addresses: rule 6 (higher precedence in the default policy table of section 2.1 first: ::1,
   * then native IPv6, then IPv4, then 6to4, Teredo, ULA and the deprecated prefixes), rule 8
   * (smaller scope first) and rule 10 (otherwise keep the resolver's order: the sort is stable).
   * Rules 1 to 5 and 7 need to know which source address the kernel would pick, which only a
   * routing-table lookup (a UDP connect per destination, as glibc does) can tell; dial4j leaves
   * that order to the resolver, which has applied it already in the system case.
   */
  static List<InetEndpoint> sort(List<InetEndpoint> addresses) {
    List<InetEndpoint> out = new ArrayList<>(addresses);
    out.sort(
        Comparator.comparingInt(AddressOrder::precedence)
            .reversed()
            .thenComparingInt(AddressOrder::scope));
    return out;
  }

  /**
   * RFC 8305 section 4: {@code firstCount} addresses of {@code first} family, then one of the other
   * family, then alternate; when one family runs out the rest of the other follows. The order
   * within each family is kept.
   */
  static List<InetEndpoint> interleave(List<InetEndpoint> sorted, Family first, int firstCount) {
    List<InetEndpoint> a = new ArrayList<>();
    List<InetEndpoint> b = new ArrayList<>();
    for (InetEndpoint e : sorted) {
      (e.family() == first ? a : b).add(e);
    }
    List<InetEndpoint> out = new ArrayList<>(sorted.size());
    int i = 0;
    int j = 0;
    for (int k = 0; k < firstCount && i < a.size(); k++) {
      out.add(a.get(i++));
    }
    while (i < a.size() || j < b.size()) {
      if (j < b.size()) {
        out.add(b.get(j++));
      }
      if (i < a.size()) {
        out.add(a.get(i++));
      }
    }
    return out;
  }

  /**
   * The first plan, once the addresses are known: sorted, then interleaved starting with the family
   * of the best address.
   */
  static List<InetEndpoint> plan(List<InetEndpoint> addresses, int firstFamilyCount) {
    List<InetEndpoint> sorted = sort(addresses);
    if (sorted.isEmpty()) {
      return sorted;
    }
    return interleave(sorted, sorted.get(0).family(), firstFamilyCount);
  }

  /**
   * A new plan for the addresses not tried yet, after more arrived while attempts were running (RFC
   * 8305 section 3: "add them to the list of addresses not yet tried"). The families keep
   * alternating from the last attempt: the next address is of the other family if there is one, as
   * libdill's tests 11 and 12 expect.
   */
  static List<InetEndpoint> replan(List<InetEndpoint> untried, @Nullable Family lastStarted) {
    List<InetEndpoint> sorted = sort(untried);
    if (sorted.isEmpty()) {
      return sorted;
    }
    Family next = lastStarted == null ? sorted.get(0).family() : other(lastStarted);
    return interleave(sorted, next, 1);
  }

  static Family other(Family f) {
    return f == Family.INET ? Family.INET6 : Family.INET;
  }

  /** RFC 6724 section 2.1, the default policy table (IPv4 as its v4-mapped form, ::ffff:0:0/96). */
  static int precedence(InetEndpoint e) {
    byte[] a = e.family() == Family.INET6 ? e.address() : null;
    if (a == null || e.isV4Mapped()) {
      return 35;
    }
    if (e.isLoopback()) {
      return 50; // ::1/128
    }
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (b0 == 0x20 && b1 == 0x02) {
      return 30; // 2002::/16, 6to4
    }
    if (b0 == 0x20 && b1 == 0x01 && a[2] == 0 && a[3] == 0) {
      return 5; // 2001::/32, Teredo
    }
    if ((b0 & 0xfe) == 0xfc) {
      return 3; // fc00::/7, unique local
    }
    if (isZero(a, 0, 12)) {
      return 1; // ::/96, IPv4-compatible (deprecated)
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return 1; // fec0::/10, site-local (deprecated)
    }
    if (b0 == 0x3f && b1 == 0xfe) {
      return 1; // 3ffe::/16, 6bone (returned)
    }
    return 40; // ::/0
  }

  /**
   * RFC 6724 section 3.1 scope values: 0x2 link-local (IPv6 fe80::/10 and ::1; IPv4 127/8 and
   * 169.254/16, section 3.2), 0x5 site-local (fec0::/10), a multicast address's own scope, else 0xe
   * global (private IPv4 ranges are global scope too, section 3.2).
   */
  static int scope(InetEndpoint e) {
    byte[] a = e.address();
    if (e.family() == Family.INET || e.isV4Mapped()) {
      int off = a.length == 16 ? 12 : 0;
      int b0 = a[off] & 0xff;
      int b1 = a[off + 1] & 0xff;
      return b0 == 127 || (b0 == 169 && b1 == 254) ? 0x2 : 0xe;
    }
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (b0 == 0xff) {
      return b1 & 0x0f;
    }
    if (e.isLoopback() || (b0 == 0xfe && (b1 & 0xc0) == 0x80)) {
      return 0x2;
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return 0x5;
    }
    return 0xe;
  }

  private static boolean isZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
