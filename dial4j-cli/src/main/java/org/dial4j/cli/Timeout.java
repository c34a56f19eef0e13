package org.dial4j.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A timeout as the user typed it ({@code 2s}, {@code 500ms}, {@code 1.5s}) and its length. The text
 * is kept so that messages repeat the user's own words.
 *
 * @param text the text as typed, trimmed
 * @param duration its length; positive
 */
record Timeout(String text, Duration duration) {

  /** A number, possibly with a fraction, then one unit: Go's {@code time.ParseDuration} units. */
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /**
   * Reads a timeout.
   *
   * @throws IllegalArgumentException naming the text when it is not a positive duration
   */
  static Timeout parse(String text) {
    String t = text.trim();
    Matcher m = FORM.matcher(t.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a duration such as 2s, 500ms or 1.5s (units: ns, us, ms, s, m, h)");
    }
    BigDecimal nanosPerUnit =
        BigDecimal.valueOf(
            switch (m.group(2)) {
              case "ns" -> 1L;
              case "us", "µs" -> 1_000L;
              case "ms" -> 1_000_000L;
              case "s" -> 1_000_000_000L;
              case "m" -> 60_000_000_000L;
              default -> 3_600_000_000_000L; // h
            });
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(nanosPerUnit);
    if (nanos.signum() == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a positive duration");
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too long (at most about 292 years)");
    }
    // Round a fraction of a nanosecond up, so that the wait is never shorter than asked.
    return new Timeout(
        t, Duration.ofNanos(nanos.setScale(0, RoundingMode.CEILING).longValueExact()));
  }

  @Override
  public String toString() {
    return text;
  }

  /** The picocli converter for {@code -t/--timeout}. */
  static final class Converter implements ITypeConverter<Timeout> {
    @Override
    public Timeout convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
