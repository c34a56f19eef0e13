package org.dial4j.dial;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dial4j.InetEndpoint;

/**
 * Connect times seen per destination address, to shorten the Happy Eyeballs attempt delay (RFC 8305
 * section 5: "if the client has historical RTT data gathered from other connections to the same
 * host or prefix, it can use this information to influence its delay").
 *
 * <p>Per address a smoothed time as TCP smooths its RTT (RFC 6298: {@code srtt = 7/8 srtt + 1/8
 * sample}, the first sample taken as it is). The suggested delay is twice the smoothed time of the
 * address an attempt went to, never more than the configured delay and never less than the 10 ms
 * floor. At most {@link #MAX_ENTRIES} addresses are kept, the least recently used dropped first.
 * Thread-safe (a dialer's dials may run on several loops).
 */
final class RttHistory {
  static final int MAX_ENTRIES = 1024;

  private final Map<InetEndpoint, long[]> srtt =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetEndpoint, long[]> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /** Records a successful connect to {@code to} that took {@code nanos}. */
  synchronized void record(InetEndpoint to, long nanos) {
    long[] s = srtt.get(key(to));
    if (s == null) {
      srtt.put(key(to), new long[] {nanos});
    } else {
      s[0] = s[0] - (s[0] >> 3) + (nanos >> 3);
    }
  }

  /** The smoothed connect time to {@code to} in nanoseconds, or -1 if none was seen. */
  synchronized long smoothed(InetEndpoint to) {
    long[] s = srtt.get(key(to));
    return s == null ? -1 : s[0];
  }

  /**
   * The attempt delay after starting an attempt to {@code to}: {@code configured} unless a connect
   * time is known, then {@code 2 x srtt} within {@code [floor, configured]}.
   */
  long delayAfter(InetEndpoint to, long configured, long floor) {
    long s = smoothed(to);
    if (s < 0) {
      return configured;
    }
    return Math.max(floor, Math.min(configured, 2 * s));
  }

  private static InetEndpoint key(InetEndpoint to) {
    return to.withPort(0);
  }
}
