package org.dial4j;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;

/**
 * An IP address and a port: 4 bytes for IPv4, 16 for IPv6, and for IPv6 an optional zone ({@code
 * %eth0} or {@code %2}) that says which link a link-local address is on. Immutable.
 *
 * <p>The family is part of the value: {@code 192.0.2.1:80} and {@code [::ffff:192.0.2.1]:80} are
 * not equal, because one is connected through an {@code AF_INET} socket and the other through an
 * {@code AF_INET6} one; {@link #unmapped()} and {@link #toV4Mapped()} convert between them.
 *
 * <p>Nothing here consults DNS: {@link #toInetAddress()} builds the Java address from its bytes.
 */
public final class InetEndpoint implements Endpoint {
  private final byte[] address;
  private final @Nullable String scope; // null when there is no zone
  private final int port;

  /** toString's text, made once (a benign race: every thread computes the same string). */
  private @Nullable String text;

  private InetEndpoint(byte[] address, @Nullable String scope, int port) {
    this.address = address;
    this.scope = scope;
    this.port = port;
  }

  /**
   * From a Java address. An {@link Inet4Address} gives 4 bytes; an {@link Inet6Address} gives 16
   * and keeps its zone, as the interface name if it has one, else as its nonzero scope id.
   *
   * @param address the address; not null
   * @param port 0..65535
   * @throws InvalidArgumentException with EINVAL if the address is null or the port out of range
   */
  public static InetEndpoint of(InetAddress address, int port) {
    if (address == null) {
      throw new InvalidArgumentException(Errno.EINVAL, "null:" + port, "the address is null");
    }
    String scope = null;
    if (address instanceof Inet6Address a6) {
      NetworkInterface nif = a6.getScopedInterface();
      if (nif != null) {
        scope = nif.getName();
      } else if (a6.getScopeId() != 0) {
        scope = Integer.toString(a6.getScopeId());
      }
    }
    return of(address.getAddress(), scope, port);
  }

  /**
   * From address bytes without a zone.
   *
   * @param address 4 (IPv4) or 16 (IPv6) bytes in network order; copied
   * @param port 0..65535
   * @throws InvalidArgumentException with EINVAL for another length or a port out of range
   */
  public static InetEndpoint of(byte[] address, int port) {
    return of(address, null, port);
  }

  /**
   * From address bytes and a zone.
   *
   * @param address 4 (IPv4) or 16 (IPv6) bytes in network order; copied
   * @param scope the zone, only with 16 bytes: an interface name such as {@code eth0} or a decimal
   *     number; null for none
   * @param port 0..65535
   * @throws InvalidArgumentException with EINVAL for a bad length, zone or port
   */
  public static InetEndpoint of(byte[] address, @Nullable String scope, int port) {
    String why = problem(address, scope, port);
    if (why != null) {
      throw new InvalidArgumentException(Errno.EINVAL, render(address, scope, port), why);
    }
    return new InetEndpoint(address.clone(), scope, port);
  }

  /** What is wrong with these arguments, or null if nothing; the parser words its errors so. */
  static @Nullable String problem(byte[] address, @Nullable String scope, int port) {
    if (address == null) {
      return "the address is null";
    }
    if (address.length != 4 && address.length != 16) {
      return "an IP address has 4 or 16 bytes, not " + address.length;
    }
    if (scope != null) {
      if (address.length != 16) {
        return "only an IPv6 address has a zone";
      }
      String bad = scopeProblem(scope);
      if (bad != null) {
        return bad;
      }
    }
    return portProblem(port);
  }

  /** What is wrong with a zone, or null: it must fit between {@code %} and {@code ]}. */
  static @Nullable String scopeProblem(String scope) {
    if (scope.isEmpty()) {
      return "the zone after '%' is empty";
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      // '/' too: no Linux interface name holds one (dev_valid_name), and a text with one would
      // read back through Endpoint.parse as a Unix path.
      if (c == '%'
          || c == ']'
          || c == '/'
          || Character.isWhitespace(c)
          || Character.isISOControl(c)) {
        return "zone \"" + scope + "\" contains '" + c + "'";
      }
    }
    if (isNumeric(scope) && numericScope(scope) < 0) {
      return "zone \"" + scope + "\" is outside 0.." + Integer.MAX_VALUE;
    }
    return null;
  }

  /** What is wrong with a port, or null. */
  static @Nullable String portProblem(int port) {
    return port < 0 || port > 65535 ? "port " + port + " is outside 0..65535" : null;
  }

  /** The text of rejected arguments, readable even when they make no address. */
  private static String render(byte[] address, @Nullable String scope, int port) {
    String addr;
    if (address == null) {
      addr = "null";
    } else if (address.length == 4) {
      addr = IpLiterals.format(address);
    } else if (address.length == 16) {
      addr = "[" + IpLiterals.format(address) + (scope == null ? "" : "%" + scope) + "]";
    } else {
      addr = "bytes{" + HexFormat.ofDelimiter(" ").formatHex(address) + "}";
    }
    return addr + ":" + port;
  }

  private static boolean isNumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A decimal zone as an int, or -1 if it does not fit (Java's scope ids are signed ints). */
  private static int numericScope(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException tooBig) {
      return -1;
    }
  }

  /** A copy of the address bytes: 4 for IPv4, 16 for IPv6 (including IPv4-mapped). */
  public byte[] address() {
    return address.clone();
  }

  /** The port, 0..65535. */
  public int port() {
    return port;
  }

  /** The IPv6 zone as written (an interface name such as {@code eth0}, or a number). */
  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  /**
   * The numeric zone for {@code sin6_scope_id}: the number as written, or the named interface's
   * index looked up now (interfaces come and go, so the index is not cached); 0 with no zone.
   *
   * @throws InvalidArgumentException with ENXIO if no interface has the zone's name
   */
  public int scopeId() {
    if (scope == null) {
      return 0;
    }
    if (isNumeric(scope)) {
      return numericScope(scope);
    }
    String why;
    try {
      NetworkInterface nif = NetworkInterface.getByName(scope);
      if (nif != null) {
        return nif.getIndex();
      }
      why = "no network interface is named \"" + scope + "\"";
    } catch (SocketException e) {
      why = "cannot look up network interface \"" + scope + "\": " + e.getMessage();
    }
    throw new InvalidArgumentException(Errno.ENXIO, toString(), why);
  }

  /** {@link Family#INET} for 4 bytes, {@link Family#INET6} for 16. */
  public Family family() {
    return address.length == 4 ? Family.INET : Family.INET6;
  }

  /** Whether this is an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
  public boolean isV4Mapped() {
    return IpLiterals.isV4Mapped(address);
  }

  /** The IPv4 endpoint for an IPv4-mapped address (the zone is dropped); this one otherwise. */
  public InetEndpoint unmapped() {
    return isV4Mapped() ? new InetEndpoint(v4Bytes(), null, port) : this;
  }

  /** The IPv4-mapped IPv6 form of an IPv4 endpoint; this endpoint otherwise. */
  public InetEndpoint toV4Mapped() {
    if (address.length != 4) {
      return this;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(address, 0, mapped, 12, 4);
    return new InetEndpoint(mapped, null, port);
  }

  /**
   * The same address and zone with another port.
   *
   * @throws InvalidArgumentException with EINVAL if the port is outside 0..65535
   */
  public InetEndpoint withPort(int port) {
    String why = portProblem(port);
    if (why != null) {
      throw new InvalidArgumentException(Errno.EINVAL, render(address, scope, port), why);
    }
    return new InetEndpoint(address, scope, port);
  }

  /** 0.0.0.0, {@code ::} or {@code ::ffff:0.0.0.0}: the wildcard address, INADDR_ANY. */
  public boolean isUnspecified() {
    if (address.length == 16 && !isV4Mapped()) {
      return allZero(address, 0, 16);
    }
    return allZero(v4Bytes(), 0, 4);
  }

  /** 127.0.0.0/8, ::1, or an IPv4-mapped loopback. */
  public boolean isLoopback() {
    if (address.length == 16 && !isV4Mapped()) {
      return allZero(address, 0, 15) && address[15] == 1;
    }
    return v4Bytes()[0] == 127;
  }

  /** 224.0.0.0/4, ff00::/8, or an IPv4-mapped multicast. */
  public boolean isMulticast() {
    if (address.length == 16 && !isV4Mapped()) {
      return address[0] == (byte) 0xff;
    }
    return (v4Bytes()[0] & 0xf0) == 0xe0;
  }

  /** 255.255.255.255 (or its IPv4-mapped form). */
  public boolean isLimitedBroadcast() {
    if (address.length == 16 && !isV4Mapped()) {
      return false;
    }
    byte[] v4 = v4Bytes();
    return (v4[0] & v4[1] & v4[2] & v4[3]) == (byte) 0xff;
  }

  /**
   * The Java address, built from the bytes with no DNS lookup. An IPv6 address stays an {@link
   * Inet6Address} even when IPv4-mapped (Java's {@code InetAddress.getByAddress} would turn it into
   * an {@link Inet4Address}); a zone becomes its {@link #scopeId()}.
   *
   * @throws InvalidArgumentException with ENXIO if the zone names no interface
   */
  public InetAddress toInetAddress() {
    try {
      if (address.length == 4) {
        return InetAddress.getByAddress(address.clone());
      }
      return Inet6Address.getByAddress(null, address.clone(), scope == null ? -1 : scopeId());
    } catch (UnknownHostException cannotHappen) {
      // Thrown only for a bad length, which the factories rule out.
      throw new IllegalStateException(cannotHappen);
    }
  }

  /**
   * The Java socket address, built with no DNS lookup.
   *
   * @throws InvalidArgumentException with ENXIO if the zone names no interface
   */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(toInetAddress(), port);
  }

  private byte[] v4Bytes() {
    return address.length == 4 ? address : Arrays.copyOfRange(address, 12, 16);
  }

  private static boolean allZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InetEndpoint e
        && e.port == port
        && Arrays.equals(e.address, address)
        && Objects.equals(e.scope, scope);
  }

  @Override
  public int hashCode() {
    return (Arrays.hashCode(address) * 31 + Objects.hashCode(scope)) * 31 + port;
  }

  /**
   * {@code 192.0.2.1:80}, {@code [2001:db8::1]:80}, {@code [fe80::1%eth0]:80} or {@code
   * [::ffff:192.0.2.1]:80}: the address as {@link IpLiterals#format} writes it.
   */
  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      t = render(address, scope, port);
      text = t;
    }
    return t;
  }
}
