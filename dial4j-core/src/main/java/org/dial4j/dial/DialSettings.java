package org.dial4j.dial;

import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Dialer} was built with, as one race needs it (times in nanoseconds).
 *
 * @param rtt connect times to shorten the attempt delay, or null when not enabled
 * @param sourceV4 the IPv4 source (port 0: the kernel picks per connect), or null
 * @param sourceV6 the IPv6 source, or null
 * @param maxInFlight the cap on attempts running at once, 0 for none
 * @param service the URI scheme whose HTTPS or SVCB records a dial of a name also asks for (Happy
 *     Eyeballs version 3), or null for none (RFC 8305 alone)
 * @param sockets the socket options each attempt's socket gets before its connect
 */
record DialSettings(
    Resolver resolver,
    DialListener listener,
    long resolutionDelay,
    long attemptDelay,
    int firstFamilyCount,
    int maxInFlight,
    @Nullable RttHistory rtt,
    @Nullable InetEndpoint sourceV4,
    @Nullable InetEndpoint sourceV6,
    @Nullable String service,
    SocketSettings sockets) {

  /** RFC 8305 section 8: "a minimum Connection Attempt Delay ... of 10 milliseconds". */
  static final long MIN_ATTEMPT_DELAY = 10_000_000L;

  /** RFC 8305 section 8: "a maximum of 2 seconds". */
  static final long MAX_ATTEMPT_DELAY = 2_000_000_000L;

  @Nullable InetEndpoint source(Family family) {
    return family == Family.INET ? sourceV4 : sourceV6;
  }
}
