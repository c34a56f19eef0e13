package org.dial4j.internal.dnsconf;

import java.util.ArrayList;
import java.util.List;

/**
 * The C library's text rules that glibc's configuration readers rely on, in the "C" locale: which
 * characters are white space, what {@code strtol} makes of a number, how {@code strcasecmp} and
 * {@code getline} see a text.
 */
final class CText {
  private CText() {}

  /** {@code isspace} in the "C" locale: space, {@code \t \n \v \f \r}. */
  static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** A blank as {@code resolv.conf}'s reader (res_init.c) takes one: space or tab only. */
  static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** {@code isdigit} in the "C" locale. */
  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The index of the first character at or after {@code from} that is not a blank. */
  static int skipBlanks(String s, int from) {
    int i = from;
    while (i < s.length() && isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index of the first blank at or after {@code from}, or the length. */
  static int toBlank(String s, int from) {
    int i = from;
    while (i < s.length() && !isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * {@code (int) strtol(s + from, NULL, 10)}: leading white space, an optional sign, then decimal
   * digits up to the first other character; no digits is 0; a value past {@code long} saturates
   * ({@code ERANGE}); the {@code long} is then cut to its low 32 bits as an {@code int} assignment
   * does on Linux (gcc's implementation-defined conversion).
   */
  static int strtolToInt(String s, int from) {
    int i = from;
    int n = s.length();
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    // Accumulated negatively, as C libraries do, so that Long.MIN_VALUE fits.
    long acc = 0;
    boolean overflow = false;
    for (; i < n && isDigit(s.charAt(i)); i++) {
      int d = s.charAt(i) - '0';
      if (overflow || acc < (Long.MIN_VALUE + d) / 10) {
        overflow = true;
      } else {
        acc = acc * 10 - d;
      }
    }
    long value;
    if (negative) {
      value = overflow ? Long.MIN_VALUE : acc;
    } else {
      value = overflow || acc == Long.MIN_VALUE ? Long.MAX_VALUE : -acc;
    }
    return (int) value;
  }

  /**
   * {@code strcasecmp(a, b) == 0} in the "C" locale: only ASCII letters fold, so no other character
   * (a Kelvin sign, a dotless i) equals a letter as it would under {@link String#equalsIgnoreCase}.
   */
  static boolean equalsAsciiIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (lower(a.charAt(i)) != lower(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /**
   * The lines {@code getline(3)} reads from a text, each without its {@code \n} and cut at its
   * first NUL (past which no C string function looks); a last line without {@code \n} is a line.
   */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      String line = text.substring(start, end);
      int nul = line.indexOf('\0');
      out.add(nul < 0 ? line : line.substring(0, nul));
      start = end + 1;
    }
    return out;
  }

  /** Whether the text's last line ends in {@code \n} (an empty text has no unended line). */
  static boolean lastLineEnded(String text) {
    return text.isEmpty() || text.charAt(text.length() - 1) == '\n';
  }
}
