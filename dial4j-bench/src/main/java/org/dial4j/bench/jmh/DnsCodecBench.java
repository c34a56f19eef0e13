package org.dial4j.bench.jmh;

import java.io.ByteArrayOutputStream;
import org.dial4j.internal.dns.DnsCodes;
import org.dial4j.internal.dns.DnsDecoder;
import org.dial4j.internal.dns.DnsFormatException;
import org.dial4j.internal.dns.DnsMessage;
import org.dial4j.internal.dns.DnsName;
import org.dial4j.internal.dns.DnsQuery;
import org.dial4j.internal.dns.DnsQuestion;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The stub resolver's DNS codec ({@code org.dial4j.internal.dns}, not exported; this module runs on
 * the class path, where the core's packages are all readable): a query's wire form with EDNS, from
 * its name's text and from a question made once; and an answer read back, a response to it with a
 * CNAME and two A records (compression pointers, TTLs, an OPT record), checked to answer the query
 * as the resolver checks it (RFC 5452).
 */
public class DnsCodecBench extends MicroBench {
  private String name = "www.example.com";
  private final DnsQuestion question = DnsQuestion.in(DnsName.parse(name), DnsCodes.TYPE_A);
  private final DnsQuery query = new DnsQuery(0x2a17, question, true);
  private final byte[] response = response(0x2a17);

  /** The query from the name's text: parse, question, wire form. */
  @Benchmark
  public byte[] encodeQueryFromText() {
    return new DnsQuery(0x2a17, DnsQuestion.in(DnsName.parse(name), DnsCodes.TYPE_A), true)
        .encode();
  }

  /** The wire form of a query made once. */
  @Benchmark
  public byte[] encodeQuery() {
    return query.encode();
  }

  /** The response decoded and matched to its query. */
  @Benchmark
  public DnsMessage decodeAnswer() throws DnsFormatException {
    DnsMessage m = DnsDecoder.decode(response);
    if (!m.answers(query)) {
      throw new AssertionError("the response does not answer the query");
    }
    return m;
  }

  /**
   * The response, byte by byte (RFC 1035 section 4.1): ID, QR RD RA NOERROR, one question, three
   * answers, one additional (OPT); {@code www.example.com CNAME web.example.com}, then two A
   * records of {@code web.example.com}, each owner a pointer into the message.
   */
  static byte[] response(int id) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    short16(b, id);
    short16(b, 0x8180);
    short16(b, 1);
    short16(b, 3);
    short16(b, 0);
    short16(b, 1);
    int qname = b.size(); // 12
    b.writeBytes(new byte[] {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o'});
    b.writeBytes(new byte[] {'m', 0});
    short16(b, DnsCodes.TYPE_A);
    short16(b, 1);
    // www.example.com CNAME web.example.com (the target's "example.com" a pointer too)
    short16(b, 0xc000 | qname);
    short16(b, DnsCodes.TYPE_CNAME);
    short16(b, 1);
    int32(b, 300);
    short16(b, 6);
    int target = b.size();
    b.writeBytes(new byte[] {3, 'w', 'e', 'b'});
    short16(b, 0xc000 | (qname + 4));
    for (int last : new int[] {10, 11}) {
      short16(b, 0xc000 | target);
      short16(b, DnsCodes.TYPE_A);
      short16(b, 1);
      int32(b, 60);
      short16(b, 4);
      b.writeBytes(new byte[] {(byte) 192, 0, 2, (byte) last});
    }
    // OPT: root owner, UDP size 1232, extended RCODE 0, version 0, no options
    b.write(0);
    short16(b, DnsCodes.TYPE_OPT);
    short16(b, 1232);
    int32(b, 0);
    short16(b, 0);
    return b.toByteArray();
  }

  private static void short16(ByteArrayOutputStream b, int v) {
    b.write(v >>> 8);
    b.write(v);
  }

  private static void int32(ByteArrayOutputStream b, int v) {
    short16(b, v >>> 16);
    short16(b, v);
  }
}
