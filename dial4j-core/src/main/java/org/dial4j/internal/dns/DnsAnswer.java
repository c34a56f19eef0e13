package org.dial4j.internal.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a response says about its question, as the stub resolver needs it (RFC 1034 section 4.3.2,
 * RFC 2308): the records asked for at the end of the CNAME chain, or that the name does not exist,
 * or that it has no record of the type, or a failure to answer. Made by {@link #of}.
 */
public sealed interface DnsAnswer {

  /**
   * The most CNAME records one answer may chain: a bound of this codec's choosing. A recursive
   * server follows the chain and returns it whole (RFC 1034 section 4.3.1), and real chains are a
   * few links long; the bound keeps an answer of thousands of CNAMEs from costing a scan of the
   * section each.
   */
  int MAX_CNAMES = 16;

  /**
   * The records of the asked type at the end of the chain.
   *
   * @param name the canonical name: the question's, or the last CNAME's target
   * @param aliases the names the chain went through before {@code name}, the question's first;
   *     empty without a CNAME
   * @param data the records' data, in the order of the answer section
   * @param ttl the smallest TTL of the records used: these and the chain's CNAMEs
   */
  record Records(DnsName name, List<DnsName> aliases, List<RData> data, long ttl)
      implements DnsAnswer {
    /** Copies the lists. */
    public Records {
      aliases = List.copyOf(aliases);
      data = List.copyOf(data);
    }

    /** The addresses of the A and AAAA records, in order. */
    public List<InetAddress> addresses() {
      List<InetAddress> out = new ArrayList<>(data.size());
      for (RData d : data) {
        if (d instanceof RData.A a) {
          out.add(a.address());
        } else if (d instanceof RData.Aaaa aaaa) {
          out.add(aaaa.address());
        }
      }
      return out;
    }
  }

  /**
   * NXDOMAIN: the name does not exist (RFC 2308 section 2.1); after a CNAME chain, the chain's last
   * name.
   *
   * @param name the name that does not exist
   * @param aliases the names the chain went through before it
   * @param negativeTtl how long to remember it (see {@link #of}); empty if the response carries no
   *     SOA of the name's zone, and then it is not to be cached (RFC 2308 section 5)
   */
  record NxDomain(DnsName name, List<DnsName> aliases, OptionalLong negativeTtl)
      implements DnsAnswer {
    /** Copies the list. */
    public NxDomain {
      aliases = List.copyOf(aliases);
    }
  }

  /**
   * NODATA: the name exists but has no record of the asked type (RFC 2308 section 2.2).
   *
   * @param name the name, at the end of the chain
   * @param aliases the names the chain went through before it
   * @param negativeTtl how long to remember it, as for {@link NxDomain}
   */
  record NoData(DnsName name, List<DnsName> aliases, OptionalLong negativeTtl)
      implements DnsAnswer {
    /** Copies the list. */
    public NoData {
      aliases = List.copyOf(aliases);
    }
  }

  /**
   * TC was set: the response is not to be read; the query goes again over TCP (RFC 2181 section 9).
   */
  record Truncated() implements DnsAnswer {}

  /**
   * The server did not answer: SERVFAIL, REFUSED, FORMERR, NOTIMP, BADVERS or another code than
   * NOERROR and NXDOMAIN.
   *
   * @param rcode the whole response code ({@link DnsMessage#rcode()})
   */
  record ServerError(int rcode) implements DnsAnswer {
    @Override
    public String toString() {
      return "ServerError[" + DnsCodes.rcodeName(rcode) + "]";
    }
  }

  /**
   * Reads {@code response}, an answer to {@code question} (the resolver has matched it with {@link
   * DnsMessage#answers}): TC first, then the response code; for NOERROR and NXDOMAIN the echoed
   * question must be {@code question}, and the answer section is read from its name:
   *
   * <ul>
   *   <li>the CNAME whose owner is the current name, if any, leads to its target (unless CNAME is
   *       the type asked), at most {@link #MAX_CNAMES} times; a name reached twice is a loop, and a
   *       name with two CNAMEs breaks RFC 2181 section 10.1: both are failures. Records whose owner
   *       is not on the chain are not used: they do not answer the question.
   *   <li>With records of the asked type at the chain's end and NOERROR: {@link Records}, whose TTL
   *       is the smallest of the records and the CNAMEs used.
   *   <li>Otherwise NXDOMAIN gives {@link NxDomain}, NOERROR {@link NoData}, each with its negative
   *       TTL: the smaller of the SOA record's TTL and its MINIMUM (RFC 2308 section 5), of the
   *       first SOA in the authority section whose owner is the name or above it, and no more than
   *       the chain's CNAMEs' TTLs (the alias that led to the name may change sooner).
   * </ul>
   *
   * @throws DnsFormatException if the message is a query, if it echoes another question, or if its
   *     CNAMEs loop, fork or chain too far
   */
  static DnsAnswer of(DnsMessage response, DnsQuestion question) throws DnsFormatException {
    if (!response.header().response()) {
      throw new DnsFormatException("the message is a query, not a response");
    }
    if (response.header().truncated()) {
      return new Truncated();
    }
    int rcode = response.rcode();
    if (rcode != DnsCodes.RCODE_NOERROR && rcode != DnsCodes.RCODE_NXDOMAIN) {
      return new ServerError(rcode);
    }
    DnsQuestion echoed = response.question();
    if (echoed == null || !echoed.equals(question)) {
      throw new DnsFormatException(
          "the response's question (" + echoed + ") is not the query's (" + question + ")");
    }
    List<DnsRecord> answers = response.answers();
    DnsName name = question.name();
    List<DnsName> aliases = new ArrayList<>();
    long chainTtl = Long.MAX_VALUE;
    if (question.type() != DnsCodes.TYPE_CNAME) {
      Set<DnsName> seen = new HashSet<>();
      seen.add(name);
      while (true) {
        DnsRecord cname = cnameOf(answers, name);
        if (cname == null) {
          break;
        }
        DnsName target = ((RData.Cname) cname.data()).target();
        if (!seen.add(target)) {
          throw new DnsFormatException("the CNAME of " + name + " loops back to " + target);
        }
        if (aliases.size() == MAX_CNAMES) {
          throw new DnsFormatException("the CNAME chain is longer than " + MAX_CNAMES);
        }
        aliases.add(name);
        chainTtl = Math.min(chainTtl, cname.ttl());
        name = target;
      }
    }
    List<RData> data = new ArrayList<>();
    long ttl = chainTtl;
    for (DnsRecord record : answers) {
      if (record.type() == question.type() && record.name().equals(name)) {
        data.add(record.data());
        ttl = Math.min(ttl, record.ttl());
      }
    }
    if (rcode == DnsCodes.RCODE_NOERROR && !data.isEmpty()) {
      return new Records(name, aliases, data, ttl);
    }
    OptionalLong negativeTtl = negativeTtl(response.authorities(), name, chainTtl);
    return rcode == DnsCodes.RCODE_NXDOMAIN
        ? new NxDomain(name, aliases, negativeTtl)
        : new NoData(name, aliases, negativeTtl);
  }

  /** The one CNAME record owned by {@code name}, or null; two are a failure. */
  private static @Nullable DnsRecord cnameOf(List<DnsRecord> answers, DnsName name)
      throws DnsFormatException {
    DnsRecord found = null;
    for (DnsRecord record : answers) {
      if (record.type() == DnsCodes.TYPE_CNAME && record.name().equals(name)) {
        if (found != null) {
          throw new DnsFormatException(name + " has two CNAME records (RFC 2181 section 10.1)");
        }
        found = record;
      }
    }
    return found;
  }

  /** RFC 2308 section 5, from the first SOA at or above {@code name}; empty without one. */
  private static OptionalLong negativeTtl(List<DnsRecord> authorities, DnsName name, long bound) {
    for (DnsRecord record : authorities) {
      if (record.data() instanceof RData.Soa soa && name.isAtOrBelow(record.name())) {
        return OptionalLong.of(Math.min(bound, Math.min(record.ttl(), soa.minimum())));
      }
    }
    return OptionalLong.empty();
  }
}
