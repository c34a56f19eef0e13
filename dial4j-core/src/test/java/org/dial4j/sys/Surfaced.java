package org.dial4j.sys;

import java.util.Map;
import java.util.TreeMap;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;

/**
 * The failures a fault test's calls threw, counted by operation and errno, to set beside what a
 * {@link FaultySyscalls} injected: each injected failure that must reach the caller reached it
 * once, with its errno and the operation that failed, and none that must be handled inside (EINTR,
 * a blocking call's EAGAIN) did. Anything thrown that is not a {@link NetError} (nor caused by one)
 * is kept as the first stray, which a test reports: a fault must never turn into another exception.
 * Safe for any thread.
 */
public final class Surfaced {
  private final Map<String, Long> counts = new TreeMap<>();
  private Throwable stray;

  /**
   * Counts {@code t}'s errno under its operation; returns the errno, or null (and keeps {@code t}
   * as a stray) if it carries none.
   */
  public synchronized Errno record(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NetError ne) {
        counts.merge(key(ne.operation(), ne.errno()), 1L, Long::sum);
        return ne.errno();
      }
    }
    if (stray == null) {
      stray = t;
    }
    return null;
  }

  private static String key(Operation op, Errno e) {
    return op.label() + "/" + e.name();
  }

  /** How many failures of {@code op} with {@code errno} were thrown. */
  public synchronized long count(Operation op, Errno errno) {
    return counts.getOrDefault(key(op, errno), 0L);
  }

  /** How many failures with {@code errno} were thrown, whatever the operation. */
  public synchronized long count(Errno errno) {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().endsWith("/" + errno.name()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The first throwable that carried no errno, or null. */
  public synchronized Throwable stray() {
    return stray;
  }

  /** Every count, as {@code {connect/ENOBUFS=3, socket/EMFILE=1}}. */
  @Override
  public synchronized String toString() {
    return counts.toString();
  }
}
