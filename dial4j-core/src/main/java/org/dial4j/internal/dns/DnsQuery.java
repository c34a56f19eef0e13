package org.dial4j.internal.dns;

/**
 * A query as the stub resolver sends it, and its wire form ({@link #encode}): one question,
 * recursion desired, and, if {@code edns}, an OPT record offering a {@value #EDNS_UDP_SIZE}-byte
 * UDP answer.
 *
 * @param id the message ID, 0..65535; the resolver picks it at random for each query, so that a
 *     forged answer must guess it (RFC 5452 section 3)
 * @param question what is asked; its name's case is sent as given
 * @param edns whether to add the OPT record (RFC 6891 section 6.1.1)
 */
public record DnsQuery(int id, DnsQuestion question, boolean edns) {
  /**
   * The UDP payload size the OPT record offers (RFC 6891 section 6.2.5): IPv6's minimum MTU of 1280
   * bytes (RFC 8200 section 5) less its 40-byte header and UDP's 8, so that an answer that size
   * needs no IP fragments on any path.
   */
  public static final int EDNS_UDP_SIZE = 1232;

  private static final int FLAG_RD = 0x0100;
  private static final int OPT_LENGTH = 11;

  /**
   * Checks the ID.
   *
   * @throws IllegalArgumentException if {@code id} is outside 0..65535
   */
  public DnsQuery {
    if ((id & ~0xffff) != 0) {
      throw new IllegalArgumentException("the DNS message ID " + id + " is not 16 bits");
    }
  }

  /**
   * The message (RFC 1035 section 4.1): the header (this ID; QR 0, opcode QUERY, RD 1; QDCOUNT 1,
   * ARCOUNT 1 with EDNS, every other count 0), the question with its name uncompressed, then the
   * OPT record if asked for: owner the root, CLASS the UDP payload size, TTL 0 (extended RCODE 0,
   * version 0, the DO bit clear: no DNSSEC records wanted), no options (RFC 6891 section 6.1.2 and
   * 6.1.3).
   *
   * @return a new array holding exactly the message
   */
  public byte[] encode() {
    DnsName name = question.name();
    byte[] out = new byte[WireReader.HEADER + name.wireLength() + 4 + (edns ? OPT_LENGTH : 0)];
    put16(out, 0, id);
    put16(out, 2, FLAG_RD);
    put16(out, 4, 1);
    put16(out, 10, edns ? 1 : 0);
    int at = name.writeTo(out, WireReader.HEADER);
    put16(out, at, question.type());
    put16(out, at + 2, question.qclass());
    if (edns) {
      at += 4;
      out[at] = 0;
      put16(out, at + 1, DnsCodes.TYPE_OPT);
      put16(out, at + 3, EDNS_UDP_SIZE);
      // TTL (4 bytes) and RDLENGTH (2) are zero, as the new array already is.
    }
    return out;
  }

  private static void put16(byte[] out, int at, int value) {
    out[at] = (byte) (value >>> 8);
    out[at + 1] = (byte) value;
  }
}
