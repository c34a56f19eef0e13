package org.dial4j.sys;

/**
 * A socket address as the kernel reads and writes it: the Java form of {@code struct sockaddr_in},
 * {@code sockaddr_in6}, {@code sockaddr_un}, {@code AF_UNSPEC}, or raw bytes passed through
 * untouched (for the kernel's own checks on malformed addresses and short lengths).
 */
@SuppressWarnings("ArrayRecordComponent") // carriers of bytes: nothing compares or hashes them
public sealed interface SockAddr {

  /** {@code struct sockaddr_in}: 4 address bytes in network order and a port. */
  record In4(byte[] addr, int port) implements SockAddr {}

  /** {@code struct sockaddr_in6}: 16 address bytes, port, flow label and scope id. */
  record In6(byte[] addr, int port, int flowinfo, int scopeId) implements SockAddr {}

  /**
   * {@code struct sockaddr_un}: the bytes of {@code sun_path}. A path is written with its
   * terminating NUL; an abstract name starts with a NUL byte and is written without one; an empty
   * array is the unnamed address (length {@code sizeof(sa_family_t)}).
   */
  record Un(byte[] sunPath) implements SockAddr {}

  /** {@code AF_UNSPEC}: connect to it to dissolve a datagram association (Linux connect(2)). */
  record Unspec() implements SockAddr {}

  /** Exactly these bytes with exactly this length, family included; nothing is checked. */
  record Raw(byte[] bytes) implements SockAddr {}

  /** The one {@link Unspec} value. */
  SockAddr UNSPEC = new Unspec();
}
