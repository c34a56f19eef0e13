package org.dial4j.cli;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.IpLiterals;
import org.dial4j.dial.Resolver;
import org.dial4j.dial.ServiceBinding;

/**
 * The names {@code dial4j dial --resolve NAME=IP,IP,...} answers itself, as {@code curl --resolve}
 * does: each NAME gets its addresses in the order given, for both families; every other name goes
 * to the system resolver.
 */
final class ResolveTable {
  /** Lower-case name to addresses, in the order given. */
  private final Map<String, List<InetAddress>> table = new LinkedHashMap<>();

  /**
   * Reads the {@code --resolve} entries; a NAME given twice gets both lists, in order.
   *
   * @throws IllegalArgumentException naming the entry that is not NAME=IP,IP,...
   */
  static ResolveTable parse(List<String> entries) {
    ResolveTable t = new ResolveTable();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("--resolve takes NAME=IP,IP,..., not '" + entry + "'");
      }
      List<InetAddress> list =
          t.table.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
      for (String ip : entry.substring(eq + 1).split(",", -1)) {
        list.add(
            address(ip.trim())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "--resolve "
                                + entry
                                + ": '"
                                + ip
                                + "' is not an IPv4 or IPv6 address")));
      }
    }
    return t;
  }

  /** An IPv4 or IPv6 literal ({@code [::1]} too); an IPv4-mapped IPv6 address stays IPv6. */
  private static Optional<InetAddress> address(String ip) {
    String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    try {
      Optional<byte[]> v4 = IpLiterals.parseIpv4(bare);
      if (v4.isPresent()) {
        return Optional.of(InetAddress.getByAddress(v4.get()));
      }
      Optional<byte[]> v6 = IpLiterals.parseIpv6(bare);
      if (v6.isPresent()) {
        // InetAddress.getByAddress would turn ::ffff:a.b.c.d into an Inet4Address.
        return Optional.of(Inet6Address.getByAddress(null, v6.get(), -1));
      }
    } catch (UnknownHostException wrongLength) {
      throw new AssertionError(wrongLength); // 4 or 16 bytes, always
    }
    return Optional.empty();
  }

  boolean isEmpty() {
    return table.isEmpty();
  }

  /**
   * The table in front of {@code rest}: a name in the table is answered from it (a family it has no
   * address of gets none; no service bindings), any other name by {@code rest}, its service
   * bindings ({@code dial --service}) too.
   */
  Resolver before(Resolver rest) {
    Resolver fixed = Resolver.fixed(table);
    return new Resolver() {
      @Override
      public CompletableFuture<List<InetAddress>> lookup(
          String host, Family family, Deadline deadline) {
        return listed(host)
            ? fixed.lookup(host, family, deadline)
            : rest.lookup(host, family, deadline);
      }

      @Override
      public CompletableFuture<List<ServiceBinding>> services(
          String host, int port, String scheme, Deadline deadline) {
        return listed(host)
            ? CompletableFuture.completedFuture(List.of())
            : rest.services(host, port, scheme, deadline);
      }
    };
  }

  private boolean listed(String host) {
    return table.containsKey(host.toLowerCase(Locale.ROOT));
  }
}
