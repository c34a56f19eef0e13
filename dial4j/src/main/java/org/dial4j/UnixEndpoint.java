package org.dial4j;

/**
 * A Unix-domain socket address: a file system path, or a Linux abstract name. (CONTRACT STUB.)
 */
public final class UnixEndpoint implements Endpoint {
  private UnixEndpoint() {}

  /** A file system path (at most 107 bytes in UTF-8). */
  public static UnixEndpoint path(String path) {
    throw new UnsupportedOperationException();
  }

  /** A Linux abstract name (written {@code @name}; at most 107 bytes in UTF-8). */
  public static UnixEndpoint abstractName(String name) {
    throw new UnsupportedOperationException();
  }

  /** The address of an unbound (unnamed) Unix socket. */
  public static UnixEndpoint unnamed() {
    throw new UnsupportedOperationException();
  }

  /** The path, or the abstract name without its {@code @}. */
  public String name() {
    throw new UnsupportedOperationException();
  }

  /** Whether this is a Linux abstract name. */
  public boolean isAbstract() {
    throw new UnsupportedOperationException();
  }

  /** Whether this is the unnamed address. */
  public boolean isUnnamed() {
    throw new UnsupportedOperationException();
  }

  /** The bytes of {@code sun_path}: the UTF-8 path, or a NUL then the UTF-8 abstract name. */
  public byte[] sunPath() {
    throw new UnsupportedOperationException();
  }
}
