package org.dial4j.dial;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.internal.dns.DnsAnswer;
import org.dial4j.internal.dns.DnsCodes;
import org.dial4j.internal.dns.DnsName;
import org.dial4j.internal.dns.RData;
import org.dial4j.resolve.QueryRecord;
import org.jspecify.annotations.Nullable;

/**
 * The public values {@link DnsResolver} hands out, made from the resolver machinery's own: a
 * query's event, a lookup's result and its records, a service binding; the record types by name;
 * and the hosts file as the source after DNS.
 */
final class DnsValues {
  private DnsValues() {}

  /**
   * {@code dns}'s outcome, or the hosts file's addresses where DNS found none or failed (glibc's
   * NOTFOUND, UNAVAIL and TRYAGAIN go on to the next source); not when the deadline passed or the
   * lookup was cancelled. Cancelling the result cancels the query.
   */
  static CompletableFuture<List<InetAddress>> orHostsFile(
      CompletableFuture<List<InetAddress>> dns, List<InetAddress> fromHosts) {
    CompletableFuture<List<InetAddress>> out = new CompletableFuture<>();
    var _ =
        dns.whenComplete(
            (addresses, error) -> {
              if (error == null) {
                out.complete(addresses.isEmpty() ? fromHosts : addresses);
              } else if (error instanceof NetError ne
                  && (ne.errno() == Errno.ETIMEDOUT || ne.errno() == Errno.ECANCELED)) {
                out.completeExceptionally(error);
              } else if (error instanceof CancellationException) {
                out.completeExceptionally(error);
              } else {
                out.complete(fromHosts);
              }
            });
    var _ =
        out.whenComplete(
            (v, e) -> {
              if (out.isCancelled()) {
                dns.cancel(true);
              }
            });
    return out;
  }

  /**
   * A ServiceMode record as a binding, or null if it names a mandatory key dial4j does not know.
   */
  static @Nullable ServiceBinding binding(RData.Svcb svcb, DnsName owner) {
    var p = svcb.params();
    for (int key : p.mandatory()) {
      if (key > org.dial4j.internal.dns.SvcParams.KEY_IPV6HINT) {
        return null; // RFC 9460 section 8: a mandatory key not understood: the record is unusable
      }
    }
    String target = svcb.target().isRoot() ? owner.toString() : svcb.target().toString();
    return new ServiceBinding(
        svcb.priority(),
        target,
        p.port(),
        p.alpn(),
        p.noDefaultAlpn(),
        List.copyOf(p.ipv4Hint()),
        List.copyOf(p.ipv6Hint()),
        p.ech().map(org.dial4j.internal.dns.Octets::toByteArray).orElse(null));
  }

  static DnsQueryEvent event(QueryRecord r) {
    boolean cached = r.outcome().equals("cached");
    return new DnsQueryEvent(
        r.name(),
        DnsCodes.typeName(r.type()),
        cached ? null : r.server().toSocketAddress(),
        r.tcp(),
        cached,
        r.sentNanos(),
        Duration.ofNanos(r.endNanos() - r.sentNanos()),
        r.rcode(),
        r.outcome(),
        r.error());
  }

  static DnsLookupResult result(DnsName asked, DnsAnswer answer, int type) {
    List<DnsLookupResult.Entry> entries = new ArrayList<>();
    String canonical = asked.toString();
    List<String> aliases = List.of();
    if (answer instanceof DnsAnswer.Records r) {
      canonical = r.name().toString();
      aliases = r.aliases().stream().map(DnsName::toString).toList();
      for (RData d : r.data()) {
        entries.add(entry(d, r.ttl(), type));
      }
    } else if (answer instanceof DnsAnswer.NoData nd) {
      canonical = nd.name().toString();
      aliases = nd.aliases().stream().map(DnsName::toString).toList();
    }
    return new DnsLookupResult(asked.toString(), canonical, aliases, entries);
  }

  static DnsLookupResult.Entry entry(RData d, long ttl, int type) {
    return switch (d) {
      case RData.A a -> new DnsLookupResult.Entry("A", ttl, a.toString(), a.address());
      case RData.Aaaa a -> new DnsLookupResult.Entry("AAAA", ttl, a.toString(), a.address());
      case RData.Cname c -> new DnsLookupResult.Entry("CNAME", ttl, c.toString(), null);
      case RData.Soa s -> new DnsLookupResult.Entry("SOA", ttl, s.toString(), null);
      case RData.Svcb s ->
          new DnsLookupResult.Entry(DnsCodes.typeName(type), ttl, s.toString(), null);
    };
  }

  static int typeCode(String type) {
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "A" -> DnsCodes.TYPE_A;
      case "AAAA" -> DnsCodes.TYPE_AAAA;
      case "CNAME" -> DnsCodes.TYPE_CNAME;
      case "SVCB" -> DnsCodes.TYPE_SVCB;
      case "HTTPS" -> DnsCodes.TYPE_HTTPS;
      default ->
          throw new InvalidArgumentException(
              Errno.EINVAL,
              type,
              "not a record type dial4j asks for (A, AAAA, CNAME, SVCB, HTTPS)");
    };
  }
}
