package org.dial4j.cli;

import java.util.List;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.LogLevel;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code dial4j storm} run does, checked and clamped as cconnect's {@code main} does
 * before it starts anything.
 *
 * @param total successful connects to make ({@code -n}), at least 1
 * @param concurrency connects in flight over all loops ({@code -c}), 1..total
 * @param loops event loops sharing total and concurrency ({@code -T}), 1..concurrency
 * @param dsts destinations with the port ({@code -a}), all in 127.0.0.0/8
 * @param srcs source addresses with port 0 ({@code -s}), all in 127.0.0.0/8; empty: not bound
 * @param hold keep connected sockets ({@code --hold})
 * @param limitSeconds stop after this long ({@code -t})
 * @param keepSeconds with hold, keep them this long after the report ({@code -k})
 * @param control where the control port listens ({@code --control}), or null
 * @param logLevel the loops' log level
 * @param dialer each connect through {@link org.dial4j.dial.Dialer}'s callback face ({@code
 *     --dialer}) instead of the loop's named connect
 * @param name with the Dialer, the host name each connect dials ({@code --name}) instead of the
 *     destinations' literals, or null
 * @param dnsServers the name servers of the Dialer's resolver ({@code --dns-server}); empty: the
 *     system's resolv.conf
 * @param measureAt with hold, the held count of the first memory point ({@code --measure-at}); 0:
 *     none
 * @param probeMillis with hold and keep, a probe connect on loop 0 this often ({@code --probe}); 0:
 *     none
 * @param warmup with hold, connects made and closed on a loop of their own first ({@code
 *     --warmup}); 0: none
 */
record StormPlan(
    long total,
    int concurrency,
    int loops,
    List<InetEndpoint> dsts,
    List<InetEndpoint> srcs,
    boolean hold,
    double limitSeconds,
    double keepSeconds,
    @Nullable InetEndpoint control,
    LogLevel logLevel,
    boolean dialer,
    @Nullable String name,
    List<String> dnsServers,
    long measureAt,
    double probeMillis,
    long warmup) {}
