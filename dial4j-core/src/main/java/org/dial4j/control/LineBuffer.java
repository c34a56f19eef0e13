package org.dial4j.control;

import java.util.Arrays;

/**
 * Cuts a session's input into lines, in a buffer that grows with the longest line seen but never
 * past the limit (plus one byte, for the {@code \r} of a {@code \r\n}): a client that sends a
 * gigabyte without a newline costs the loop {@code maxLineBytes + 1} bytes, then its session.
 */
final class LineBuffer {
  /** {@link #offer}: the line goes on. */
  static final int MORE = -1;

  /** {@link #offer}: the line is longer than the limit. */
  static final int TOO_LONG = -2;

  private final int max;
  private byte[] line;
  private int len;

  LineBuffer(int maxLineBytes) {
    this.max = maxLineBytes;
    this.line = new byte[Math.min(128, maxLineBytes + 1)];
  }

  /**
   * Takes one byte of input.
   *
   * @return the length of the line it completed (in {@link #line()}, without its {@code \r\n},
   *     valid until the next call), {@link #MORE}, or {@link #TOO_LONG}
   */
  int offer(byte b) {
    if (b == '\n') {
      int l = len;
      len = 0;
      if (l > 0 && line[l - 1] == '\r') {
        l--;
      }
      return l > max ? TOO_LONG : l;
    }
    if (len > max) {
      return TOO_LONG; // max + 1 bytes held (room for a \r) and the line still goes on
    }
    if (len == line.length) {
      line = Arrays.copyOf(line, Math.min(max + 1, line.length * 2));
    }
    line[len++] = b;
    return MORE;
  }

  /** The bytes of the line {@link #offer} just completed. */
  byte[] line() {
    return line;
  }
}
