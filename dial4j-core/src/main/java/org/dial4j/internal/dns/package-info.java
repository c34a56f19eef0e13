/**
 * The DNS message codec of dial4j's own stub resolver (internal, not exported): pure code over byte
 * arrays, no I/O. It writes a query ({@link org.dial4j.internal.dns.DnsQuery}: RFC 1035 sections
 * 4.1.1 and 4.1.2, with an RFC 6891 OPT record), reads a response strictly ({@link
 * org.dial4j.internal.dns.DnsDecoder} into a {@link org.dial4j.internal.dns.DnsMessage}: the
 * header, the question, the A, AAAA, CNAME, SOA, SVCB and HTTPS records of RFC 1035, RFC 3596 and
 * RFC 9460, the EDNS OPT record), and reads what the resolver needs out of an answer ({@link
 * org.dial4j.internal.dns.DnsAnswer}: the CNAME chain followed, the records used and their smallest
 * TTL, NXDOMAIN and NODATA told apart with their RFC 2308 negative TTL).
 *
 * <p>Any defect of a message, however hostile, is a {@link
 * org.dial4j.internal.dns.DnsFormatException} (the resolver's EBADMSG), never another exception. It
 * uses the values of {@code org.dial4j} and {@code org.dial4j.error} and {@code java.*} only.
 */
@NullMarked
package org.dial4j.internal.dns;

import org.jspecify.annotations.NullMarked;
