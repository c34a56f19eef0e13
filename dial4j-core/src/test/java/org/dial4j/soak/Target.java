package org.dial4j.soak;

import java.util.List;

/**
 * What an attempt connects to. The loopback peers are the parent's, made in the phase's network
 * namespace ({@link Peers}); the routed addresses are documentation prefixes that the namespace's
 * own routing table (no interface but {@code lo}) turns into the kernel's route errors, so no
 * packet leaves it ({@link Phase#ROUTES}).
 */
enum Target {
  /** 127.0.0.1 at a listener that accepts (and closes) every connection. */
  LIVE4(null),
  /** ::1 at a listener that accepts (and closes) every connection. */
  LIVE6(null),
  /** 127.0.0.1 at a port bound but not listening: ECONNREFUSED. */
  REFUSED4(null),
  /** ::1 at a port bound but not listening: ECONNREFUSED. */
  REFUSED6(null),
  /** 127.0.0.1 at a listener whose accept queue is full: its SYNs are dropped. */
  FULL4(null),
  /** ::1 at a listener whose accept queue is full, at {@link #LIVE4}'s port number. */
  FULL6(null),
  /**
   * {@code silent.soak.test}: ::1 ({@link #FULL6}, silent) first, then 127.0.0.1 ({@link #LIVE4}).
   */
  SILENT_FIRST(null),
  /** An {@code unreachable} route: EHOSTUNREACH. */
  UNREACHABLE4("203.0.113.7:80"),
  UNREACHABLE6("[2001:db8:1::7]:80"),
  /** A {@code prohibit} route: EACCES. */
  PROHIBIT4("192.0.2.9:80"),
  PROHIBIT6("[2001:db8:2::9]:80"),
  /** A {@code blackhole} route: EINVAL. */
  BLACKHOLE4("203.0.113.135:80"),
  BLACKHOLE6("[2001:db8:b1ac::7]:80"),
  /** No route at all: ENETUNREACH. */
  NO_ROUTE4("198.51.100.1:80"),
  NO_ROUTE6("[2001:db8:ffff::1]:80"),
  /** {@code routed.soak.test}: 2001:db8:b1ac::7 (a blackhole route) first, then {@link #LIVE4}. */
  ROUTED_FIRST(null),
  /** 127.0.0.1 at a listener every ephemeral port of the namespace is already connected to. */
  EXHAUSTED4(null);

  /** The name {@link #SILENT_FIRST} dials, and its addresses in the resolver's table. */
  static final String SILENT_NAME = "silent.soak.test";

  static final List<String> SILENT_ADDRESSES = List.of("::1", "127.0.0.1");

  /** The name {@link #ROUTED_FIRST} dials, and its addresses in the resolver's table. */
  static final String ROUTED_NAME = "routed.soak.test";

  static final List<String> ROUTED_ADDRESSES = List.of("2001:db8:b1ac::7", "127.0.0.1");

  /**
   * The routes {@link Phase#ROUTES} adds to its namespace ({@code ip route add ...}, {@code ip -6
   * route add ...}): what makes the routed targets fail as they do.
   */
  static final List<List<String>> ROUTES =
      List.of(
          List.of("route", "add", "unreachable", "203.0.113.0/25"),
          List.of("route", "add", "blackhole", "203.0.113.128/25"),
          List.of("route", "add", "prohibit", "192.0.2.0/24"),
          List.of("-6", "route", "add", "unreachable", "2001:db8:1::/48"),
          List.of("-6", "route", "add", "prohibit", "2001:db8:2::/48"),
          List.of("-6", "route", "add", "blackhole", "2001:db8:b1ac::/48"));

  /** The fixed address of a routed target; null for those the parent's peers give. */
  final String fixed;

  Target(String fixed) {
    this.fixed = fixed;
  }

  /** Whether this is a name the Dialer resolves and races, not an address. */
  boolean isName() {
    return this == SILENT_FIRST || this == ROUTED_FIRST;
  }

  /** Whether this leaves the loopback (only in a namespace whose routes end it at once). */
  boolean isRouted() {
    return fixed != null;
  }
}
