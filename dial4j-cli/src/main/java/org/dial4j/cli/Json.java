package org.dial4j.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON writer for {@code dial4j dial --json} (and the strings of {@code dial4j storm}'s
 * line): a value made of {@link Map}s (written in their iteration order), {@link List}s, strings,
 * numbers, booleans and null, on one line.
 */
final class Json {
  private Json() {}

  /** {@code d} in milliseconds with three decimals (microseconds), as a JSON number. */
  static BigDecimal millis(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 6).setScale(3, RoundingMode.HALF_UP);
  }

  /** The value as JSON text. */
  static String write(@Nullable Object value) {
    StringBuilder sb = new StringBuilder(256);
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, @Nullable Object v) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> quote(sb, s);
      case BigDecimal b -> sb.append(b.toPlainString());
      case Integer _, Long _ -> sb.append(v);
      case Boolean b -> sb.append(b.booleanValue());
      case Map<?, ?> m -> {
        sb.append('{');
        String sep = "";
        for (Map.Entry<?, ?> e : m.entrySet()) {
          sb.append(sep);
          quote(sb, (String) e.getKey());
          sb.append(':');
          write(sb, e.getValue());
          sep = ",";
        }
        sb.append('}');
      }
      case List<?> l -> {
        sb.append('[');
        String sep = "";
        for (Object o : l) {
          sb.append(sep);
          write(sb, o);
          sep = ",";
        }
        sb.append(']');
      }
      default -> quote(sb, v.toString()); // endpoints, errno names: their text
    }
  }

  /** RFC 8259 section 7: quote, backslash and the control characters must be escaped. */
  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
