package org.dial4j.loop;

import java.util.StringJoiner;

/** Renders a bit set with one name per bit, for {@link Status} and {@link FdFlags}. */
final class Bits {
  private Bits() {}

  static String describe(int bits, String[] names) {
    if (bits == 0) {
      return "0";
    }
    StringJoiner j = new StringJoiner("|");
    int rest = bits;
    for (int i = 0; i < names.length; i++) {
      if ((bits & (1 << i)) != 0) {
        j.add(names[i]);
        rest &= ~(1 << i);
      }
    }
    if (rest != 0) {
      j.add("0x" + Integer.toHexString(rest));
    }
    return j.toString();
  }
}
