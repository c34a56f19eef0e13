package org.dial4j.internal.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a DNS message (RFC 1035 section 4.1) strictly: any defect, however the bytes were made, is
 * a {@link DnsFormatException} naming the byte, never another exception, a loop or an allocation
 * the message sized.
 *
 * <ul>
 *   <li>The header is 12 bytes; a message is at most 65535 (the largest TCP frame, RFC 1035 section
 *       4.2.2), as c-ares's {@code ares_dns_parse_buf} checks.
 *   <li>QDCOUNT is 0 or 1 (RFC 9619: a QUERY has one question at most).
 *   <li>The counts must fit the bytes left before any record is read: a question takes 5 bytes at
 *       least, a record 11 (c-ares's {@code min_rr_wire_len}), so a message cannot make the decoder
 *       read (or size a list for) 65535 records in 40 bytes.
 *   <li>Names follow {@link WireReader#name}'s rules: pointers strictly backwards, 127 at most,
 *       names 255 bytes, labels 63.
 *   <li>RDLENGTH must fit the message; a record of a type read here must fill its RDATA exactly (an
 *       A record 4 bytes, RFC 1035 section 3.4.1; AAAA 16, RFC 3596 section 2.2; a name or an SOA
 *       ending at its last byte), where c-ares skips what a record leaves over. Its fields are read
 *       with the RDATA's end as their limit.
 *   <li>A record of another type, or of another class than IN, is skipped by its RDLENGTH unread
 *       (RFC 3597 section 4: its data is opaque); A and AAAA mean addresses in class IN only.
 *   <li>OPT (RFC 6891 section 6.1): one at most, in the additional section, owned by the root, its
 *       options framed within its data.
 *   <li>SVCB and HTTPS: an uncompressed TargetName (RFC 9460 section 2.2) and the checks of {@link
 *       SvcParams}.
 *   <li>Bytes after the last record the counts announce are tolerated, counted ({@link
 *       DnsMessage#trailingBytes()}) and not read, as Go's net/dnsmessage and c-ares do: nothing in
 *       them can change what was read (pointers only point backwards), and refusing them would turn
 *       an answer padded on its way into a failure.
 * </ul>
 */
public final class DnsDecoder {
  /** The largest message (RFC 1035 section 4.2.2: TCP's two-byte length). */
  public static final int MAX_MESSAGE = 65535;

  /** The fewest bytes of a question: the root name, QTYPE, QCLASS. */
  private static final int MIN_QUESTION = 5;

  /** The fewest bytes of a record: the root name, TYPE, CLASS, TTL, RDLENGTH. */
  private static final int MIN_RECORD = 11;

  private static final int ANSWER = 0;
  private static final int AUTHORITY = 1;
  private static final int ADDITIONAL = 2;
  private static final String[] SECTION_NAMES = {"answer", "authority", "additional"};

  private final WireReader r;
  private @Nullable Edns edns;

  private DnsDecoder(WireReader r) {
    this.r = r;
  }

  /** Reads {@code message}, all of it. */
  public static DnsMessage decode(byte[] message) throws DnsFormatException {
    return decode(message, message.length);
  }

  /**
   * Reads the message in {@code message[0, length)} (a receive buffer and the datagram's length).
   *
   * @throws DnsFormatException if the message breaks a rule (see above)
   * @throws IndexOutOfBoundsException if {@code length} is outside {@code 0..message.length}: a
   *     caller's mistake, not the message's
   */
  public static DnsMessage decode(byte[] message, int length) throws DnsFormatException {
    Objects.checkFromIndexSize(0, length, message.length);
    if (length > MAX_MESSAGE) {
      throw new DnsFormatException(
          MAX_MESSAGE, "the message is " + length + " bytes, more than 65535");
    }
    if (length < WireReader.HEADER) {
      throw new DnsFormatException(length, "the header needs 12 bytes, the message has " + length);
    }
    return new DnsDecoder(new WireReader(message, length)).message();
  }

  private DnsMessage message() throws DnsFormatException {
    DnsHeader header = DnsHeader.of(r.u16("the ID"), r.u16("the flags"));
    int qd = r.u16("QDCOUNT");
    int an = r.u16("ANCOUNT");
    int ns = r.u16("NSCOUNT");
    int ar = r.u16("ARCOUNT");
    if (qd > 1) {
      throw new DnsFormatException(4, "QDCOUNT is " + qd + ", more than one question (RFC 9619)");
    }
    long least = (long) MIN_QUESTION * qd + (long) MIN_RECORD * (an + ns + ar);
    if (least > r.remaining()) {
      throw new DnsFormatException(
          4,
          "the counts (QD "
              + qd
              + ", AN "
              + an
              + ", NS "
              + ns
              + ", AR "
              + ar
              + ") need at least "
              + least
              + " bytes after the header, the message has "
              + r.remaining());
    }
    DnsQuestion question = qd == 1 ? question() : null;
    List<DnsRecord> answers = section(an, ANSWER);
    List<DnsRecord> authorities = section(ns, AUTHORITY);
    List<DnsRecord> additionals = section(ar, ADDITIONAL);
    return new DnsMessage(header, question, answers, authorities, additionals, edns, r.remaining());
  }

  private DnsQuestion question() throws DnsFormatException {
    DnsName name = r.name(true, "the question's name");
    int type = r.u16("QTYPE");
    int qclass = r.u16("QCLASS");
    return new DnsQuestion(name, type, qclass);
  }

  private List<DnsRecord> section(int count, int section) throws DnsFormatException {
    if (count == 0) {
      return List.of();
    }
    List<DnsRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DnsRecord record = record(section, i);
      if (record != null) {
        records.add(record);
      }
    }
    return records;
  }

  /** One record; null if it is skipped or is the OPT record. */
  private @Nullable DnsRecord record(int section, int index) throws DnsFormatException {
    String what = SECTION_NAMES[section] + " record " + (index + 1);
    int start = r.pos();
    DnsName name = r.name(true, "the owner name of " + what);
    int type = r.u16("the TYPE of " + what);
    int rrClass = r.u16("the CLASS of " + what);
    long ttl = r.u32("the TTL of " + what);
    int rdLength = r.u16("the RDLENGTH of " + what);
    int rdStart = r.pos();
    if (rdLength > r.remaining()) {
      throw new DnsFormatException(
          rdStart - 2,
          "the RDLENGTH of "
              + what
              + " is "
              + rdLength
              + ", past the end of the message ("
              + r.remaining()
              + " bytes left)");
    }
    int rdEnd = rdStart + rdLength;
    if (type == DnsCodes.TYPE_OPT) {
      opt(section, start, name, rrClass, ttl, rdEnd);
      return null;
    }
    if (rrClass != DnsCodes.CLASS_IN || !reads(type)) {
      r.seek(rdEnd);
      return null;
    }
    int outer = r.limitTo(rdEnd);
    String typeName = DnsCodes.typeName(type);
    RData data =
        switch (type) {
          case DnsCodes.TYPE_A -> new RData.A(r.inet4(exactly(4, rdLength, what, typeName)));
          case DnsCodes.TYPE_AAAA -> new RData.Aaaa(r.inet6(exactly(16, rdLength, what, typeName)));
          case DnsCodes.TYPE_CNAME -> new RData.Cname(r.name(true, "the CNAME of " + what));
          case DnsCodes.TYPE_SOA -> soa(what);
          default -> svcb(what, rdEnd);
        };
    if (r.pos() != rdEnd) {
      throw new DnsFormatException(
          r.pos(),
          "the "
              + typeName
              + " data of "
              + what
              + " leaves "
              + (rdEnd - r.pos())
              + " of its RDLENGTH "
              + rdLength
              + " bytes unread");
    }
    r.limitTo(outer);
    // RFC 2181 section 8: a TTL with the most significant bit set counts as 0.
    return new DnsRecord(name, type, ttl > Integer.MAX_VALUE ? 0 : ttl, data);
  }

  private static boolean reads(int type) {
    return switch (type) {
      case DnsCodes.TYPE_A,
          DnsCodes.TYPE_AAAA,
          DnsCodes.TYPE_CNAME,
          DnsCodes.TYPE_SOA,
          DnsCodes.TYPE_SVCB,
          DnsCodes.TYPE_HTTPS ->
          true;
      default -> false;
    };
  }

  /** Checks that a fixed-size type's RDLENGTH is its size; returns the words for a short read. */
  private String exactly(int size, int rdLength, String what, String typeName)
      throws DnsFormatException {
    if (rdLength != size) {
      throw new DnsFormatException(
          r.pos() - 2,
          "the RDLENGTH of "
              + what
              + ", an "
              + typeName
              + " record, is "
              + rdLength
              + ", not "
              + size);
    }
    return "the address of " + what;
  }

  private RData.Soa soa(String what) throws DnsFormatException {
    DnsName mname = r.name(true, "the MNAME of " + what);
    DnsName rname = r.name(true, "the RNAME of " + what);
    return new RData.Soa(
        mname,
        rname,
        r.u32("the SERIAL of " + what),
        r.u32("the REFRESH of " + what),
        r.u32("the RETRY of " + what),
        r.u32("the EXPIRE of " + what),
        r.u32("the MINIMUM of " + what));
  }

  private RData.Svcb svcb(String what, int rdEnd) throws DnsFormatException {
    int priority = r.u16("the SvcPriority of " + what);
    DnsName target = r.name(false, "the TargetName of " + what);
    return new RData.Svcb(priority, target, SvcParams.read(r, rdEnd));
  }

  /** RFC 6891 section 6.1: the OPT pseudo-record, once, in the additional section, at the root. */
  private void opt(int section, int start, DnsName name, int udpSize, long ttl, int rdEnd)
      throws DnsFormatException {
    if (section != ADDITIONAL) {
      throw new DnsFormatException(
          start,
          "an OPT record in the " + SECTION_NAMES[section] + " section (RFC 6891 section 6.1.1)");
    }
    if (edns != null) {
      throw new DnsFormatException(start, "a second OPT record (RFC 6891 section 6.1.1)");
    }
    if (!name.isRoot()) {
      throw new DnsFormatException(
          start, "an OPT record owned by " + name + ", not the root (RFC 6891 section 6.1.2)");
    }
    int optionsStart = r.pos();
    int outer = r.limitTo(rdEnd);
    while (r.pos() < rdEnd) {
      r.u16("an EDNS option's code");
      int length = r.u16("an EDNS option's length");
      r.need(length, "an EDNS option");
      r.seek(r.pos() + length);
    }
    r.limitTo(outer);
    r.seek(optionsStart);
    Octets options = r.octets(rdEnd - optionsStart, "the EDNS options");
    edns =
        new Edns(
            udpSize, (int) (ttl >>> 24), (int) (ttl >>> 16) & 0xff, (ttl & 0x8000) != 0, options);
  }
}
