package org.dial4j.resolve;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dial4j.MonotonicClock;
import org.dial4j.internal.dns.DnsAnswer;
import org.dial4j.internal.dns.DnsName;
import org.jspecify.annotations.Nullable;

/**
 * Answers kept for their time to live: positive ones (records) for their TTL, negative ones
 * (NXDOMAIN, NODATA) for RFC 2308 section 5's negative TTL, and both no longer than a cap. A
 * negative answer without an SOA is not kept (RFC 2308 section 5: "negative responses without SOA
 * records SHOULD NOT be cached"), nor is one whose TTL is 0. Server failures are never kept.
 *
 * <p>Safe for any thread: a dial that finds its answer here never goes to the loop. At most {@code
 * maxEntries} answers: when full, the expired ones go first, then an eighth of the rest (whichever
 * the map yields first), so a flood of names costs a bounded heap.
 */
public final class DnsCache {
  /** What an answer is cached under: the name (compared without regard to case) and the type. */
  public record Key(DnsName name, int type) {}

  private record Entry(DnsAnswer answer, long expiresNanos) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final MonotonicClock clock;
  private final int maxEntries;
  private final long maxTtlSeconds;

  /**
   * A cache on {@code clock}.
   *
   * @param maxEntries the most answers kept; 0 keeps none
   * @param maxTtlSeconds the longest any answer is kept, whatever its TTL
   */
  public DnsCache(MonotonicClock clock, int maxEntries, long maxTtlSeconds) {
    if (maxEntries < 0 || maxTtlSeconds < 0) {
      throw new IllegalArgumentException("negative cache bound");
    }
    this.clock = clock;
    this.maxEntries = maxEntries;
    this.maxTtlSeconds = maxTtlSeconds;
  }

  /** The answer kept for {@code key} if it has not expired, else null. */
  public @Nullable DnsAnswer get(Key key) {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (clock.nanoTime() - e.expiresNanos >= 0) {
      entries.remove(key, e);
      return null;
    }
    return e.answer;
  }

  /** Seconds {@code key}'s answer has left, 0 if none is kept. */
  public long remainingSeconds(Key key) {
    Entry e = entries.get(key);
    if (e == null) {
      return 0;
    }
    long left = e.expiresNanos - clock.nanoTime();
    return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
  }

  /**
   * Keeps {@code answer} for {@code key} as long as its TTL and the cap allow (maybe not at all).
   */
  public void put(Key key, DnsAnswer answer) {
    long ttl =
        switch (answer) {
          case DnsAnswer.Records r -> r.ttl();
          case DnsAnswer.NxDomain nx -> nx.negativeTtl().orElse(0);
          case DnsAnswer.NoData nd -> nd.negativeTtl().orElse(0);
          default -> 0;
        };
    ttl = Math.min(ttl, maxTtlSeconds);
    if (ttl <= 0 || maxEntries == 0) {
      return;
    }
    if (entries.size() >= maxEntries && !entries.containsKey(key)) {
      makeRoom();
    }
    entries.put(key, new Entry(answer, clock.nanoTime() + ttl * 1_000_000_000L));
  }

  /** Forgets every answer (the configuration changed: the servers may say otherwise). */
  public void clear() {
    entries.clear();
  }

  /** How many answers are kept, the expired ones not yet dropped included. */
  public int size() {
    return entries.size();
  }

  private void makeRoom() {
    long now = clock.nanoTime();
    entries.values().removeIf(e -> now - e.expiresNanos >= 0);
    int excess = entries.size() - maxEntries + Math.max(1, maxEntries / 8);
    Iterator<Key> it = entries.keySet().iterator();
    while (excess-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
