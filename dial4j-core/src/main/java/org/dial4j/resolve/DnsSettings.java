package org.dial4j.resolve;

import java.time.Duration;
import java.util.List;
import org.dial4j.InetEndpoint;

/**
 * What the stub resolver does, as resolv.conf(5) says it (or the builder overrides it): where the
 * queries go, which names the search list makes of a short one, and how long and how often each
 * server is tried. Immutable; the values are checked and capped by whoever makes it.
 *
 * @param servers the name servers, in order, at least one (resolv.conf's {@code nameserver} lines,
 *     at most 3 there)
 * @param search the search list's domains, in order, without a trailing dot (may be empty)
 * @param ndots a name with at least this many dots is tried as it is before the search list
 * @param timeout how long one query waits for one server's answer
 * @param attempts how many rounds over all the servers a query makes
 * @param rotate whether each query starts at the next server rather than the first
 * @param tcp whether every query goes over TCP ({@code use-vc}), not only a truncated one's retry
 * @param edns whether queries carry an EDNS0 OPT record offering a 1232-byte UDP answer
 */
public record DnsSettings(
    List<InetEndpoint> servers,
    List<String> search,
    int ndots,
    Duration timeout,
    int attempts,
    boolean rotate,
    boolean tcp,
    boolean edns) {

  /**
   * Copies the lists and checks what a resolver cannot work without.
   *
   * @throws IllegalArgumentException with no server, ndots below 0, a timeout not positive or
   *     attempts below 1
   */
  public DnsSettings {
    servers = List.copyOf(servers);
    search = List.copyOf(search);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a DNS resolver needs at least one name server");
    }
    if (ndots < 0) {
      throw new IllegalArgumentException("ndots " + ndots + " is negative");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the DNS timeout " + timeout + " is not positive");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("DNS attempts " + attempts + " is below 1");
    }
  }
}
