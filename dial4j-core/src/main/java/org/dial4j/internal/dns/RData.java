package org.dial4j.internal.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.dial4j.IpLiterals;

/**
 * The data of the record types the decoder reads, one immutable record each. Their names are
 * uncompressed, their addresses {@code java.net} ones that carry no host name and are never looked
 * up.
 */
public sealed interface RData {

  /**
   * An A record's address (RFC 1035 section 3.4.1: exactly 4 bytes).
   *
   * @param address the IPv4 address
   */
  record A(Inet4Address address) implements RData {
    @Override
    public String toString() {
      return address.getHostAddress();
    }
  }

  /**
   * An AAAA record's address (RFC 3596 section 2.2: exactly 16 bytes); an IPv4-mapped address stays
   * an {@link Inet6Address}.
   *
   * @param address the IPv6 address
   */
  record Aaaa(Inet6Address address) implements RData {
    @Override
    public String toString() {
      return IpLiterals.format(address.getAddress());
    }
  }

  /**
   * A CNAME record's canonical name (RFC 1035 section 3.3.1).
   *
   * @param target the name the owner is an alias of
   */
  record Cname(DnsName target) implements RData {
    @Override
    public String toString() {
      return target.toString();
    }
  }

  /**
   * An SOA record (RFC 1035 section 3.3.13); a negative answer's authority section carries its
   * zone's, whose {@code minimum} bounds how long the answer may be cached (RFC 2308 section 5).
   * The numbers are unsigned 32-bit.
   *
   * @param mname the zone's primary name server
   * @param rname the mailbox of the zone's administrator
   * @param serial the zone's version
   * @param refresh seconds before a secondary checks the serial
   * @param retry seconds before a secondary tries again after a failed refresh
   * @param expire seconds after which a secondary stops answering without a refresh
   * @param minimum the negative-caching TTL (RFC 2308 section 4)
   */
  record Soa(
      DnsName mname,
      DnsName rname,
      long serial,
      long refresh,
      long retry,
      long expire,
      long minimum)
      implements RData {
    @Override
    public String toString() {
      return mname + " " + rname + " " + serial + " " + refresh + " " + retry + " " + expire + " "
          + minimum;
    }
  }

  /**
   * An SVCB or HTTPS record (RFC 9460 section 2.2): one form for both types.
   *
   * @param priority SvcPriority: 0 for AliasMode (the service is at {@code target}'s own SVCB
   *     records; its params, if any, are to be ignored, RFC 9460 section 2.4.2), 1..65535 for
   *     ServiceMode, lower preferred
   * @param target TargetName: in ServiceMode the endpoint's name, the root meaning the owner name
   *     itself (RFC 9460 section 2.5); in AliasMode the alias, the root meaning no service
   * @param params the SvcParams, checked
   */
  record Svcb(int priority, DnsName target, SvcParams params) implements RData {
    /** Whether this is AliasMode (SvcPriority 0). */
    public boolean aliasMode() {
      return priority == 0;
    }

    @Override
    public String toString() {
      return priority + " " + target + (params.keys().isEmpty() ? "" : " " + params);
    }
  }
}
