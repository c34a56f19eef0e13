package org.dial4j.dial;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One ServiceMode record of an HTTPS or SVCB answer (RFC 9460), as a dial uses it: where the
 * service is ({@link #target}, {@link #port}), in which order to try it ({@link #priority}), which
 * application protocols it speaks ({@link #alpn}), the addresses it hints at, and its ECH
 * configuration for the TLS layer. A {@link Connection} dialed with a service tells which binding
 * it came from ({@link Connection#serviceBinding()}), so a TLS or HTTP layer above can offer the
 * right ALPN and ECH.
 */
public final class ServiceBinding {
  private final int priority;
  private final String target;
  private final OptionalInt port;
  private final List<String> alpn;
  private final boolean noDefaultAlpn;
  private final List<InetAddress> ipv4Hints;
  private final List<InetAddress> ipv6Hints;
  private final byte @Nullable [] ech;

  /**
   * A binding.
   *
   * @param priority the SvcPriority, 1 to 65535: lower is tried first
   * @param target the TargetName, absolute; the record's owner already put for RFC 9460's "."
   * @param port the {@code port} param, if present (else the dial's port)
   * @param alpn the {@code alpn} param's protocol IDs, in order
   * @param noDefaultAlpn whether {@code no-default-alpn} is present
   * @param ipv4Hints the addresses of the record's IPv4 hint param
   * @param ipv6Hints the addresses of the record's IPv6 hint param
   * @param ech the {@code ech} param (an ECHConfigList), or null
   */
  public ServiceBinding(
      int priority,
      String target,
      OptionalInt port,
      List<String> alpn,
      boolean noDefaultAlpn,
      List<InetAddress> ipv4Hints,
      List<InetAddress> ipv6Hints,
      byte @Nullable [] ech) {
    if (priority < 1 || priority > 0xffff) {
      throw new IllegalArgumentException("a ServiceMode priority is 1 to 65535, not " + priority);
    }
    this.priority = priority;
    this.target = Objects.requireNonNull(target, "target");
    this.port = Objects.requireNonNull(port, "port");
    this.alpn = List.copyOf(alpn);
    this.noDefaultAlpn = noDefaultAlpn;
    this.ipv4Hints = List.copyOf(ipv4Hints);
    this.ipv6Hints = List.copyOf(ipv6Hints);
    this.ech = ech == null ? null : ech.clone();
  }

  /** The SvcPriority: lower is tried first. */
  public int priority() {
    return priority;
  }

  /** The TargetName, absolute (with its trailing dot). */
  public String target() {
    return target;
  }

  /** The {@code port} param, if the record has one. */
  public OptionalInt port() {
    return port;
  }

  /** The {@code alpn} param's protocol IDs, in the record's order (e.g. "h2", "h3"). */
  public List<String> alpn() {
    return alpn;
  }

  /** Whether {@code no-default-alpn} is present (the scheme's default protocol is not offered). */
  public boolean noDefaultAlpn() {
    return noDefaultAlpn;
  }

  /** The {@code ipv4hint} addresses. */
  public List<InetAddress> ipv4Hints() {
    return ipv4Hints;
  }

  /** The {@code ipv6hint} addresses. */
  public List<InetAddress> ipv6Hints() {
    return ipv6Hints;
  }

  /** The {@code ech} param, an ECHConfigList for the TLS layer (a copy), if present. */
  public Optional<byte[]> ech() {
    return ech == null ? Optional.empty() : Optional.of(ech.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceBinding b
        && priority == b.priority
        && target.equals(b.target)
        && port.equals(b.port)
        && alpn.equals(b.alpn)
        && noDefaultAlpn == b.noDefaultAlpn
        && ipv4Hints.equals(b.ipv4Hints)
        && ipv6Hints.equals(b.ipv6Hints)
        && Arrays.equals(ech, b.ech);
  }

  @Override
  public int hashCode() {
    return Objects.hash(priority, target, port, alpn, noDefaultAlpn, ipv4Hints, ipv6Hints)
        + Arrays.hashCode(ech);
  }

  /** The zone-file form, e.g. {@code 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(priority).append(' ').append(target);
    if (!alpn.isEmpty()) {
      sb.append(" alpn=").append(String.join(",", alpn));
    }
    if (noDefaultAlpn) {
      sb.append(" no-default-alpn");
    }
    port.ifPresent(p -> sb.append(" port=").append(p));
    hints(sb, " ipv4hint=", ipv4Hints);
    if (ech != null) {
      sb.append(" ech=(").append(ech.length).append(" bytes)");
    }
    hints(sb, " ipv6hint=", ipv6Hints);
    return sb.toString();
  }

  private static void hints(StringBuilder sb, String key, List<InetAddress> hints) {
    if (hints.isEmpty()) {
      return;
    }
    sb.append(key);
    for (int i = 0; i < hints.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(hints.get(i).getHostAddress());
    }
  }
}
