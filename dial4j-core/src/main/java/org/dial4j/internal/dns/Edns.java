package org.dial4j.internal.dns;

/**
 * A message's OPT pseudo-record (RFC 6891 section 6.1): what its CLASS and TTL fields carry there.
 *
 * @param udpPayloadSize CLASS: the largest UDP answer the sender can take; below 512 it means 512
 *     (RFC 6891 section 6.2.5)
 * @param extendedRcode the upper 8 bits of the 12-bit response code (RFC 6891 section 6.1.3)
 * @param version the EDNS version; 0 is the only one defined, and a server that does not speak a
 *     query's version answers BADVERS (RFC 6891 section 6.1.3)
 * @param dnssecOk DO: DNSSEC records are wanted (RFC 3225 section 3)
 * @param options the options, their framing (code, length, value) checked, kept as sent
 */
public record Edns(
    int udpPayloadSize, int extendedRcode, int version, boolean dnssecOk, Octets options) {}
