package org.dial4j.dial;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One DNS query of a {@link DnsResolver} as it went (what {@code dig} shows of each exchange of a
 * stub resolver): the name and type asked, the server and transport, when it was sent and how long
 * its answer took, the response code and what the answer said. A name answered from the cache is an
 * event too, with {@code cached} set, no server time and rcode -1.
 *
 * @param name the name asked, absolute (with its trailing dot)
 * @param type the record type asked ("A", "AAAA", "HTTPS", ...)
 * @param server the server asked; null for a cached answer or a name handed to the C library
 * @param tcp whether the query went over TCP
 * @param cached whether the answer came from the cache, without a query
 * @param sentNanos when the query was sent, on the resolver loop's clock ({@code System.nanoTime}
 *     unless the loop was given another)
 * @param took from sending to the answer, or to giving up on this server
 * @param rcode the response code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, ...), -1 without an answer
 * @param outcome the answer in a few words: "2 records", "NXDOMAIN", "no records of the type",
 *     "truncated" (asked again over TCP), "SERVFAIL", "timed out", "malformed", "cached", or why
 *     the name went to the C library's resolver
 * @param error why this exchange failed, if it did (the lookup may still succeed with another
 *     server)
 */
public record DnsQueryEvent(
    String name,
    String type,
    @Nullable InetSocketAddress server,
    boolean tcp,
    boolean cached,
    long sentNanos,
    Duration took,
    int rcode,
    String outcome,
    @Nullable IOException error) {}
