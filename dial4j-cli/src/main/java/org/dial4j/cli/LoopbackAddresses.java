package org.dial4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dial4j.InetEndpoint;
import org.dial4j.IpLiterals;

/**
 * The address lists of {@code dial4j storm -a/-s}, read as cconnect reads them ({@code parse_addrs}
 * in {@code bench/benchutil.h}): comma-separated IPv4 addresses, where a token may end in a
 * last-octet range ({@code 127.0.0.1-8} is 127.0.0.1 .. 127.0.0.8), at most {@link #MAX} addresses,
 * and nothing outside 127.0.0.0/8: a load generator must only ever send traffic on loopback. The
 * messages are cconnect's.
 *
 * <p>Two places are stricter than cconnect, whose {@code atoi} reads {@code 8x} as 8 and whose
 * empty list divides by zero later: the range end must be decimal digits, and a list must name at
 * least one address. Empty tokens ({@code a,,b}) are skipped, as {@code strtok} skips them.
 */
final class LoopbackAddresses {
  /** cconnect's {@code MAX_ADDRS}. */
  static final int MAX = 256;

  private LoopbackAddresses() {}

  /**
   * Reads {@code list} into endpoints with {@code port} (0 for source addresses: the kernel picks
   * the port at connect time).
   *
   * @throws IllegalArgumentException with cconnect's message: {@code bad address: X}, {@code bad
   *     range: X-N}, {@code refusing non-loopback address X: loopback (127.0.0.0/8) only}, {@code
   *     too many addresses (max 256)}, or {@code no address in 'LIST'}
   */
  static List<InetEndpoint> parse(String list, int port) {
    List<InetEndpoint> out = new ArrayList<>();
    for (String token : list.split(",", -1)) {
      if (!token.isEmpty()) {
        expand(token, port, out);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no address in '" + list + "'");
    }
    return List.copyOf(out);
  }

  private static void expand(String token, int port, List<InetEndpoint> out) {
    // As cconnect: a '-' after the last '.' starts the range's end (the last octet).
    String first = token;
    String rangeEnd = null;
    int dot = token.lastIndexOf('.');
    int dash = dot < 0 ? -1 : token.indexOf('-', dot);
    if (dash >= 0) {
      first = token.substring(0, dash);
      rangeEnd = token.substring(dash + 1);
    }
    Optional<byte[]> parsed = IpLiterals.parseIpv4(first);
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("bad address: " + first);
    }
    byte[] a = parsed.get();
    int lo = a[3] & 0xff;
    int hi = lo;
    if (rangeEnd != null) {
      hi = octet(rangeEnd);
      if (hi < lo) {
        throw new IllegalArgumentException("bad range: " + first + "-" + rangeEnd);
      }
    }
    // The range changes only the last octet, so the first one decides for all of them.
    if (a[0] != 127) {
      throw new IllegalArgumentException(
          "refusing non-loopback address " + first + ": loopback (127.0.0.0/8) only");
    }
    for (int h = lo; h <= hi; h++) {
      if (out.size() == MAX) {
        throw new IllegalArgumentException("too many addresses (max " + MAX + ")");
      }
      a[3] = (byte) h;
      out.add(InetEndpoint.of(a, port)); // of() copies the bytes
    }
  }

  /** 0..255 in decimal digits, else -1 (which no range accepts). */
  private static int octet(String text) {
    if (text.isEmpty() || text.length() > 3) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 255 ? v : -1;
  }
}
