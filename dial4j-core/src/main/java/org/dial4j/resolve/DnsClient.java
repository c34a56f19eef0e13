package org.dial4j.resolve;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dial4j.Deadline;
import org.dial4j.internal.dns.DnsAnswer;
import org.dial4j.internal.dns.DnsName;
import org.dial4j.internal.dns.DnsQuestion;
import org.dial4j.loop.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * The stub resolver's engine on one event loop: lookups of a host name and a record type through
 * the search list ({@link SearchNames}), each candidate name answered from the {@link DnsCache} or
 * by a {@link DnsTransaction}, one transaction in flight per name and type shared by every lookup
 * that wants it.
 *
 * <p>{@link #lookup} runs on the loop thread; {@link #cached} on any thread, so that a dial whose
 * answer is cached never waits for the loop.
 */
public final class DnsClient {
  /** How a lookup ends: exactly one call, on the loop thread. */
  public interface Listener {
    /**
     * The name exists: its records of the type ({@link DnsAnswer.Records}), or none ({@link
     * DnsAnswer.NoData}).
     *
     * @param asked the candidate name that answered
     */
    void found(DnsName asked, DnsAnswer answer);

    /**
     * No answer: ENOENT (every candidate is NXDOMAIN), EAGAIN or EBADMSG (no server answered),
     * ETIMEDOUT (the deadline passed), ECANCELED (cancelled), EINVAL (the host is not a DNS name).
     */
    void failed(IOException error);

    /** One exchange with a server ended, or a candidate was answered from the cache. */
    default void exchanged(QueryRecord record) {}
  }

  private final EventLoop loop;
  private final Supplier<DnsSettings> settings;
  private final DnsCache cache;
  private final SecureRandom ids = new SecureRandom();
  private final Map<DnsCache.Key, DnsTransaction> inFlight = new HashMap<>();
  private int rotation;

  /**
   * A client on {@code loop}.
   *
   * @param settings the settings each lookup uses, asked once per lookup on the loop thread (so a
   *     changed resolv.conf applies to the next lookup)
   */
  public DnsClient(EventLoop loop, Supplier<DnsSettings> settings, DnsCache cache) {
    this.loop = loop;
    this.settings = settings;
    this.cache = cache;
  }

  /** The loop the lookups run on. */
  public EventLoop loop() {
    return loop;
  }

  /** The cache. */
  public DnsCache cache() {
    return cache;
  }

  /**
   * The answer to {@code host} and {@code type} if the cache holds enough to give it without a
   * query (the first candidates NXDOMAIN and the next one answered, all cached), else null; any
   * thread. An answer of NXDOMAIN for every candidate comes back as the last candidate's {@link
   * DnsAnswer.NxDomain}.
   */
  public @Nullable DnsAnswer cached(String host, int type, DnsSettings s) {
    List<DnsName> names;
    try {
      names = SearchNames.of(host, s.search(), s.ndots());
    } catch (IllegalArgumentException notADnsName) {
      return null;
    }
    DnsAnswer last = null;
    for (DnsName n : names) {
      last = cache.get(new DnsCache.Key(n, type));
      if (!(last instanceof DnsAnswer.NxDomain)) {
        return last; // records, NODATA, or not cached
      }
    }
    return last;
  }

  /**
   * Looks {@code host} up for records of {@code type} until {@code deadline}; on the loop thread.
   * The listener may be called before this returns (a cached answer, a host that is no name).
   *
   * @return the lookup, which {@link Lookup#cancel} ends with ECANCELED
   */
  public Lookup lookup(String host, int type, Deadline deadline, Listener listener) {
    if (!loop.inLoop()) {
      throw new IllegalStateException("DnsClient.lookup runs on its loop's thread");
    }
    Lookup l = new Lookup(host, type, settings.get(), listener);
    l.begin(deadline);
    return l;
  }

  /** A new transaction for {@code question}, known as in flight until it ends. */
  private DnsTransaction newTransaction(DnsSettings s, DnsQuestion question, DnsCache.Key key) {
    int first = s.rotate() ? Math.floorMod(rotation++, s.servers().size()) : 0;
    DnsTransaction made =
        new DnsTransaction(loop, s, question, ids, first, () -> inFlight.remove(key));
    inFlight.put(key, made);
    return made;
  }

  /** How many transactions are in flight (for tests and views). */
  public int inFlight() {
    return inFlight.size();
  }

  /** One lookup: the candidates in order until one says the name exists. */
  public final class Lookup implements DnsTransaction.Waiter {
    private final String host;
    private final int type;
    private final DnsSettings s;
    private final Listener listener;
    private List<DnsName> names = List.of();
    private int index;
    private @Nullable DnsTransaction current;
    private org.dial4j.loop.@Nullable Timer timer;
    private boolean done;

    private Lookup(String host, int type, DnsSettings s, Listener listener) {
      this.host = host;
      this.type = type;
      this.s = s;
      this.listener = listener;
    }

    private void begin(Deadline deadline) {
      try {
        names = SearchNames.of(host, s.search(), s.ndots());
      } catch (IllegalArgumentException e) {
        fail(Errors.invalid(host, e.getMessage()));
        return;
      }
      if (deadline.hasPassed(loop.clock())) {
        fail(Errors.timedOut(host, "the deadline passed before the first query"));
        return;
      }
      if (!deadline.isNever()) {
        timer = loop.schedule(this::deadlinePassed, deadline);
      }
      ask();
    }

    /** The current candidate: from the cache, or its transaction. */
    private void ask() {
      while (!done && index < names.size()) {
        DnsName name = names.get(index);
        DnsCache.Key key = new DnsCache.Key(name, type);
        DnsAnswer a = cache.get(key);
        if (a == null) {
          DnsTransaction t = inFlight.get(key);
          boolean fresh = t == null;
          if (t == null) {
            t = newTransaction(s, DnsQuestion.in(name, type), key);
          }
          current = t;
          t.join(this);
          if (fresh) {
            t.start();
          }
          return;
        }
        long now = loop.clock().nanoTime();
        listener.exchanged(
            new QueryRecord(
                name.toString(), type, s.servers().get(0), false, now, now, -1, "cached", null));
        if (!take(name, a)) {
          return;
        }
      }
    }

    /** True when a candidate's answer sends the lookup on to the next candidate. */
    private boolean take(DnsName name, DnsAnswer a) {
      if (a instanceof DnsAnswer.NxDomain) {
        index++;
        if (index == names.size()) {
          fail(Errors.noSuchHost(host, names));
          return false;
        }
        return true;
      }
      if (end()) {
        listener.found(name, a);
      }
      return false;
    }

    @Override
    public void answered(DnsAnswer answer) {
      DnsName name = names.get(index);
      current = null;
      cache.put(new DnsCache.Key(name, type), answer);
      if (take(name, answer)) {
        ask();
      }
    }

    @Override
    public void failed(IOException error) {
      current = null;
      fail(error);
    }

    @Override
    public void exchanged(QueryRecord record) {
      listener.exchanged(record);
    }

    /** Ends the lookup with ECANCELED if it has not ended; on the loop thread. */
    public void cancel() {
      fail(Errors.canceled(host));
    }

    private void deadlinePassed() {
      timer = null;
      fail(Errors.timedOut(host, "no answer before the deadline"));
    }

    private void fail(IOException e) {
      if (end()) {
        listener.failed(e);
      }
    }

    private boolean end() {
      if (done) {
        return false;
      }
      done = true;
      var t = timer;
      if (t != null) {
        t.cancel();
        timer = null;
      }
      DnsTransaction c = current;
      if (c != null) {
        current = null;
        c.leave(this);
      }
      return true;
    }
  }
}
