package org.dial4j.dial;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.IpLiterals;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.dns.DnsAnswer;
import org.dial4j.internal.dns.DnsCodes;
import org.dial4j.internal.dns.DnsName;
import org.dial4j.internal.dns.RData;
import org.dial4j.internal.dnsconf.HostsFile;
import org.dial4j.internal.dnsconf.NsSwitchHosts;
import org.dial4j.internal.dnsconf.ResolvConf;
import org.dial4j.internal.dnsconf.ResolvEnvironment;
import org.dial4j.loop.EventLoop;
import org.dial4j.resolve.DnsCache;
import org.dial4j.resolve.DnsClient;
import org.dial4j.resolve.DnsSettings;
import org.dial4j.resolve.NameSources;
import org.dial4j.resolve.QueryRecord;
import org.dial4j.resolve.SystemConfig;
import org.jspecify.annotations.Nullable;

/**
 * dial4j's own stub resolver: DNS over UDP and TCP on an event loop, one query per family, so a
 * dial starts on the first family's answer (RFC 8305 section 3) and no query outlives the dial's
 * deadline.
 *
 * <p>What it does, as glibc's resolver and Go's do:
 *
 * <ul>
 *   <li>Each query goes to the servers in order (or, with {@code rotate}, starting at the next one
 *       each time), {@code attempts} rounds over them, each try waiting {@code timeout}; a server
 *       that answers SERVFAIL, REFUSED or another error, a malformed answer or nothing in time
 *       passes the question to the next one. Every try has a random ID from a secure source and, by
 *       a socket of its own, a random source port; an answer is taken only from the server's
 *       address and port with the query's ID and question (RFC 5452). A truncated answer is asked
 *       again over TCP.
 *   <li>A name with fewer than {@code ndots} dots is tried with each search domain first, then as
 *       it is; one with more, the other way round; one ending in a dot, alone. NXDOMAIN moves on to
 *       the next name; an answer without records of the type (NODATA) ends the search, since the
 *       name exists. CNAME chains in an answer are followed, with loops refused.
 *   <li>Answers are cached: records for their TTL, NXDOMAIN and NODATA for the negative TTL of RFC
 *       2308 section 5 (not at all without an SOA), none longer than {@code maxTtl}; at most {@code
 *       cacheSize} of them. A dial whose answer is cached does not wait for the loop; a name's
 *       answer, once made, is handed out again as it is for up to 5 s (no longer than its TTL)
 *       before the files and the cache are looked at again. One query per name and type is in
 *       flight, shared by every dial that asks.
 * </ul>
 *
 * <p>Two special names of RFC 6761 never reach a server (section 6.3 and 6.4: "name resolution APIs
 * and libraries SHOULD recognize" them): a name under {@code invalid} fails at once with ENOENT,
 * and {@code localhost} and the names under it, unless the hosts file has them, are the loopback
 * addresses ({@code ::1}, {@code 127.0.0.1}), as systemd-resolved answers them.
 *
 * <p>Failures complete the future with a {@code NetError} of operation resolve: ENOENT when the
 * name does not exist ("no such host", naming every name tried), EAGAIN when no server gave an
 * answer (each server's failure in the detail: its rcode, or "no answer in 5000 ms"), EBADMSG when
 * the last server's answer was malformed, ETIMEDOUT when the deadline passed first, ECANCELED when
 * the future was cancelled, EINVAL for a host that is no DNS name.
 */
public final class DnsResolver implements Resolver {
  private final Supplier<DnsSettings> settings;
  private final NameSources sources;
  private final DnsCache cache;
  private final org.dial4j.MonotonicClock clock;
  private final int maxMemo;
  private final @Nullable EventLoop givenLoop;
  private final Object clientLock = new Object();
  private @Nullable DnsClient client;

  private DnsResolver(Builder b, SystemConfig config) {
    this.givenLoop = b.loop;
    this.cache =
        new DnsCache(
            b.loop != null ? b.loop.clock() : System::nanoTime, b.cacheSize, b.maxTtl.toSeconds());
    this.settings = () -> config.settings(this::flush);
    this.clock = b.loop != null ? b.loop.clock() : System::nanoTime;
    this.maxMemo = b.cacheSize;
    this.sources = config;
  }

  /**
   * The resolver every {@link Dialer} uses unless given another: the system's files
   * (/etc/resolv.conf, /etc/hosts, /etc/nsswitch.conf, each re-read when it changes), the shared
   * loop, a cache of 10,000 answers for at most an hour each. Made at first use.
   */
  public static DnsResolver system() {
    return SystemHolder.INSTANCE;
  }

  private static final class SystemHolder {
    static final DnsResolver INSTANCE = builder().build();
  }

  /** A builder: everything resolv.conf(5) sets, and the cache. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CompletableFuture<List<InetAddress>> lookup(
      String host, Family family, Deadline deadline) {
    return lookup(host, family, deadline, null);
  }

  /** As {@link #lookup(String, Family, Deadline)}, each DNS exchange reported to {@code trace}. */
  @Override
  public CompletableFuture<List<InetAddress>> lookup(
      String host, Family family, Deadline deadline, @Nullable Consumer<DnsQueryEvent> trace) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(deadline, "deadline");
    Map<String, Memo> m = family == Family.INET ? memo4 : memo6;
    Memo hit = m.get(host);
    long now = clock.nanoTime();
    if (hit != null && now - hit.expiresNanos < 0) {
      return hit.answer; // the connect path of a name already known: no parsing, no allocation
    }
    List<InetAddress> fromHosts = sources.hosts(host);
    if (fromHosts != null) {
      return remember(m, host, Resolver.only(fromHosts, family), now, MEMO_NANOS);
    }
    SpecialNames.Kind special = SpecialNames.of(host);
    if (special == SpecialNames.Kind.INVALID) {
      return CompletableFuture.failedFuture(SpecialNames.invalid(host));
    }
    if (special == SpecialNames.Kind.LOCALHOST) {
      return remember(m, host, SpecialNames.loopback(family), now, MEMO_NANOS);
    }
    String why = sources.systemReason(host);
    if (why != null) {
      if (trace != null) {
        trace.accept(
            new DnsQueryEvent(
                host,
                family == Family.INET ? "A" : "AAAA",
                null,
                false,
                false,
                now,
                Duration.ZERO,
                -1,
                "handed to getaddrinfo: " + why,
                null));
      }
      return Resolver.system().lookup(host, family, deadline);
    }
    int type = family == Family.INET ? DnsCodes.TYPE_A : DnsCodes.TYPE_AAAA;
    DnsSettings s = settings.get();
    // nsswitch's "dns files": the hosts file answers what DNS does not.
    List<InetAddress> later = sources.hostsAfterDns(host);
    List<InetAddress> afterDns = later == null ? List.of() : Resolver.only(later, family);
    DnsClient c = this.client;
    if (c != null) {
      DnsAnswer cached = c.cached(host, type, s);
      if (cached instanceof DnsAnswer.Records r) {
        return remember(m, host, r.addresses(), now, ttlNanos(r));
      }
      if (cached instanceof DnsAnswer.NoData) {
        return CompletableFuture.completedFuture(afterDns);
      }
    }
    CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
    start(
        host,
        type,
        deadline,
        trace,
        f,
        (asked, answer) -> {
          if (answer instanceof DnsAnswer.Records r) {
            List<InetAddress> list = List.copyOf(r.addresses());
            var _ = remember(m, host, list, clock.nanoTime(), ttlNanos(r));
            return list;
          }
          return List.<InetAddress>of();
        });
    return afterDns.isEmpty() ? f : DnsValues.orHostsFile(f, afterDns);
  }

  /**
   * How long a name's answer is reused without a look at the files and the cache: at most {@value
   * #MEMO_SECONDS} s (the period the files are checked in), and no longer than its TTL.
   */
  static final long MEMO_SECONDS = 5;

  private static final long MEMO_NANOS = MEMO_SECONDS * 1_000_000_000L;

  /** A name's answer of one family, ready to hand out until it expires. */
  private record Memo(CompletableFuture<List<InetAddress>> answer, long expiresNanos) {}

  private final Map<String, Memo> memo4 = new ConcurrentHashMap<>();
  private final Map<String, Memo> memo6 = new ConcurrentHashMap<>();

  private static long ttlNanos(DnsAnswer.Records r) {
    return Math.min(MEMO_NANOS, r.ttl() * 1_000_000_000L);
  }

  private CompletableFuture<List<InetAddress>> remember(
      Map<String, Memo> m, String host, List<InetAddress> list, long now, long forNanos) {
    CompletableFuture<List<InetAddress>> f = CompletableFuture.completedFuture(List.copyOf(list));
    if (forNanos > 0 && maxMemo > 0) {
      if (m.size() >= maxMemo) {
        m.clear(); // a flood of names: start again rather than grow
      }
      m.put(host, new Memo(f, now + forNanos));
    }
    return f;
  }

  /** Forgets what the memo and the cache hold (the configuration changed). */
  private void flush() {
    memo4.clear();
    memo6.clear();
    cache.clear();
  }

  /**
   * Looks up records of one type, with each query reported as it ends: what {@code dial4j resolve}
   * shows. Neither the hosts file nor the system resolver is asked: this is DNS alone.
   *
   * @param type "A", "AAAA", "HTTPS", "SVCB" or "CNAME" (any case)
   * @param trace called with each query's event, on the resolver's loop thread; may be null
   * @return the records; fails as {@link #lookup} does (ENOENT for a name that does not exist)
   * @throws InvalidArgumentException (EINVAL) for another type
   */
  public CompletableFuture<DnsLookupResult> query(
      String host, String type, Deadline deadline, @Nullable Consumer<DnsQueryEvent> trace) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(deadline, "deadline");
    int t = DnsValues.typeCode(type);
    SpecialNames.Kind special = SpecialNames.of(host);
    if (special == SpecialNames.Kind.INVALID) {
      return CompletableFuture.failedFuture(SpecialNames.invalid(host));
    }
    if (special == SpecialNames.Kind.LOCALHOST) {
      return CompletableFuture.completedFuture(SpecialNames.localhost(host, t));
    }
    CompletableFuture<DnsLookupResult> f = new CompletableFuture<>();
    start(host, t, deadline, trace, f, (asked, answer) -> DnsValues.result(asked, answer, t));
    return f;
  }

  /**
   * The service bindings of {@code host} (RFC 9460): an HTTPS query for {@code https} (of {@code
   * host} on port 443, else of {@code _PORT._https.host}, section 9.1), an SVCB query of {@code
   * _PORT._SCHEME.host} for another scheme (section 2.3); AliasMode records followed to their
   * target, at most {@value #MAX_ALIASES} times (section 2.4.2 asks for a bound); ServiceMode
   * records whose {@code mandatory} names a key dial4j does not know left out (section 8); the rest
   * sorted by priority, each target "." replaced by its owner. Any failure is an empty list: the
   * records are optional to a dial.
   */
  @Override
  public CompletableFuture<List<ServiceBinding>> services(
      String host, int port, String scheme, Deadline deadline) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(deadline, "deadline");
    String s = scheme.toLowerCase(Locale.ROOT);
    boolean https = s.equals("https");
    String qname = https && port == 443 ? host : "_" + port + "._" + s + "." + host;
    int type = https ? DnsCodes.TYPE_HTTPS : DnsCodes.TYPE_SVCB;
    return bindings(qname, type, deadline, 0).exceptionally(e -> List.of());
  }

  /** How many AliasMode records one service lookup follows. */
  static final int MAX_ALIASES = 8;

  private CompletableFuture<List<ServiceBinding>> bindings(
      String qname, int type, Deadline deadline, int aliases) {
    CompletableFuture<Found> f = new CompletableFuture<>();
    start(qname, type, deadline, null, f, Found::new);
    return f.thenCompose(
        found -> {
          if (!(found.answer() instanceof DnsAnswer.Records r)) {
            return CompletableFuture.completedFuture(List.of());
          }
          List<ServiceBinding> out = new ArrayList<>();
          for (RData d : r.data()) {
            if (d instanceof RData.Svcb svcb) {
              if (svcb.aliasMode()) {
                if (aliases >= MAX_ALIASES || svcb.target().isRoot()) {
                  return CompletableFuture.completedFuture(List.of());
                }
                // RFC 9460 section 2.4.2: an AliasMode record sends the client to its target.
                return bindings(svcb.target().toString(), type, deadline, aliases + 1);
              }
              ServiceBinding b = DnsValues.binding(svcb, r.name());
              if (b != null) {
                out.add(b);
              }
            }
          }
          out.sort(java.util.Comparator.comparingInt(ServiceBinding::priority));
          return CompletableFuture.completedFuture(List.copyOf(out));
        });
  }

  private record Found(DnsName asked, DnsAnswer answer) {}

  /** Forgets every cached answer. */
  public void clearCache() {
    flush();
  }

  /** The settings the next lookup uses. */
  @Override
  public String toString() {
    DnsSettings s = settings.get();
    return "DnsResolver[servers="
        + s.servers()
        + ", search="
        + s.search()
        + ", ndots="
        + s.ndots()
        + ", timeout="
        + s.timeout()
        + ", attempts="
        + s.attempts()
        + (s.rotate() ? ", rotate" : "")
        + (s.tcp() ? ", tcp" : "")
        + (s.edns() ? ", edns0" : "")
        + "]";
  }

  private interface Convert<T> {
    T from(DnsName asked, DnsAnswer answer);
  }

  private <T> void start(
      String host,
      int type,
      Deadline deadline,
      @Nullable Consumer<DnsQueryEvent> trace,
      CompletableFuture<T> f,
      Convert<T> convert) {
    DnsClient c;
    try {
      c = client();
    } catch (IOException e) {
      f.completeExceptionally(e);
      return;
    }
    DnsClient.Listener listener =
        new DnsClient.Listener() {
          @Override
          public void found(DnsName asked, DnsAnswer answer) {
            f.complete(convert.from(asked, answer));
          }

          @Override
          public void failed(IOException error) {
            f.completeExceptionally(error);
          }

          @Override
          public void exchanged(QueryRecord r) {
            if (trace != null) {
              trace.accept(DnsValues.event(r));
            }
          }
        };
    try {
      c.loop()
          .execute(
              () -> {
                if (f.isDone()) {
                  return; // cancelled before the loop got to it
                }
                DnsClient.Lookup l = c.lookup(host, type, deadline, listener);
                // The stage is not needed: it only passes the caller's cancel on to the lookup.
                var _ =
                    f.whenComplete(
                        (v, e) -> {
                          if (f.isCancelled()) {
                            executeQuietly(c.loop(), l::cancel);
                          }
                        });
              });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(
          NetError.of(
              Errno.ECANCELED,
              Operation.RESOLVE,
              "looking up " + host + ": the resolver's loop is closed"));
    }
  }

  private static void executeQuietly(EventLoop loop, Runnable r) {
    try {
      loop.execute(r);
    } catch (RejectedExecutionException closed) {
      // the loop closed: its lookups ended with it
    }
  }

  /** The client on the loop: the given one, or the shared default loop (made again if it died). */
  private DnsClient client() throws IOException {
    EventLoop loop = givenLoop != null ? givenLoop : DefaultLoop.first();
    synchronized (clientLock) {
      DnsClient c = client;
      if (c == null || c.loop() != loop) {
        c = new DnsClient(loop, settings, cache);
        client = c;
      }
      return c;
    }
  }

  /**
   * Sets up a {@link DnsResolver}. Every setting not given comes from resolv.conf(5), read again
   * when it changes (checked at most every 5 s), with glibc's defaults where the file is silent or
   * missing; hosts(5) and nsswitch.conf(5)'s {@code hosts:} line decide what is answered before or
   * instead of DNS.
   */
  public static final class Builder {
    private final List<InetEndpoint> servers = new ArrayList<>();
    private @Nullable List<String> search;
    private @Nullable Integer ndots;
    private @Nullable Duration timeout;
    private @Nullable Integer attempts;
    private @Nullable Boolean rotate;
    private @Nullable Boolean tcp;
    private boolean edns = true;
    private int cacheSize = 10_000;
    private Duration maxTtl = Duration.ofHours(1);
    private @Nullable EventLoop loop;
    private @Nullable Path resolvConf = ResolvConf.PATH;
    private @Nullable Path hostsFile = HostsFile.PATH;
    private @Nullable Path nsswitchConf = NsSwitchHosts.PATH;

    private Builder() {}

    /**
     * Adds a name server: {@code IP}, {@code IP:port} or {@code [IPv6]:port}; port 53 when none is
     * given. Any server given replaces resolv.conf's {@code nameserver} lines.
     *
     * @throws InvalidArgumentException (EINVAL) naming {@code server} if it is none of those
     */
    public Builder server(String server) {
      Objects.requireNonNull(server, "server");
      InetEndpoint e;
      var v4 = IpLiterals.parseIpv4(server);
      var v6 = IpLiterals.parseIpv6(server);
      if (v4.isPresent()) {
        e = InetEndpoint.of(v4.get(), 53);
      } else if (v6.isPresent()) {
        e = InetEndpoint.of(v6.get(), 53);
      } else {
        e = Endpoint.parseInet(server);
      }
      servers.add(e);
      return this;
    }

    /** Adds a name server (see {@link #server(String)}). */
    public Builder server(InetSocketAddress server) {
      Objects.requireNonNull(server, "server");
      if (server.isUnresolved()) {
        throw new InvalidArgumentException(
            Errno.EINVAL, server.toString(), "a name server is an address, not a name");
      }
      servers.add(InetEndpoint.of(server.getAddress(), server.getPort()));
      return this;
    }

    /** The search list, replacing resolv.conf's search and domain lines; empty for none. */
    public Builder search(List<String> domains) {
      List<String> copy = new ArrayList<>();
      for (String d : domains) {
        String name = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
        DnsName.parse(name); // EINVAL naming it if it is no name
        copy.add(name);
      }
      this.search = List.copyOf(copy);
      return this;
    }

    /** {@code ndots}, 0 to 15 (glibc's default 1). */
    public Builder ndots(int ndots) {
      if (ndots < 0 || ndots > 15) {
        throw new InvalidArgumentException(
            Errno.EINVAL, Integer.toString(ndots), "ndots is 0 to 15");
      }
      this.ndots = ndots;
      return this;
    }

    /** How long each try waits for one server (glibc's default 5 s); at least 1 ms. */
    public Builder timeout(Duration timeout) {
      if (timeout.toMillis() < 1) {
        throw new InvalidArgumentException(
            Errno.EINVAL, timeout.toString(), "a DNS timeout is at least 1 ms");
      }
      this.timeout = timeout;
      return this;
    }

    /** Rounds over all servers, 1 to 5 (glibc's default 2). */
    public Builder attempts(int attempts) {
      if (attempts < 1 || attempts > 5) {
        throw new InvalidArgumentException(
            Errno.EINVAL, Integer.toString(attempts), "attempts is 1 to 5");
      }
      this.attempts = attempts;
      return this;
    }

    /** Whether each query starts at the next server (resolv.conf's {@code rotate}). */
    public Builder rotate(boolean rotate) {
      this.rotate = rotate;
      return this;
    }

    /** Whether every query goes over TCP (resolv.conf's {@code use-vc}). */
    public Builder tcp(boolean tcp) {
      this.tcp = tcp;
      return this;
    }

    /**
     * Whether queries carry EDNS0 with a 1232-byte UDP payload (default true, as Go's resolver does
     * whatever resolv.conf says; glibc only with its edns0 option).
     */
    public Builder edns(boolean edns) {
      this.edns = edns;
      return this;
    }

    /** The most answers cached (default 10,000); 0 caches none. */
    public Builder cacheSize(int entries) {
      if (entries < 0) {
        throw new InvalidArgumentException(
            Errno.EINVAL, Integer.toString(entries), "a cache size is not negative");
      }
      this.cacheSize = entries;
      return this;
    }

    /** The longest any answer is cached, whatever its TTL (default 1 hour); zero caches none. */
    public Builder maxTtl(Duration maxTtl) {
      if (maxTtl.isNegative()) {
        throw new InvalidArgumentException(
            Errno.EINVAL, maxTtl.toString(), "a TTL cap is not negative");
      }
      this.maxTtl = maxTtl;
      return this;
    }

    /** The loop the queries run on (default: the dialers' shared loop). */
    public Builder loop(EventLoop loop) {
      this.loop = Objects.requireNonNull(loop, "loop");
      return this;
    }

    /** Where resolv.conf is (default /etc/resolv.conf); null reads none (glibc's defaults). */
    public Builder resolvConf(@Nullable Path path) {
      this.resolvConf = path;
      return this;
    }

    /** Where the hosts file is (default /etc/hosts); null reads none. */
    public Builder hostsFile(@Nullable Path path) {
      this.hostsFile = path;
      return this;
    }

    /**
     * Where nsswitch.conf is (default /etc/nsswitch.conf); null reads none, and takes {@code files
     * dns} ({@code dns} without a hosts file).
     */
    public Builder nsswitchConf(@Nullable Path path) {
      this.nsswitchConf = path;
      return this;
    }

    /**
     * Reads no file at all: the servers given, glibc's defaults for the rest, no hosts file, DNS
     * alone (what a test or a tool that names its server wants).
     */
    public Builder noSystemFiles() {
      return resolvConf(null).hostsFile(null).nsswitchConf(null);
    }

    /** The resolver. Nothing is read until its first lookup. */
    public DnsResolver build() {
      List<InetEndpoint> givenServers = List.copyOf(servers);
      List<String> givenSearch = search;
      Integer givenNdots = ndots;
      Duration givenTimeout = timeout;
      Integer givenAttempts = attempts;
      Boolean givenRotate = rotate;
      Boolean givenTcp = tcp;
      boolean givenEdns = edns;
      java.util.function.Function<ResolvConf, DnsSettings> overrides =
          conf -> {
            DnsSettings f = SystemConfig.fromFile(conf);
            return new DnsSettings(
                givenServers.isEmpty() ? f.servers() : givenServers,
                givenSearch != null ? givenSearch : f.search(),
                givenNdots != null ? givenNdots : f.ndots(),
                givenTimeout != null ? givenTimeout : f.timeout(),
                givenAttempts != null ? givenAttempts : f.attempts(),
                givenRotate != null ? givenRotate : f.rotate(),
                givenTcp != null ? givenTcp : f.tcp(),
                givenEdns);
          };
      SystemConfig config =
          new SystemConfig(
              resolvConf,
              hostsFile,
              nsswitchConf,
              ResolvEnvironment.system(),
              loop != null ? loop.clock() : System::nanoTime,
              overrides);
      return new DnsResolver(this, config);
    }
  }
}
