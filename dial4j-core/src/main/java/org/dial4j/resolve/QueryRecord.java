package org.dial4j.resolve;

import java.io.IOException;
import org.dial4j.InetEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * One query as it went: what was asked of which server, over which transport, when it was sent and
 * when it ended, and how (what {@code dig} shows of a stub's exchange). Times are the loop clock's
 * nanoseconds.
 *
 * @param name the name asked, as sent
 * @param type the record type asked (1 A, 28 AAAA, 65 HTTPS, ...)
 * @param server the server asked
 * @param tcp whether it went over TCP
 * @param sentNanos when the query was sent
 * @param endNanos when the answer came or the wait ended
 * @param rcode the answer's response code, or -1 without an answer
 * @param outcome what the answer said, in a few words ("3 records", "NXDOMAIN", "truncated", "timed
 *     out", ...)
 * @param error the failure of this exchange, if it had one (the query may still succeed elsewhere)
 */
public record QueryRecord(
    String name,
    int type,
    InetEndpoint server,
    boolean tcp,
    long sentNanos,
    long endNanos,
    int rcode,
    String outcome,
    @Nullable IOException error) {}
