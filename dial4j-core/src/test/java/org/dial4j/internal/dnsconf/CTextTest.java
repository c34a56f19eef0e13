package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The C library's text rules the readers rely on. */
class CTextTest {

  @Test
  @DisplayName("strtol: white space, a sign, digits to the first other character; 0 without digits")
  void strtol() {
    assertThat(CText.strtolToInt("5", 0)).isEqualTo(5);
    assertThat(CText.strtolToInt(" \t\n7x", 0)).isEqualTo(7);
    assertThat(CText.strtolToInt("-1", 0)).isEqualTo(-1);
    assertThat(CText.strtolToInt("+3", 0)).isEqualTo(3);
    assertThat(CText.strtolToInt("invalid", 0)).isZero();
    assertThat(CText.strtolToInt("", 0)).isZero();
    assertThat(CText.strtolToInt("- 1", 0)).as("no space after the sign").isZero();
    assertThat(CText.strtolToInt("ndots:12", 6)).isEqualTo(12);
  }

  @Test
  @DisplayName("strtol's long is cut to its low 32 bits as an int, and saturates past a long")
  void strtolRange() {
    assertThat(CText.strtolToInt("4294967299", 0)).isEqualTo(3);
    assertThat(CText.strtolToInt("2147483648", 0)).isEqualTo(Integer.MIN_VALUE);
    assertThat(CText.strtolToInt("9223372036854775807", 0)).isEqualTo(-1);
    assertThat(CText.strtolToInt("99999999999999999999", 0)).as("LONG_MAX").isEqualTo(-1);
    assertThat(CText.strtolToInt("-9223372036854775808", 0)).as("LONG_MIN").isZero();
    assertThat(CText.strtolToInt("-99999999999999999999", 0)).as("LONG_MIN").isZero();
  }

  @Test
  @DisplayName("isspace is space, tab, newline, vertical tab, form feed and carriage return")
  void space() {
    assertThat(" \t\n\u000b\f\r".chars().allMatch(c -> CText.isSpace((char) c))).isTrue();
    assertThat(CText.isSpace('\u00a0')).as("no-break space is not C's").isFalse();
    assertThat(CText.isBlank('\r')).isFalse();
  }

  @Test
  @DisplayName("strcasecmp folds ASCII letters only")
  void caseFold() {
    assertThat(CText.equalsAsciiIgnoreCase("LocalHost", "localhost")).isTrue();
    assertThat(CText.equalsAsciiIgnoreCase("\u212a", "k")).as("Kelvin sign").isFalse();
    assertThat(CText.equalsAsciiIgnoreCase("a", "ab")).isFalse();
  }

  @Test
  @DisplayName("getline's lines: no newline kept, a last line without one counted, cut at NUL")
  void lines() {
    assertThat(CText.lines("a\nb")).containsExactly("a", "b");
    assertThat(CText.lines("a\n\nb\n")).containsExactly("a", "", "b");
    assertThat(CText.lines("")).isEmpty();
    assertThat(CText.lines("ab\0cd\ne")).containsExactly("ab", "e");
    assertThat(CText.lastLineEnded("a\n")).isTrue();
    assertThat(CText.lastLineEnded("a")).isFalse();
  }
}
