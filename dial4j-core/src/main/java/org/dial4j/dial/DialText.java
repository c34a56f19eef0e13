package org.dial4j.dial;

import java.time.Duration;
import org.dial4j.Family;

/** How a dial's messages and events write a family and a time. */
final class DialText {
  private DialText() {}

  /** {@code IPv4} or {@code IPv6}: how a dial's texts name a family. */
  static String family(Family f) {
    return f == Family.INET ? "IPv4" : "IPv6";
  }

  /**
   * {@code 250 ms} or {@code 0.245 ms}: whole milliseconds, else three decimals (microseconds,
   * truncated). Written by hand: {@code String.format} loads and initializes its Formatter the
   * first time, milliseconds of cold code on the loop thread as a dial's error is built.
   */
  static String millis(Duration d) {
    long us = d.toNanos() / 1000;
    if (us % 1000 == 0) {
      return us / 1000 + " ms";
    }
    long abs = Math.abs(us);
    long frac = abs % 1000;
    return (us < 0 ? "-" : "")
        + abs / 1000
        + "."
        + (frac < 100 ? frac < 10 ? "00" : "0" : "")
        + frac
        + " ms";
  }
}
