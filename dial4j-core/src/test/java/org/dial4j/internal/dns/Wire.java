package org.dial4j.internal.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Hand-built DNS messages for the tests: hex lines with comments (as RFC 9460's Appendix D writes
 * its vectors), or a builder that appends fields and reports offsets for pointers.
 */
final class Wire {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /**
   * The bytes of hex lines: whitespace ignored, each line's text after {@code ;} a comment.
   *
   * @param lines e.g. {@code "00 01 ; priority"}
   */
  static byte[] hex(String... lines) {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      int semi = line.indexOf(';');
      sb.append((semi < 0 ? line : line.substring(0, semi)).replaceAll("\\s", ""));
    }
    return HexFormat.of().parseHex(sb.toString());
  }

  /** A message starting with a header: ID, flags and the four counts. */
  static Wire header(int id, int flags, int qd, int an, int ns, int ar) {
    return new Wire().u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }

  /** The offset the next byte will have. */
  int at() {
    return out.size();
  }

  Wire u8(int v) {
    out.write(v);
    return this;
  }

  Wire u16(int v) {
    return u8(v >>> 8).u8(v & 0xff);
  }

  Wire u32(long v) {
    return u16((int) (v >>> 16)).u16((int) (v & 0xffff));
  }

  Wire bytes(byte... b) {
    out.writeBytes(b);
    return this;
  }

  Wire hexBytes(String... lines) {
    return bytes(hex(lines));
  }

  /** Labels of the dotted text (no escapes), without the root's zero byte. */
  Wire labels(String dotted) {
    for (String label : dotted.split("\\.", -1)) {
      if (!label.isEmpty()) {
        byte[] b = label.getBytes(StandardCharsets.ISO_8859_1);
        u8(b.length).bytes(b);
      }
    }
    return this;
  }

  /** A whole uncompressed name, with the root's zero byte. */
  Wire name(String dotted) {
    return labels(dotted).u8(0);
  }

  /** A compression pointer to {@code offset}. */
  Wire pointer(int offset) {
    return u16(0xc000 | offset);
  }

  /** A question of class IN. */
  Wire question(String dotted, int type) {
    return name(dotted).u16(type).u16(DnsCodes.CLASS_IN);
  }

  /** A record's TYPE, CLASS IN, TTL and RDLENGTH, after its owner name. */
  Wire rrHeader(int type, long ttl, int rdLength) {
    return u16(type).u16(DnsCodes.CLASS_IN).u32(ttl).u16(rdLength);
  }

  byte[] build() {
    return out.toByteArray();
  }
}
