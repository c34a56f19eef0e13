package org.dial4j.testing;

import java.util.List;
import org.dial4j.Family;

/**
 * How a {@link NetLab} server address answers a TCP connect: each fault owns one address on every
 * link (host part {@link #host()}), where the server's firewall answers every TCP segment as the
 * fault says, before any socket sees it. The live address (host part {@link NetLab#LIVE_HOST}) has
 * no rule: its listeners answer.
 *
 * <p>Each fault is written both as an nftables statement and as an iptables REJECT or DROP target,
 * for whichever of the two tools the machine has ({@link LabFirewall}). The errno a Linux connect
 * reports for each is what the kernel's tables make of the answer: a reset is ECONNREFUSED
 * (tcp_reset in SYN-SENT); an ICMP error goes through {@code icmp_err_convert} (net/ipv4/icmp.c) or
 * {@code icmpv6_err_convert}'s {@code tab_unreach} (net/ipv6/icmp.c), and in SYN-SENT even the
 * "soft" ones end the connect (tcp_v4_err, tcp_v6_err).
 */
public enum NetFault {
  /** A reset answers the SYN (nft {@code reject with tcp reset}): ECONNREFUSED. */
  TCP_RESET(3, "reject with tcp reset", "reject with tcp reset", "tcp-reset", "tcp-reset"),

  /**
   * ICMP port unreachable (type 3 code 3; ICMPv6 type 1 code 4): ECONNREFUSED, a fatal error in
   * both tables.
   */
  PORT_UNREACHABLE(
      4,
      "reject with icmp type port-unreachable",
      "reject with icmpv6 type port-unreachable",
      "icmp-port-unreachable",
      "icmp6-port-unreachable"),

  /**
   * ICMP host unreachable (type 3 code 1; ICMPv6 address unreachable, type 1 code 3): EHOSTUNREACH.
   */
  HOST_UNREACHABLE(
      5,
      "reject with icmp type host-unreachable",
      "reject with icmpv6 type addr-unreachable",
      "icmp-host-unreachable",
      "icmp6-addr-unreachable"),

  /**
   * ICMP communication administratively prohibited (type 3 code 13, ICMP_PKT_FILTERED:
   * EHOSTUNREACH) and ICMPv6 administratively prohibited (type 1 code 1: EACCES, a fatal error in
   * {@code tab_unreach}): the two families give two errnos.
   */
  ADMIN_PROHIBITED(
      6,
      "reject with icmp type admin-prohibited",
      "reject with icmpv6 type admin-prohibited",
      "icmp-admin-prohibited",
      "icmp6-adm-prohibited"),

  /** ICMP network unreachable (type 3 code 0; ICMPv6 no route, type 1 code 0): ENETUNREACH. */
  NET_UNREACHABLE(
      7,
      "reject with icmp type net-unreachable",
      "reject with icmpv6 type no-route",
      "icmp-net-unreachable",
      "icmp6-no-route"),

  /** Nothing answers (a blackhole): the connect waits until a deadline or its SYN retries end. */
  DROP(8, "drop", "drop", null, null);

  private final int host;
  private final String nft4;
  private final String nft6;
  private final String reject4;
  private final String reject6;

  NetFault(int host, String nft4, String nft6, String reject4, String reject6) {
    this.host = host;
    this.nft4 = nft4;
    this.nft6 = nft6;
    this.reject4 = reject4;
    this.reject6 = reject6;
  }

  /** The last byte (IPv4) or group (IPv6) of this fault's server address on every link. */
  public int host() {
    return host;
  }

  /** The nftables rule for TCP to {@code address} of {@code family}, in an {@code inet} table. */
  String nftRule(Family family, String address) {
    return family == Family.INET
        ? "ip daddr " + address + " meta l4proto tcp " + nft4
        : "ip6 daddr " + address + " meta l4proto tcp " + nft6;
  }

  /**
   * The arguments after {@code iptables} (or {@code ip6tables}, by {@code family}) that append this
   * fault's rule for TCP to {@code address} to the INPUT chain.
   */
  List<String> iptablesRule(Family family, String address) {
    String reject = family == Family.INET ? reject4 : reject6;
    return reject == null
        ? List.of("-A", "INPUT", "-d", address, "-p", "tcp", "-j", "DROP")
        : List.of(
            "-A", "INPUT", "-d", address, "-p", "tcp", "-j", "REJECT", "--reject-with", reject);
  }
}
