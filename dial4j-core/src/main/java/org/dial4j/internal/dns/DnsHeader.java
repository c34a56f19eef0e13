package org.dial4j.internal.dns;

/**
 * A message's header flags and ID (RFC 1035 section 4.1.1; AD and CD from RFC 4035 section 3.2).
 * The counts are not kept: the message's lists have them.
 *
 * @param id the message ID
 * @param response QR: a response, not a query
 * @param opcode the kind of query, 0..15 ({@link DnsCodes#OPCODE_QUERY})
 * @param authoritative AA: the answer comes from an authority for the name
 * @param truncated TC: the message was cut to fit its transport; ask again over TCP (RFC 2181
 *     section 9)
 * @param recursionDesired RD, copied from the query
 * @param recursionAvailable RA: the server recurses
 * @param authenticData AD: the server says it validated the answer with DNSSEC
 * @param checkingDisabled CD: DNSSEC checking was not wanted
 * @param rcode the header's four bits of the response code; {@link DnsMessage#rcode()} adds the OPT
 *     record's upper eight
 */
public record DnsHeader(
    int id,
    boolean response,
    int opcode,
    boolean authoritative,
    boolean truncated,
    boolean recursionDesired,
    boolean recursionAvailable,
    boolean authenticData,
    boolean checkingDisabled,
    int rcode) {

  /** The header of the ID and the 16 flag bits that follow it on the wire. */
  static DnsHeader of(int id, int flags) {
    return new DnsHeader(
        id,
        (flags & 0x8000) != 0,
        flags >>> 11 & 0xf,
        (flags & 0x0400) != 0,
        (flags & 0x0200) != 0,
        (flags & 0x0100) != 0,
        (flags & 0x0080) != 0,
        (flags & 0x0020) != 0,
        (flags & 0x0010) != 0,
        flags & 0xf);
  }
}
