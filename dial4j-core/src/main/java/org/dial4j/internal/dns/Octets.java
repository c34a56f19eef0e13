package org.dial4j.internal.dns;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable string of bytes, for the values this codec keeps without reading them: an ECH
 * configuration list, an unknown SvcParam, the options of an OPT record. Equal when the bytes are.
 */
public final class Octets {
  /** No bytes. */
  public static final Octets EMPTY = new Octets(new byte[0]);

  private final byte[] bytes;

  private Octets(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Octets of(byte... bytes) {
    return bytes.length == 0 ? EMPTY : new Octets(bytes.clone());
  }

  /** A copy of {@code source[from, to)}; the caller has checked the range. */
  static Octets copyOf(byte[] source, int from, int to) {
    return from == to ? EMPTY : new Octets(Arrays.copyOfRange(source, from, to));
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** The byte at {@code index}, 0..255. */
  public int byteAt(int index) {
    return bytes[index] & 0xff;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The bytes in lower-case hex, e.g. {@code 0a1b}. */
  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
