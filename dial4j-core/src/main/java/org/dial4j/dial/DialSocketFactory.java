package org.dial4j.dial;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link javax.net.SocketFactory} whose sockets connect through a {@link Dialer} ({@link
 * DialSocket}): Happy Eyeballs, one deadline, exact errno, for code that takes a socket factory.
 *
 * <p>Drivers that make a factory from its class name use the public constructors: PostgreSQL's JDBC
 * driver with {@code socketFactory=org.dial4j.dial.DialSocketFactory} (and, optionally, {@code
 * socketFactoryArg=timeout=5s,attemptDelay=100ms}). Without an argument the sockets dial through
 * one shared Dialer with every default ({@link Dialer.Builder}); the argument sets, as
 * comma-separated {@code key=value} pairs: {@code timeout} (the dial's timeout beside the connect's
 * own), {@code attemptDelay}, {@code resolutionDelay} (durations: {@code 250ms}, {@code 2s}, {@code
 * 1m}), {@code network} ({@code tcp}, {@code tcp4}, {@code tcp6}), {@code dnsServer} (a name server
 * for dial4j's resolver, repeatable as {@code dnsServer=IP;IP}), {@code service} (Happy Eyeballs
 * version 3's scheme, e.g. {@code https}) and {@code resolve} ({@code NAME=IP|IP}: the name
 * answered with these addresses in this order, as {@code curl --resolve}; repeatable). {@link
 * Dialer#socketFactory()} makes one for a Dialer of your own.
 */
public final class DialSocketFactory extends javax.net.SocketFactory {
  private static final class Shared {
    static final Dialer DIALER = Dialer.builder().build();
  }

  private final Dialer dialer;

  /** Sockets through one shared Dialer with every default. */
  public DialSocketFactory() {
    this.dialer = Shared.DIALER;
  }

  /**
   * Sockets through a Dialer set up by {@code config} (see the class comment); null or blank: the
   * shared default one.
   *
   * @throws InvalidArgumentException (EINVAL) naming the pair that is not understood
   */
  public DialSocketFactory(@Nullable String config) {
    this.dialer = config == null || config.isBlank() ? Shared.DIALER : configured(config);
  }

  /** Sockets through {@code dialer}. */
  public DialSocketFactory(Dialer dialer) {
    this.dialer = Objects.requireNonNull(dialer, "dialer");
  }

  /** The Dialer its sockets dial through. */
  public Dialer dialer() {
    return dialer;
  }

  /** An unconnected {@link DialSocket}. */
  @Override
  public Socket createSocket() throws IOException {
    return new DialSocket(dialer);
  }

  /** A socket connected to {@code host} (a name is resolved and raced) and {@code port}. */
  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(InetSocketAddress.createUnresolved(host, port));
  }

  /**
   * As {@link #createSocket(String, int)}; a local address other than the wildcard with port 0 is
   * refused (a source address is the Dialer's, {@link Dialer.Builder#source}).
   */
  @Override
  public Socket createSocket(String host, int port, @Nullable InetAddress localHost, int localPort)
      throws IOException {
    checkLocal(localHost, localPort);
    return createSocket(host, port);
  }

  /** A socket connected to {@code host}, as given, and {@code port}. */
  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  /** As {@link #createSocket(InetAddress, int)}, with the local address rule above. */
  @Override
  public Socket createSocket(
      InetAddress address, int port, @Nullable InetAddress localAddress, int localPort)
      throws IOException {
    checkLocal(localAddress, localPort);
    return createSocket(address, port);
  }

  private Socket connected(InetSocketAddress to) throws IOException {
    DialSocket s = new DialSocket(dialer);
    try {
      s.connect(to);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private static void checkLocal(@Nullable InetAddress local, int port) throws SocketException {
    if ((local != null && !local.isAnyLocalAddress()) || port != 0) {
      throw new SocketException(
          "dial4j's sockets take their source address from the Dialer (Dialer.Builder.source), not "
              + local
              + ":"
              + port);
    }
  }

  private static Dialer configured(String config) {
    Dialer.Builder b = Dialer.builder();
    DnsResolver.Builder dns = null;
    java.util.Map<String, java.util.List<java.net.InetAddress>> table = new java.util.HashMap<>();
    for (String pair : parts(config, ',')) {
      String p = pair.strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw bad(config, p, "not key=value");
      }
      String key = p.substring(0, eq).strip();
      String value = p.substring(eq + 1).strip();
      try {
        switch (key) {
          case "timeout" -> b.timeout(duration(value));
          case "attemptDelay" -> b.attemptDelay(duration(value));
          case "resolutionDelay" -> b.resolutionDelay(duration(value));
          case "network" -> b.network(value);
          case "service" -> b.service(value);
          case "resolve" -> table.putAll(resolveEntry(value));
          case "dnsServer" -> {
            if (dns == null) {
              dns = DnsResolver.builder();
            }
            for (String s : parts(value, ';')) {
              dns.server(s.strip());
            }
          }
          default -> throw bad(config, p, "unknown key " + key);
        }
      } catch (IllegalArgumentException e) {
        if (e instanceof InvalidArgumentException ie
            && String.valueOf(ie.getMessage()).contains(config)) {
          throw ie;
        }
        throw bad(config, p, e.getMessage());
      }
    }
    Resolver names = dns != null ? dns.build() : DnsResolver.system();
    if (!table.isEmpty()) {
      Resolver fixed = Resolver.fixed(table);
      Resolver rest = names;
      java.util.Set<String> listed = new java.util.HashSet<>();
      table.keySet().forEach(k -> listed.add(k.toLowerCase(Locale.ROOT)));
      names =
          (host, family, deadline) ->
              listed.contains(host.toLowerCase(Locale.ROOT))
                  ? fixed.lookup(host, family, deadline)
                  : rest.lookup(host, family, deadline);
    }
    if (dns != null || !table.isEmpty()) {
      b.resolver(names);
    }
    return b.build();
  }

  /** {@code text} cut at every {@code separator}, empty pieces kept. */
  private static String[] parts(String text, char separator) {
    return java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(String.valueOf(separator)))
        .split(text, -1);
  }

  /** {@code NAME=IP|IP|...}: the name answered with these addresses, in this order. */
  private static java.util.Map<String, java.util.List<java.net.InetAddress>> resolveEntry(
      String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("resolve takes NAME=IP|IP|...");
    }
    java.util.List<java.net.InetAddress> addresses = new java.util.ArrayList<>();
    for (String ip : parts(value.substring(eq + 1), '|')) {
      addresses.add(java.net.InetAddress.ofLiteral(ip.strip()));
    }
    return java.util.Map.of(value.substring(0, eq).strip(), addresses);
  }

  /** {@code 250ms}, {@code 2s}, {@code 1m}, or an ISO-8601 duration ({@code PT2S}). */
  private static Duration duration(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt")) {
        return Duration.parse(text);
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: " + text, e);
    }
    throw new IllegalArgumentException("not a duration (250ms, 2s, 1m): " + text);
  }

  private static InvalidArgumentException bad(String config, String pair, @Nullable String why) {
    return new InvalidArgumentException(
        Errno.EINVAL, config, "the socket factory's argument '" + pair + "': " + why);
  }
}
