package org.dial4j;

import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals read with the exact rules of glibc's {@code inet_pton(3)} and written as RFC
 * 5952 says.
 *
 * <p>Reading never consults DNS and accepts none of the BSD shorthands that {@code inet_aton(3)}
 * allows ({@code 127.1}, {@code 0x7f.1}, {@code 017.0.0.1}): a string the C library would not take
 * as an address is not taken here either, so an address typed on a command line means the same
 * thing to dial4j as to any C program on the machine.
 */
public final class IpLiterals {
  private static final int V4 = 4;
  private static final int V6 = 16;

  private IpLiterals() {}

  /**
   * Reads an IPv4 literal as {@code inet_pton(AF_INET, text)} does: exactly four decimal octets
   * 0..255 separated by dots, with no leading zeros, signs, spaces or shorthand.
   *
   * @param text the literal, e.g. {@code 192.0.2.1}; may be null
   * @return the 4 address bytes in network order, or empty if {@code text} is not such a literal
   */
  public static Optional<byte[]> parseIpv4(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    byte[] out = new byte[V4];
    return parseIpv4Into(text, 0, out, 0) ? Optional.of(out) : Optional.empty();
  }

  /**
   * Reads an IPv6 literal as {@code inet_pton(AF_INET6, text)} does: eight groups of one to four
   * hex digits (either case), at most one {@code ::} standing for one or more zero groups, and
   * optionally a dotted quad in place of the last two groups ({@code ::ffff:192.0.2.1}). A zone
   * ({@code %eth0}) is not part of the literal and is rejected.
   *
   * @param text the literal, e.g. {@code 2001:db8::1}; may be null
   * @return the 16 address bytes in network order, or empty if {@code text} is not such a literal
   */
  public static Optional<byte[]> parseIpv6(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    byte[] out = new byte[V6];
    return parseIpv6Into(text, out) ? Optional.of(out) : Optional.empty();
  }

  /**
   * Writes an address: a dotted quad for 4 bytes; for 16 bytes the RFC 5952 form (lower case, no
   * leading zeros, the longest run of two or more zero groups as {@code ::}, the first such run on
   * a tie, and {@code ::ffff:a.b.c.d} for an IPv4-mapped address).
   *
   * @param address 4 or 16 bytes in network order
   * @return the canonical text, which the matching parse method reads back to the same bytes
   * @throws IllegalArgumentException if {@code address} is not 4 or 16 bytes long
   */
  public static String format(byte[] address) {
    if (address == null || (address.length != V4 && address.length != V6)) {
      throw new IllegalArgumentException(
          "an IP address has 4 or 16 bytes, not "
              + (address == null ? "null" : Integer.toString(address.length)));
    }
    return address.length == V4 ? formatIpv4(address, 0) : formatIpv6(address);
  }

  /** Whether 16 bytes are an IPv4-mapped address, {@code ::ffff:0:0/96}. */
  static boolean isV4Mapped(byte[] a) {
    if (a.length != V6) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /**
   * glibc's {@code inet_pton4} on {@code text} from {@code from} to the end, writing 4 bytes at
   * {@code out[at]}. Shared with the IPv6 reader for a trailing dotted quad.
   */
  private static boolean parseIpv4Into(String text, int from, byte[] out, int at) {
    int octets = 0;
    int value = 0;
    boolean sawDigit = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (sawDigit && value == 0) {
          return false; // a leading zero: inet_aton would read it as octal, so refuse it
        }
        value = value * 10 + (c - '0');
        if (value > 255) {
          return false;
        }
        if (!sawDigit) {
          if (++octets > 4) {
            return false;
          }
          sawDigit = true;
        }
      } else if (c == '.' && sawDigit) {
        if (octets == 4) {
          return false;
        }
        out[at + octets - 1] = (byte) value;
        value = 0;
        sawDigit = false;
      } else {
        return false;
      }
    }
    if (octets < 4 || !sawDigit) {
      return false;
    }
    out[at + 3] = (byte) value;
    return true;
  }

  /** glibc's {@code inet_pton6}, step for step, so that the corner cases agree. */
  private static boolean parseIpv6Into(String text, byte[] out) {
    int n = text.length();
    int i = 0;
    if (n == 0) {
      return false;
    }
    if (text.charAt(0) == ':') {
      // A leading colon must be the start of "::".
      if (n == 1 || text.charAt(1) != ':') {
        return false;
      }
      i = 1;
    }
    int tp = 0; // next byte of out to fill
    int colonp = -1; // where "::" was seen, as a byte offset
    int curtok = i; // start of the current group, for a trailing dotted quad
    int digits = 0;
    int value = 0;
    while (i < n) {
      char c = text.charAt(i++);
      int d = Character.digit(c, 16);
      if (d >= 0 && c < 0x80) {
        if (digits == 4) {
          return false;
        }
        value = (value << 4) | d;
        digits++;
        continue;
      }
      if (c == ':') {
        curtok = i;
        if (digits == 0) {
          if (colonp >= 0) {
            return false; // a second "::"
          }
          colonp = tp;
          continue;
        }
        if (i == n || tp + 2 > V6) {
          return false; // a trailing single colon, or too many groups
        }
        out[tp++] = (byte) (value >> 8);
        out[tp++] = (byte) value;
        digits = 0;
        value = 0;
        continue;
      }
      if (c == '.' && tp + V4 <= V6 && parseIpv4Into(text, curtok, out, tp)) {
        tp += V4;
        digits = 0;
        break; // the dotted quad ran to the end of the text
      }
      return false;
    }
    if (digits > 0) {
      if (tp + 2 > V6) {
        return false;
      }
      out[tp++] = (byte) (value >> 8);
      out[tp++] = (byte) value;
    }
    if (colonp >= 0) {
      if (tp == V6) {
        return false; // "::" must stand for at least one zero group
      }
      int tail = tp - colonp;
      System.arraycopy(out, colonp, out, V6 - tail, tail);
      Arrays.fill(out, colonp, V6 - tail, (byte) 0);
      tp = V6;
    }
    return tp == V6;
  }

  private static String formatIpv4(byte[] a, int at) {
    return (a[at] & 0xff)
        + "."
        + (a[at + 1] & 0xff)
        + "."
        + (a[at + 2] & 0xff)
        + "."
        + (a[at + 3] & 0xff);
  }

  private static String formatIpv6(byte[] a) {
    if (isV4Mapped(a)) {
      return "::ffff:" + formatIpv4(a, 12); // RFC 5952 section 5
    }
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = ((a[2 * g] & 0xff) << 8) | (a[2 * g + 1] & 0xff);
    }
    // The longest run of zero groups; a strictly longer run wins, so the first one wins a tie.
    int bestStart = -1;
    int bestLen = 1; // a single zero group is never compressed (RFC 5952 section 4.2.2)
    for (int g = 0; g < 8; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < 8 && groups[g] == 0) {
        g++;
      }
      if (g - start > bestLen) {
        bestStart = start;
        bestLen = g - start;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        sb.append("::");
        g += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[g]));
    }
    return sb.toString();
  }
}
