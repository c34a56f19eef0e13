package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The control port's line cutting and escaping, byte by byte, without sockets. */
class ControlLineBufferTest {

  /** Feeds {@code input}; the lines it completes, and "TOO_LONG" where the limit was passed. */
  private static List<String> feed(int max, String input) {
    LineBuffer b = new LineBuffer(max);
    List<String> out = new ArrayList<>();
    for (byte x : input.getBytes(StandardCharsets.ISO_8859_1)) {
      int l = b.offer(x);
      if (l == LineBuffer.TOO_LONG) {
        out.add("TOO_LONG");
        break;
      }
      if (l >= 0) {
        out.add(new String(b.line(), 0, l, StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "control port: lines end at \\n, a \\r before it is dropped, the limit counts neither")
  void lines() {
    assertThat(feed(8, "help\nfds\r\n\nx")).containsExactly("help", "fds", "");
    assertThat(feed(4, "abcd\r\nabcd\n")).containsExactly("abcd", "abcd");
    assertThat(feed(4, "abcde\n")).containsExactly("TOO_LONG");
    assertThat(feed(4, "abcd\rx")).containsExactly("TOO_LONG");
    assertThat(feed(4, "abcdef")).containsExactly("TOO_LONG");
    assertThat(feed(1000, "a".repeat(1000) + "\n")).containsExactly("a".repeat(1000));
    assertThat(feed(1, "\r\n")).containsExactly("");
  }

  @Test
  @DisplayName("control port: binary lines are told apart and quoted printable, cut at 40 bytes")
  void escapes() {
    byte[] nul = {'a', 0, 'b'};
    assertThat(Escapes.text(nul, 3)).isNull();
    byte[] ff = {(byte) 0xff, 'a'};
    assertThat(Escapes.text(ff, 2)).isNull();
    byte[] c1 = "\u0085x".getBytes(StandardCharsets.UTF_8);
    assertThat(Escapes.text(c1, c1.length)).isNull();
    byte[] ok = "log\tdebug \u00e9".getBytes(StandardCharsets.UTF_8);
    assertThat(Escapes.text(ok, ok.length)).isEqualTo("log\tdebug \u00e9");
    byte[] many = new byte[100];
    assertThat(Escapes.quote(many, 0, 100)).isEqualTo("\\x00".repeat(40) + "...");
    assertThat(Escapes.line("a\r\nb\tc\u0085")).isEqualTo("a\\x0d\\x0ab\tc\\x85");
    assertThat(Escapes.field(null)).isEqualTo("-");
    assertThat(Escapes.field("a b\\c\u2028")).isEqualTo("a\\x20b\\x5cc\\u2028");
    assertThat(FdsTable.seconds(java.time.Duration.ofMillis(12_045))).isEqualTo("12.045");
    assertThat(FdsTable.seconds(java.time.Duration.ofMillis(7))).isEqualTo("0.007");
    for (long v : new long[] {0, 9, 10, 99, 100, -1, -10, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(FdsTable.digits(v)).as("digits of %d", v).isEqualTo(Long.toString(v).length());
    }
    assertThat(ControlSession.human(java.time.Duration.ofMinutes(5))).isEqualTo("5 min");
  }
}
