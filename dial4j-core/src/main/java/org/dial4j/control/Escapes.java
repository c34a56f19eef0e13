package org.dial4j.control;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Turning what clients send and what the loop holds into text that cannot break the framing: no
 * output line may carry a line break, and an {@code fds} field may carry no blank either, so that a
 * script can split rows on white space.
 */
final class Escapes {
  private Escapes() {}

  /** How many bytes of a bad input line an error message quotes. */
  static final int QUOTE_BYTES = 40;

  /**
   * The line as text, or null if it is binary: not UTF-8, or holding a control character other than
   * tab (a NUL, an escape sequence, a stray {@code \r}).
   */
  static @Nullable String text(byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      int c = b[i] & 0xff;
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return null;
      }
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b, 0, len));
      String s = chars.toString();
      // C1 controls (U+0080..U+009F) are valid UTF-8 but still controls.
      return s.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c)) ? null : s;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Up to {@link #QUOTE_BYTES} bytes of {@code b}, printable ASCII as is and every other byte (and
   * the quote and backslash) as {@code \xHH}, with {@code ...} if cut: safe to print inside quotes.
   */
  static String quote(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder();
    int end = off + Math.min(len, QUOTE_BYTES);
    for (int i = off; i < end; i++) {
      int c = b[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append((char) c);
      } else {
        hex(sb, c);
      }
    }
    return len > QUOTE_BYTES ? sb.append("...").toString() : sb.toString();
  }

  /** {@code s} with control characters as {@code \xHH} / {@code \\uHHHH}: one output line. */
  static String line(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        return escape(s, false);
      }
    }
    return s;
  }

  /**
   * {@code s} as one {@code fds} field: {@code -} when null or empty; white space, controls and
   * backslashes escaped, so the field is one word.
   */
  static String field(@Nullable Object o) {
    String s = o == null ? "" : o.toString();
    if (s.isEmpty()) {
      return "-";
    }
    for (int i = 0; i < s.length(); i++) {
      if (needsField(s.charAt(i))) {
        return escape(s, true);
      }
    }
    return s;
  }

  private static boolean needsField(char c) {
    return c == '\\'
        || Character.isISOControl(c)
        || Character.isWhitespace(c)
        || Character.isSpaceChar(c);
  }

  private static String escape(String s, boolean field) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean esc = field ? needsField(c) : Character.isISOControl(c) && c != '\t';
      if (!esc) {
        sb.append(c);
      } else if (c <= 0xff) {
        hex(sb, c);
      } else {
        sb.append("\\u").append(String.format("%04x", (int) c));
      }
    }
    return sb.toString();
  }

  private static void hex(StringBuilder sb, int c) {
    sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
  }
}
