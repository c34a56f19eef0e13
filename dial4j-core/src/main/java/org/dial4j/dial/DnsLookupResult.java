package org.dial4j.dial;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link DnsResolver#query} found: the name that answered (the host as it was given, or a
 * search-list name made from it), the CNAME chain from it, and the records of the asked type at the
 * chain's end, each with its TTL, or none if the name exists without records of that type (NODATA).
 * A name that does not exist is not a result: the query fails with ENOENT.
 *
 * @param asked the name that answered, absolute
 * @param canonicalName the end of the CNAME chain ({@code asked} without one), absolute
 * @param aliases the names the chain went through, {@code asked} first; empty without a CNAME
 * @param records the records, in the answer's order; empty for NODATA
 */
public record DnsLookupResult(
    String asked, String canonicalName, List<String> aliases, List<DnsLookupResult.Entry> records) {

  /**
   * One record.
   *
   * @param type its type ("A", "AAAA", "HTTPS", ...)
   * @param ttl its time to live in seconds, as the server gave it (the smallest of the chain's)
   * @param data its data in the presentation form of the zone file ({@code 192.0.2.1}, {@code 1 .
   *     alpn=h2,h3 ipv4hint=192.0.2.1}, ...)
   * @param address the address of an A or AAAA record, else null
   */
  public record Entry(String type, long ttl, String data, @Nullable InetAddress address) {
    /** The address of an A or AAAA record. */
    public Optional<InetAddress> inetAddress() {
      return Optional.ofNullable(address);
    }
  }

  /** Copies the lists. */
  public DnsLookupResult {
    aliases = List.copyOf(aliases);
    records = List.copyOf(records);
  }

  /** The addresses of the A and AAAA records, in order. */
  public List<InetAddress> addresses() {
    List<InetAddress> out = new java.util.ArrayList<>(records.size());
    for (Entry e : records) {
      InetAddress a = e.address();
      if (a != null) {
        out.add(a);
      }
    }
    return List.copyOf(out);
  }
}
