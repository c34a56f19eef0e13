package org.dial4j.bench.jmh;

import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.IpLiterals;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Endpoint text: {@link Endpoint#parse} of an IPv4, an IPv6 and a host name form (no lookup: a host
 * name stays a name), and the canonical text of a new {@link InetEndpoint} (its {@code toString} is
 * made once per object, so each operation makes the object too) and of IP literals alone ({@link
 * IpLiterals#format}, RFC 5952 for IPv6).
 */
public class EndpointBench extends MicroBench {
  // Fields, not constants, so that the JIT cannot fold the input.
  private String ipv4 = "127.0.0.1:8080";
  private String ipv6 = "[2001:db8::17:1]:443";
  private String host = "db.example.com:5432";
  private byte[] v4 = {127, 0, 0, 1};
  private byte[] v6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x17, 0, 1};

  /** {@code 127.0.0.1:8080}. */
  @Benchmark
  public Endpoint parseIpv4() {
    return Endpoint.parse(ipv4);
  }

  /** {@code [2001:db8::17:1]:443}. */
  @Benchmark
  public Endpoint parseIpv6() {
    return Endpoint.parse(ipv6);
  }

  /** {@code db.example.com:5432}: a host endpoint, checked, not resolved. */
  @Benchmark
  public Endpoint parseHost() {
    return Endpoint.parse(host);
  }

  /** A new IPv4 endpoint's text. */
  @Benchmark
  public String formatIpv4Endpoint() {
    return InetEndpoint.of(v4, 8080).toString();
  }

  /** A new IPv6 endpoint's text ({@code [2001:db8::17:1]:443}). */
  @Benchmark
  public String formatIpv6Endpoint() {
    return InetEndpoint.of(v6, 443).toString();
  }

  /** An IPv6 literal alone, RFC 5952's form. */
  @Benchmark
  public String formatIpv6Literal() {
    return IpLiterals.format(v6);
  }
}
