package org.dial4j;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * An IP address (4 or 16 bytes, with an optional IPv6 zone) and a port. Immutable. (CONTRACT
 * STUB: to be implemented.)
 */
public final class InetEndpoint implements Endpoint {
  private InetEndpoint() {}

  /** From a Java address (an {@link java.net.Inet6Address} keeps its scope id). */
  public static InetEndpoint of(InetAddress address, int port) {
    throw new UnsupportedOperationException();
  }

  /** From 4 (IPv4) or 16 (IPv6) address bytes in network order. */
  public static InetEndpoint of(byte[] address, int port) {
    throw new UnsupportedOperationException();
  }

  /** From 16 IPv6 address bytes and a zone (interface name or number), or null for none. */
  public static InetEndpoint of(byte[] address, String scope, int port) {
    throw new UnsupportedOperationException();
  }

  /** A copy of the address bytes: 4 for IPv4, 16 for IPv6 (including IPv4-mapped). */
  public byte[] address() {
    throw new UnsupportedOperationException();
  }

  /** The port, 0..65535. */
  public int port() {
    throw new UnsupportedOperationException();
  }

  /** The IPv6 zone as written (an interface name such as {@code eth0}, or a number). */
  public Optional<String> scope() {
    throw new UnsupportedOperationException();
  }

  /** The numeric zone for {@code sin6_scope_id}: the number, or the named interface's index. */
  public int scopeId() {
    throw new UnsupportedOperationException();
  }

  /** {@link Family#INET} for 4 bytes, {@link Family#INET6} for 16. */
  public Family family() {
    throw new UnsupportedOperationException();
  }

  /** Whether this is an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
  public boolean isV4Mapped() {
    throw new UnsupportedOperationException();
  }

  /** The IPv4 endpoint for an IPv4-mapped address; this endpoint otherwise. */
  public InetEndpoint unmapped() {
    throw new UnsupportedOperationException();
  }

  /** The IPv4-mapped IPv6 form of an IPv4 endpoint; this endpoint otherwise. */
  public InetEndpoint toV4Mapped() {
    throw new UnsupportedOperationException();
  }

  /** The same address with another port. */
  public InetEndpoint withPort(int port) {
    throw new UnsupportedOperationException();
  }

  /** 0.0.0.0 or :: (INADDR_ANY). */
  public boolean isUnspecified() {
    throw new UnsupportedOperationException();
  }

  /** 127.0.0.0/8, ::1, or an IPv4-mapped loopback. */
  public boolean isLoopback() {
    throw new UnsupportedOperationException();
  }

  /** 224.0.0.0/4, ff00::/8, or an IPv4-mapped multicast. */
  public boolean isMulticast() {
    throw new UnsupportedOperationException();
  }

  /** 255.255.255.255 (or its IPv4-mapped form). */
  public boolean isLimitedBroadcast() {
    throw new UnsupportedOperationException();
  }

  /** The Java address (no DNS lookup is made). */
  public InetAddress toInetAddress() {
    throw new UnsupportedOperationException();
  }

  /** The Java socket address (no DNS lookup is made). */
  public InetSocketAddress toSocketAddress() {
    throw new UnsupportedOperationException();
  }
}
