package org.dial4j.cli;

import java.util.OptionalLong;

/**
 * The C library's {@code strtol(text, &end, 10)} as the Solaris example program uses it to read its
 * port: the program rejects the text when {@code errno} is set (ERANGE, the value does not fit a
 * {@code long}) or when {@code *end} is not the terminating NUL (something follows the number).
 *
 * <p>The page prints the test as {@code *eptr != ' '}; the typesetting lost the backslash of {@code
 * '\0'}, since comparing with a space would reject every well-formed port.
 */
final class Strtol {
  private Strtol() {}

  /**
   * Reads {@code text} as the example program does: optional leading white space (C's {@code
   * isspace}: space, tab, newline, vertical tab, form feed, carriage return), an optional {@code +}
   * or {@code -}, decimal digits, and nothing after them.
   *
   * <p>Like {@code strtol}, a text with no digits at all converts nothing, gives 0 and leaves
   * {@code end} at its start: so the empty text reads as 0 (the program then says {@code invalid
   * port: 0}), while {@code "+"} or {@code " "} leave a character at {@code end} and are rejected.
   *
   * @return the value, or empty where the program prints {@code failed to parse port}
   */
  static OptionalLong parseLong(String text) {
    int n = text.length();
    int i = 0;
    while (i < n && isCSpace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    int digitsFrom = i;
    long value = 0; // accumulated as a negative number, so Long.MIN_VALUE fits
    boolean overflow = false;
    while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      int d = text.charAt(i) - '0';
      if (value < (Long.MIN_VALUE + d) / 10) {
        overflow = true; // strtol reads on to the last digit, then reports ERANGE
      } else {
        value = value * 10 - d;
      }
      i++;
    }
    if (i == digitsFrom) {
      // No conversion: the value is 0 and end is the start of the text, not after the spaces.
      return text.isEmpty() ? OptionalLong.of(0) : OptionalLong.empty();
    }
    if (overflow || i != n || (!negative && value == Long.MIN_VALUE)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(negative ? value : -value);
  }

  private static boolean isCSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }
}
