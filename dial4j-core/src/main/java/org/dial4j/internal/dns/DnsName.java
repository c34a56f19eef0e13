package org.dial4j.internal.dns;

import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;

/**
 * A domain name as the wire carries it, uncompressed (RFC 1035 section 3.1): labels of 1 to 63
 * bytes, each after its length byte, then the zero byte of the root; 255 bytes at most in all
 * (section 2.3.4). The bytes are kept as given, case included (a question keeps the case it was
 * asked in), but names compare without regard to the case of ASCII letters, and of nothing else
 * (RFC 4343 section 3). Immutable.
 */
public final class DnsName {
  /** The longest name, in wire form (RFC 1035 section 2.3.4). */
  static final int MAX_WIRE = 255;

  /** The longest label (RFC 1035 section 2.3.4). */
  static final int MAX_LABEL = 63;

  /** The root, {@code .}: the one zero byte. */
  public static final DnsName ROOT = new DnsName(new byte[] {0});

  /** Length bytes, zero-terminated; checked by whoever made it. */
  private final byte[] wire;

  private DnsName(byte[] wire) {
    this.wire = wire;
  }

  /** A name from wire bytes the caller has checked (labels 1..63, 255 bytes, one final zero). */
  static DnsName ofCheckedWire(byte[] wire) {
    return wire.length == 1 ? ROOT : new DnsName(wire);
  }

  /**
   * Reads a name as a host name is written: labels separated by dots, one trailing dot allowed
   * ({@code example.com} and {@code example.com.} are one name), {@code .} alone the root. A label
   * is 1 to 63 printable ASCII characters other than the dot and the backslash (no escapes are
   * read); an internationalized name must be given in its A-label form ({@code xn--...}, RFC 5891
   * section 4). The case is kept.
   *
   * @param text the name
   * @return the name
   * @throws InvalidArgumentException with EINVAL naming the input if it is not such a name
   */
  public static DnsName parse(String text) {
    if (text.equals(".")) {
      return ROOT;
    }
    int end = text.endsWith(".") ? text.length() - 1 : text.length();
    if (end == 0) {
      throw bad(text, "the name is empty");
    }
    // One length byte per label plus its characters, and the root's zero byte: the dots of the
    // text become the length bytes, so the wire form is the text's length plus 2.
    int wireLength = end + 2;
    if (wireLength > MAX_WIRE) {
      throw bad(text, "the name is " + wireLength + " bytes long in wire form, more than 255");
    }
    byte[] wire = new byte[wireLength];
    int labelStart = 0;
    for (int i = 0; i <= end; i++) {
      char c = i < end ? text.charAt(i) : '.';
      if (c == '.') {
        int length = i - labelStart;
        if (length == 0) {
          throw bad(text, "the name has an empty label");
        }
        if (length > MAX_LABEL) {
          throw bad(text, "a label is " + length + " bytes long, more than 63");
        }
        wire[labelStart] = (byte) length;
        labelStart = i + 1;
      } else if (c > 0x7f) {
        throw bad(
            text,
            "the name has the non-ASCII character '"
                + c
                + "' (give an internationalized name in its xn-- form)");
      } else if (c <= 0x20 || c == 0x7f || c == '\\') {
        throw bad(text, "the name has the character " + (int) c + ", which a label cannot hold");
      } else {
        wire[i + 1] = (byte) c;
      }
    }
    return new DnsName(wire);
  }

  private static InvalidArgumentException bad(String text, String why) {
    return new InvalidArgumentException(Errno.EINVAL, text, why);
  }

  /** The number of bytes of the wire form, 1 (the root) to 255. */
  public int wireLength() {
    return wire.length;
  }

  /** The number of labels, 0 for the root. */
  public int labelCount() {
    int count = 0;
    for (int i = 0; wire[i] != 0; i += 1 + wire[i]) {
      count++;
    }
    return count;
  }

  /** Whether this is the root, {@code .}. */
  public boolean isRoot() {
    return wire.length == 1;
  }

  /** A copy of the wire form, uncompressed. */
  public byte[] toWire() {
    return wire.clone();
  }

  /** Writes the wire form into {@code out} at {@code at}; returns the offset after it. */
  int writeTo(byte[] out, int at) {
    System.arraycopy(wire, 0, out, at, wire.length);
    return at + wire.length;
  }

  /**
   * Whether this name is {@code ancestor} or below it ({@code www.example.com} is below {@code
   * example.com} and below the root), without regard to case.
   */
  public boolean isAtOrBelow(DnsName ancestor) {
    int offset = wire.length - ancestor.wire.length;
    if (offset < 0) {
      return false;
    }
    // The suffix must start at a label of this name, not inside one.
    int at = 0;
    while (at < offset) {
      at += 1 + wire[at];
    }
    return at == offset && sameIgnoringCase(wire, offset, ancestor.wire);
  }

  /** Equal names, without regard to the case of ASCII letters (RFC 4343 section 3). */
  @Override
  public boolean equals(Object o) {
    return o instanceof DnsName other
        && other.wire.length == wire.length
        && sameIgnoringCase(wire, 0, other.wire);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (byte b : wire) {
      h = 31 * h + fold(b);
    }
    return h;
  }

  /** Whether {@code a[from...]} and all of {@code b} are the same bytes, ASCII letters folded. */
  private static boolean sameIgnoringCase(byte[] a, int from, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      // Length bytes (0..63) are below 'A' and so never folded: folding every byte is safe.
      if (fold(a[from + i]) != fold(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static int fold(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  /**
   * The presentation form (RFC 1035 section 5.1), with its trailing dot: {@code www.example.com.},
   * {@code .} for the root. A dot or a backslash inside a label is written {@code \.} or {@code
   * \\}, a byte outside printable ASCII as {@code \DDD} (three decimal digits), so no two names
   * read the same.
   */
  @Override
  public String toString() {
    if (isRoot()) {
      return ".";
    }
    StringBuilder sb = new StringBuilder(wire.length + 8);
    for (int i = 0; wire[i] != 0; ) {
      int end = i + 1 + wire[i];
      for (int j = i + 1; j < end; j++) {
        int b = wire[j] & 0xff;
        if (b == '.' || b == '\\') {
          sb.append('\\').append((char) b);
        } else if (b <= 0x20 || b > 0x7e) {
          sb.append('\\').append((char) ('0' + b / 100));
          sb.append((char) ('0' + b / 10 % 10)).append((char) ('0' + b % 10));
        } else {
          sb.append((char) b);
        }
      }
      sb.append('.');
      i = end;
    }
    return sb.toString();
  }
}
