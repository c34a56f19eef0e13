package org.dial4j.internal.dnsconf;

import org.jspecify.annotations.Nullable;

/**
 * glibc's {@code __inet_aton_exact} ({@code resolv/inet_addr.c}), the IPv4 reader of {@code
 * resolv.conf}'s {@code nameserver} lines: {@code inet_aton(3)}'s BSD forms ({@code a.b.c.d},
 * {@code a.b.c} with a 16-bit last part, {@code a.b}, {@code a}; each part decimal, octal after a
 * {@code 0} or hex after {@code 0x}), and nothing after the address. {@code nameserver 127.1} is
 * 127.0.0.1 to glibc, so it is here too; {@code /etc/hosts} reads with the stricter {@code
 * inet_pton(3)} ({@link org.dial4j.IpLiterals}).
 */
final class InetAton {
  /** The largest last part after 0, 1, 2 and 3 dotted parts (inet_addr.c's {@code max}). */
  private static final long[] MAX = {0xffff_ffffL, 0xff_ffffL, 0xffffL, 0xffL};

  private InetAton() {}

  /** The 4 address bytes in network order, or null if glibc would not take the whole text. */
  static byte @Nullable [] exact(String text) {
    byte[] out = new byte[4];
    int parts = 0;
    int i = 0;
    int n = text.length();
    long value;
    while (true) {
      if (i >= n || !CText.isDigit(text.charAt(i))) {
        return null; // each part starts with a digit: no sign, no space
      }
      // strtoul(cp, &end, 0): the base from the prefix
      int base = 10;
      if (text.charAt(i) == '0') {
        boolean hex =
            i + 2 < n
                && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && Character.digit(text.charAt(i + 2), 16) >= 0
                && text.charAt(i + 2) < 0x80;
        base = hex ? 16 : 8;
        if (hex) {
          i += 2;
        }
      }
      value = 0;
      for (; i < n; i++) {
        char c = text.charAt(i);
        int d = c < 0x80 ? Character.digit(c, base) : -1;
        if (d < 0) {
          break;
        }
        value = value * base + d;
        if (value > 0xffff_ffffL) {
          return null; // inet_aton_end: ul > 0xffffffff (or ERANGE)
        }
      }
      if (i < n && text.charAt(i) == '.') {
        if (parts > 2 || value > 0xff) {
          return null;
        }
        out[parts++] = (byte) value;
        i++;
        continue;
      }
      break;
    }
    if (i != n || value > MAX[parts]) {
      return null; // a trailing character (exact: the whole text), or a last part too large
    }
    for (int b = 3; b >= parts; b--) {
      out[b] = (byte) value;
      value >>>= 8;
    }
    return out;
  }
}
