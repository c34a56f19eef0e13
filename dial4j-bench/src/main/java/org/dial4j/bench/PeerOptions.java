package org.dial4j.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dial4j.IpLiterals;

/**
 * The options of {@code bench/c/cconnect} a peer takes, with cconnect's clamps: {@code -n TOTAL}
 * successful connects, {@code -c CONCURRENCY} in flight over all threads (at most TOTAL), {@code -p
 * PORT}, {@code -a DSTS} (comma-separated IPv4 loopback addresses, {@code 127.0.0.1-8} for a last
 * octet range; default 127.0.0.1), {@code -T THREADS} event loops or carriers (1..64, at most
 * CONCURRENCY) and {@code -t SECS}, the time limit (default 60). Source binding and {@code --hold}
 * are cconnect's scale options, which the comparison does not use.
 *
 * @param total successful connects to make
 * @param concurrency connects in flight, over all threads
 * @param port acceptd's port
 * @param dsts the destinations, round-robin
 * @param threads event loops (carriers for the virtual threads)
 * @param limitSeconds the time limit
 */
record PeerOptions(
    long total,
    int concurrency,
    int port,
    List<InetSocketAddress> dsts,
    int threads,
    double limitSeconds) {

  /** cconnect's {@code MAX_ADDRS}. */
  static final int MAX_ADDRS = 256;

  /** A usage error: the peer prints it with the usage line and exits 2, as cconnect does. */
  static final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The usage line of peer {@code tool}. */
  static String usage(String tool) {
    return "usage: "
        + tool
        + " -n TOTAL -c CONCURRENCY -p PORT [-a DSTS] [-T THREADS] [-t SECS]"
        + " (bench/c/cconnect's options)";
  }

  /**
   * Reads {@code args} as cconnect reads its own.
   *
   * @throws UsageException for an unknown or incomplete option, a value out of range or an address
   *     outside 127.0.0.0/8
   */
  static PeerOptions parse(String... args) {
    long total = 0;
    int concurrency = 0;
    int port = 0;
    int threads = 1;
    double limit = 60;
    String dsts = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new UsageException("missing value or unknown option: " + a);
      }
      String v = args[++i];
      switch (a) {
        case "-n" -> total = number(a, v);
        case "-c" -> concurrency = (int) Math.min(number(a, v), Integer.MAX_VALUE);
        case "-p" -> port = (int) Math.min(number(a, v), Integer.MAX_VALUE);
        case "-a" -> dsts = v;
        case "-T" -> threads = (int) Math.min(number(a, v), Integer.MAX_VALUE);
        case "-t" -> limit = seconds(a, v);
        default -> throw new UsageException("unknown option: " + a);
      }
    }
    if (total < 1 || concurrency < 1 || port < 1 || port > 65535 || threads < 1 || threads > 64) {
      throw new UsageException("-n, -c and -p are required; -p is 1..65535, -T 1..64");
    }
    // cconnect's clamps: no more in flight than TOTAL, no more threads than in flight.
    int c = (int) Math.min(concurrency, total);
    return new PeerOptions(total, c, port, addresses(dsts, port), Math.min(threads, c), limit);
  }

  /** Thread {@code t}'s share of {@code n} over {@code threads}: cconnect's split. */
  static long share(long n, int threads, int t) {
    return n / threads + (t < n % threads ? 1 : 0);
  }

  private static long number(String option, String v) {
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException(option + " takes a non-negative number, not '" + v + "'");
  }

  private static double seconds(String option, String v) {
    try {
      double s = Double.parseDouble(v);
      if (s > 0 && s <= 365 * 24 * 3600) {
        return s;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException(option + " takes seconds (up to a year), not '" + v + "'");
  }

  /** cconnect's {@code parse_addrs} (bench/c/benchutil.h), with its messages. */
  static List<InetSocketAddress> addresses(String list, int port) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String token : list.split(",", -1)) {
      if (token.isEmpty()) {
        continue;
      }
      int dot = token.lastIndexOf('.');
      int dash = dot < 0 ? -1 : token.indexOf('-', dot);
      String ip = dash < 0 ? token : token.substring(0, dash);
      Optional<byte[]> parsed = IpLiterals.parseIpv4(ip);
      if (parsed.isEmpty()) {
        throw new UsageException("bad address: " + ip);
      }
      byte[] first = parsed.get();
      int last = first[3] & 0xff;
      if (dash >= 0) {
        String hi = token.substring(dash + 1);
        if (!hi.matches("[0-9]{1,3}")
            || Integer.parseInt(hi) < last
            || Integer.parseInt(hi) > 255) {
          throw new UsageException("bad range: " + token);
        }
        last = Integer.parseInt(hi);
      }
      if (first[0] != 127) {
        throw new UsageException(
            "refusing non-loopback address " + ip + ": loopback (127.0.0.0/8) only");
      }
      for (int h = first[3] & 0xff; h <= last; h++) {
        if (out.size() == MAX_ADDRS) {
          throw new UsageException("too many addresses (max " + MAX_ADDRS + ")");
        }
        byte[] b = first.clone();
        b[3] = (byte) h;
        out.add(new InetSocketAddress(literal(b), port));
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("no address in '" + list + "'");
    }
    return List.copyOf(out);
  }

  /** An address from its bytes: no lookup of any kind. */
  private static InetAddress literal(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are an IPv4 address", e);
    }
  }
}
