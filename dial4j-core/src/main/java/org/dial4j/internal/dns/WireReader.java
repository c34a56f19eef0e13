package org.dial4j.internal.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one received message that checks every read against a limit (the message's end, or
 * the end of the record being read) before it reads, and reads names with their compression
 * pointers under the rules below. Each failure is a {@link DnsFormatException} naming the byte. One
 * reader per message, on one thread.
 */
final class WireReader {
  /** The header's length; no name starts in it (RFC 1035 section 4.1.1). */
  static final int HEADER = 12;

  /**
   * The most compression pointers one name may follow. The pointers already go strictly backwards
   * (below), so they cannot loop; this bounds the work a chain of pointers to pointers could make
   * (up to 8191 jumps in 16 KiB). A name of 255 bytes has at most 127 labels, and an encoder has no
   * reason to jump more than once per label. Go's net/dnsmessage ({@code Name.unpack}) allows 10
   * and miekg/dns 126 ({@code maxCompressionPointers}).
   */
  static final int MAX_JUMPS = 127;

  private final byte[] message;
  private final int length;
  private final byte[] scratch = new byte[DnsName.MAX_WIRE];
  private int limit;
  private int pos;

  /** Reads {@code message[0, length)}; the caller has checked the range. */
  WireReader(byte[] message, int length) {
    this.message = message;
    this.length = length;
    this.limit = length;
  }

  /** The offset of the next read. */
  int pos() {
    return pos;
  }

  /** The bytes left before the limit. */
  int remaining() {
    return limit - pos;
  }

  /** The message's length. */
  int length() {
    return length;
  }

  /** Moves the cursor to {@code at}, which the caller has checked is within the limit. */
  void seek(int at) {
    pos = at;
  }

  /**
   * Reads up to {@code newLimit} only (the end of a record's data, checked by the caller to be
   * within the message) until set back; returns the limit it replaces.
   */
  int limitTo(int newLimit) {
    int old = limit;
    limit = newLimit;
    return old;
  }

  /** Fails unless {@code n} more bytes are there to read. */
  void need(int n, String what) throws DnsFormatException {
    if (n > limit - pos) {
      throw new DnsFormatException(
          pos,
          what
              + " needs "
              + n
              + " bytes, "
              + (limit - pos)
              + " are left"
              + (limit < length ? " in its record" : ""));
    }
  }

  int u8(String what) throws DnsFormatException {
    need(1, what);
    return message[pos++] & 0xff;
  }

  int u16(String what) throws DnsFormatException {
    need(2, what);
    int v = (message[pos] & 0xff) << 8 | (message[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  long u32(String what) throws DnsFormatException {
    need(4, what);
    long v =
        (long) (message[pos] & 0xff) << 24
            | (message[pos + 1] & 0xff) << 16
            | (message[pos + 2] & 0xff) << 8
            | (message[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  /** The next {@code n} bytes, copied. */
  byte[] bytes(int n, String what) throws DnsFormatException {
    need(n, what);
    byte[] b = Arrays.copyOfRange(message, pos, pos + n);
    pos += n;
    return b;
  }

  /** The next 4 bytes, as an IPv4 address (no host name, never looked up). */
  Inet4Address inet4(String what) throws DnsFormatException {
    byte[] b = bytes(4, what);
    try {
      return (Inet4Address) InetAddress.getByAddress(null, b);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are an IPv4 address", e);
    }
  }

  /**
   * The next 16 bytes, as an IPv6 address (no host name, no scope). An IPv4-mapped address stays an
   * {@link Inet6Address}, where {@link InetAddress#getByAddress(byte[])} would make it an {@link
   * Inet4Address}: an AAAA record is IPv6 whatever it holds.
   */
  Inet6Address inet6(String what) throws DnsFormatException {
    byte[] b = bytes(16, what);
    try {
      return Inet6Address.getByAddress(null, b, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes are an IPv6 address", e);
    }
  }

  /** The next {@code n} bytes as text, one character per byte (ISO 8859-1, which loses none). */
  String latin1(int n, String what) throws DnsFormatException {
    need(n, what);
    String s = new String(message, pos, n, StandardCharsets.ISO_8859_1);
    pos += n;
    return s;
  }

  /** The next {@code n} bytes, as octets. */
  Octets octets(int n, String what) throws DnsFormatException {
    need(n, what);
    Octets o = Octets.copyOf(message, pos, pos + n);
    pos += n;
    return o;
  }

  /**
   * Reads a name (RFC 1035 section 4.1.4): labels, ended by the root's zero byte or by a pointer to
   * the rest of the name earlier in the message. The cursor ends after the name's own bytes (after
   * its first pointer, if it has one).
   *
   * <p>The guards, after c-ares ({@code ares_dns_name_parse}) and Go's net/dnsmessage ({@code
   * Name.unpack}): a pointer must point before every byte this name has read so far (RFC 1035's
   * "prior occurrence"; c-ares's {@code label_start} rule), so pointers can neither point forward,
   * nor at themselves, nor loop; no more than {@link #MAX_JUMPS} of them; never into the header;
   * the name stops at 255 bytes as it is read, whatever the pointers add (RFC 1035 section 2.3.4);
   * a length byte of the reserved forms {@code 01} and {@code 10} (64 to 191: a label over 63
   * bytes, or RFC 6891 section 5's extended label types, which nobody sends) is an error; and every
   * byte read is inside the limit.
   *
   * @param compressible false for a name whose type forbids compression (RFC 3597 section 4: every
   *     type after RFC 1035's; RFC 9460 section 2.2 for SVCB's TargetName), as c-ares checks
   *     ({@code ares_dns_rec_allow_name_comp})
   * @param what what the name is, for the failure's words
   */
  DnsName name(boolean compressible, String what) throws DnsFormatException {
    int p = pos;
    int lowest = pos;
    int resume = -1;
    int jumps = 0;
    int n = 0;
    while (true) {
      if (p >= limit) {
        throw new DnsFormatException(
            p,
            what + " runs past the end" + (limit < length ? " of its record" : " of the message"));
      }
      int c = message[p] & 0xff;
      if (c == 0) {
        scratch[n++] = 0;
        p++;
        break;
      }
      switch (c & 0xc0) {
        case 0x00 -> {
          if (n + 1 + c + 1 > DnsName.MAX_WIRE) {
            throw new DnsFormatException(p, what + " is longer than 255 bytes");
          }
          if (1 + c > limit - p) {
            throw new DnsFormatException(
                p, "a label of " + c + " bytes in " + what + " runs past the end");
          }
          System.arraycopy(message, p, scratch, n, 1 + c);
          n += 1 + c;
          p += 1 + c;
        }
        case 0xc0 -> {
          if (!compressible) {
            throw new DnsFormatException(p, what + " is compressed, which its record type forbids");
          }
          if (2 > limit - p) {
            throw new DnsFormatException(p, "a compression pointer in " + what + " is cut short");
          }
          int target = (c & 0x3f) << 8 | (message[p + 1] & 0xff);
          if (target >= lowest) {
            throw new DnsFormatException(
                p,
                "a compression pointer in "
                    + what
                    + " points to "
                    + target
                    + ", not before "
                    + lowest);
          }
          if (target < HEADER) {
            throw new DnsFormatException(
                p, "a compression pointer in " + what + " points into the header");
          }
          if (++jumps > MAX_JUMPS) {
            throw new DnsFormatException(
                p, what + " follows more than " + MAX_JUMPS + " compression pointers");
          }
          if (resume < 0) {
            resume = p + 2;
          }
          p = target;
          lowest = target;
        }
        default ->
            throw new DnsFormatException(
                p,
                "length byte "
                    + c
                    + " in "
                    + what
                    + " is neither a label of 1 to 63 bytes nor a pointer: its top bits "
                    + (c >= 0x80
                        ? "10 are reserved (RFC 1035 section 4.1.4)"
                        : "01 are an extended label type (RFC 6891 section 5), not read"));
      }
    }
    pos = resume < 0 ? p : resume;
    return DnsName.ofCheckedWire(Arrays.copyOf(scratch, n));
  }
}
