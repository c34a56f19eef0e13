package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Strtol}: glibc's {@code strtol(s, &end, 10)} with the example program's end check. */
class StrtolTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "80|80",
        "'  80'|80",
        "'\t\n\u000b\f\r80'|80",
        "+80|80",
        "-80|-80",
        "0080|80",
        "''|0",
        "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808"
      })
  @DisplayName("Solaris connect(3SOCKET) example: strtol reads spaces, a sign and decimal digits")
  void reads(String text, long value) {
    assertThat(Strtol.parseLong(text)).isEqualTo(OptionalLong.of(value));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "80 ",
        "80x",
        "x80",
        "+",
        "-",
        " ",
        "+-1",
        "0x10",
        "1e3",
        "١٢",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999"
      })
  @DisplayName(
      "Solaris connect(3SOCKET) example: something after the digits, no digits after a sign or"
          + " space, or ERANGE fails")
  void rejects(String text) {
    assertThat(Strtol.parseLong(text)).isEmpty();
  }
}
