package org.dial4j.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.testing.ScriptedDnsServer.A;
import static org.dial4j.testing.ScriptedDnsServer.AAAA;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.dns.DnsAnswer;
import org.dial4j.internal.dns.DnsName;
import org.dial4j.loop.EventLoop;
import org.dial4j.testing.Await;
import org.dial4j.testing.ScriptedDnsServer;
import org.dial4j.testing.ScriptedDnsServer.Query;
import org.dial4j.testing.ScriptedDnsServer.Rec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stub resolver's engine on a real loop against two scripted servers: the search list and
 * ndots, NXDOMAIN against NODATA, the next server after SERVFAIL, a timeout or a malformed answer,
 * TC then TCP, the cache (positive and RFC 2308 negative), one query in flight per name and type,
 * rotate, the deadline and cancel, and nothing left open.
 */
class DnsClientTest {
  private static final long BOUND_S = 10;

  private EventLoop loop;
  private ScriptedDnsServer one;
  private ScriptedDnsServer two;
  private DnsCache cache;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("dns-client");
    one = ScriptedDnsServer.start("127.0.0.1");
    two = ScriptedDnsServer.start("127.0.0.1");
    cache = new DnsCache(loop.clock(), 1000, 3600);
  }

  @AfterEach
  void stop() throws Exception {
    loop.close();
    assertThat(loop.awaitTermination(Duration.ofSeconds(BOUND_S))).isTrue();
    one.close();
    two.close();
  }

  private static InetEndpoint at(ScriptedDnsServer s) {
    return InetEndpoint.of(s.address().getAddress(), s.address().getPort());
  }

  private DnsSettings settings(List<String> search, int ndots, Duration timeout, int attempts) {
    return new DnsSettings(
        List.of(at(one), at(two)), search, ndots, timeout, attempts, false, false, true);
  }

  /** What one lookup ended with, and the exchanges it saw. */
  record Result(DnsName asked, DnsAnswer answer, List<QueryRecord> trace) {}

  private CompletableFuture<Result> lookup(DnsClient c, String host, int type, Deadline d) {
    CompletableFuture<Result> f = new CompletableFuture<>();
    List<QueryRecord> trace = new ArrayList<>();
    loop.execute(
        () ->
            c.lookup(
                host,
                type,
                d,
                new DnsClient.Listener() {
                  @Override
                  public void found(DnsName asked, DnsAnswer answer) {
                    assertThat(f.complete(new Result(asked, answer, List.copyOf(trace))))
                        .as("one end")
                        .isTrue();
                  }

                  @Override
                  public void failed(IOException error) {
                    assertThat(f.completeExceptionally(error)).as("one end").isTrue();
                  }

                  @Override
                  public void exchanged(QueryRecord r) {
                    trace.add(r);
                  }
                }));
    return f;
  }

  private Result found(DnsClient c, String host, int type) throws Exception {
    return lookup(c, host, type, Deadline.after(Duration.ofSeconds(BOUND_S)))
        .get(BOUND_S, TimeUnit.SECONDS);
  }

  /** A lookup's failure: its errno and message. */
  record Fail(Errno errno, String getMessage) {}

  private Fail failure(DnsClient c, String host, int type, Deadline d) throws Exception {
    CompletableFuture<Result> f = lookup(c, host, type, d);
    try {
      f.get(BOUND_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(NetError.class);
      NetError ne = (NetError) e.getCause();
      assertThat(ne.operation()).isEqualTo(Operation.RESOLVE);
      return new Fail(ne.errno(), e.getCause().getMessage());
    }
    throw new AssertionError("the lookup of " + host + " succeeded");
  }

  private DnsClient client(DnsSettings s) {
    return new DnsClient(loop, () -> s, cache);
  }

  private static List<String> names(ScriptedDnsServer s) {
    return s.queries().stream().map(Query::name).map(n -> n.replaceAll("\\.$", "")).toList();
  }

  private static List<InetAddress> addresses(DnsAnswer a) {
    assertThat(a).isInstanceOf(DnsAnswer.Records.class);
    return ((DnsAnswer.Records) a).addresses();
  }

  @Test
  @DisplayName("an A answer: its address, TTL and the one query, sent once to the first server")
  void answer() throws Exception {
    one.on("host.test", A).answer(Rec.a("host.test", "192.0.2.7", 300));
    Result r = found(client(settings(List.of(), 1, Duration.ofSeconds(2), 2)), "host.test", A);
    assertThat(addresses(r.answer())).containsExactly(InetAddress.ofLiteral("192.0.2.7"));
    assertThat(((DnsAnswer.Records) r.answer()).ttl()).isEqualTo(300);
    assertThat(names(one)).containsExactly("host.test");
    assertThat(two.queries()).isEmpty();
    assertThat(r.trace()).singleElement().satisfies(q -> assertThat(q.rcode()).isZero());
  }

  @Test
  @DisplayName("a short name goes through the search list first, then as it is (ndots 1)")
  void searchList() throws Exception {
    one.on("www.b.test", AAAA).answer(Rec.aaaa("www.b.test", "2001:db8::1", 60));
    DnsClient c = client(settings(List.of("a.test", "b.test"), 1, Duration.ofSeconds(2), 1));
    Result r = found(c, "www", AAAA);
    assertThat(r.asked()).hasToString("www.b.test.");
    assertThat(names(one)).containsExactly("www.a.test", "www.b.test");
  }

  @Test
  @DisplayName("a name with ndots dots is tried as it is first; an absolute name alone")
  void ndotsAndAbsolute() throws Exception {
    DnsClient c = client(settings(List.of("a.test"), 1, Duration.ofSeconds(2), 1));
    Fail e = failure(c, "x.y", A, Deadline.after(Duration.ofSeconds(BOUND_S)));
    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
    assertThat(e.getMessage()).contains("no such host x.y", "x.y.", "x.y.a.test.");
    assertThat(names(one)).containsExactly("x.y", "x.y.a.test");

    Fail abs = failure(c, "z.test.", A, Deadline.after(Duration.ofSeconds(BOUND_S)));
    assertThat(abs.errno()).isEqualTo(Errno.ENOENT);
    assertThat(names(one)).endsWith("z.test").doesNotContain("z.test.a.test");
  }

  @Test
  @DisplayName("NODATA ends the search: the name exists, with no record of the type")
  void noDataEndsTheSearch() throws Exception {
    one.on("v4only.a.test", AAAA).authority(Rec.soa("a.test", 600, 30));
    one.on("v4only.a.test", A).answer(Rec.a("v4only.a.test", "192.0.2.1", 60));
    DnsClient c = client(settings(List.of("a.test"), 1, Duration.ofSeconds(2), 1));
    Result r = found(c, "v4only", AAAA);
    assertThat(r.answer()).isInstanceOf(DnsAnswer.NoData.class);
    assertThat(names(one)).containsExactly("v4only.a.test");
  }

  @Test
  @DisplayName("SERVFAIL from the first server: the second is asked and answers")
  void servfailNextServer() throws Exception {
    one.on("h.test", A).rcode(2);
    two.on("h.test", A).answer(Rec.a("h.test", "192.0.2.2", 60));
    Result r = found(client(settings(List.of(), 1, Duration.ofSeconds(2), 2)), "h.test", A);
    assertThat(addresses(r.answer())).containsExactly(InetAddress.ofLiteral("192.0.2.2"));
    assertThat(r.trace()).extracting(QueryRecord::outcome).containsExactly("SERVFAIL", "1 records");
  }

  @Test
  @DisplayName("every server fails every attempt: EAGAIN naming each server and its rcode")
  void allFailEagain() throws Exception {
    one.on("h.test", A).rcode(2);
    two.on("h.test", A).rcode(5);
    Fail e =
        failure(
            client(settings(List.of(), 1, Duration.ofSeconds(2), 2)),
            "h.test",
            A,
            Deadline.after(Duration.ofSeconds(BOUND_S)));
    assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
    assertThat(e.getMessage())
        .contains(at(one) + ": answered SERVFAIL", at(two) + ": answered REFUSED");
    // attempts x servers, in glibc's order: one, two, one, two.
    assertThat(one.queries()).hasSize(2);
    assertThat(two.queries()).hasSize(2);
  }

  @Test
  @DisplayName("no answer in the timeout from the first server: the second answers")
  void timeoutNextServer() throws Exception {
    one.on("slow.test", A).drop();
    two.on("slow.test", A).answer(Rec.a("slow.test", "192.0.2.3", 60));
    Result r = found(client(settings(List.of(), 1, Duration.ofMillis(200), 1)), "slow.test", A);
    assertThat(addresses(r.answer())).containsExactly(InetAddress.ofLiteral("192.0.2.3"));
    assertThat(r.trace()).extracting(QueryRecord::outcome).first().isEqualTo("timed out");
  }

  @Test
  @DisplayName("garbage and a wrong ID are not answers: the wait goes on, then EAGAIN")
  void garbageIgnored() throws Exception {
    one.on("g.test", A).garbage();
    two.on("g.test", A).wrongId();
    Fail e =
        failure(
            client(settings(List.of(), 1, Duration.ofMillis(150), 1)),
            "g.test",
            A,
            Deadline.after(Duration.ofSeconds(BOUND_S)));
    assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
    assertThat(e.getMessage()).contains("no answer in 150 ms");
  }

  @Test
  @DisplayName("a malformed answer that echoes the query is the server's: EBADMSG")
  void malformedEbadmsg() throws Exception {
    Rec threeByteA = new Rec("bad.test", A, 60, new byte[] {1, 2, 3});
    one.on("bad.test", A).answer(threeByteA);
    two.on("bad.test", A).answer(threeByteA);
    Fail e =
        failure(
            client(settings(List.of(), 1, Duration.ofSeconds(2), 1)),
            "bad.test",
            A,
            Deadline.after(Duration.ofSeconds(BOUND_S)));
    assertThat(e.errno()).isEqualTo(Errno.EBADMSG);
    assertThat(e.getMessage()).contains("malformed");
  }

  @Test
  @DisplayName("a truncated UDP answer is asked again over TCP, of the same server")
  void truncatedThenTcp() throws Exception {
    one.on("big.test", A)
        .truncate()
        .answer(Rec.a("big.test", "192.0.2.10", 60), Rec.a("big.test", "192.0.2.11", 60));
    Result r = found(client(settings(List.of(), 1, Duration.ofSeconds(2), 1)), "big.test", A);
    assertThat(addresses(r.answer())).hasSize(2);
    assertThat(one.queries()).extracting(Query::tcp).containsExactly(false, true);
    assertThat(two.queries()).isEmpty();
  }

  @Test
  @DisplayName("a CNAME chain is followed to the records")
  void cnameChain() throws Exception {
    one.on("alias.test", A)
        .answer(
            Rec.cname("alias.test", "mid.test", 100),
            Rec.cname("mid.test", "real.test", 100),
            Rec.a("real.test", "192.0.2.20", 50));
    Result r = found(client(settings(List.of(), 1, Duration.ofSeconds(2), 1)), "alias.test", A);
    DnsAnswer.Records rec = (DnsAnswer.Records) r.answer();
    assertThat(rec.name()).hasToString("real.test.");
    assertThat(rec.aliases())
        .extracting(DnsName::toString)
        .containsExactly("alias.test.", "mid.test.");
    assertThat(rec.ttl()).isEqualTo(50);
  }

  @Test
  @DisplayName("answers are cached: records for their TTL, NXDOMAIN for the SOA's negative TTL")
  void cache() throws Exception {
    one.on("c.test", A).answer(Rec.a("c.test", "192.0.2.30", 300));
    one.on("nx.test", A).rcode(3).authority(Rec.soa("test", 900, 60));
    DnsSettings s = settings(List.of(), 1, Duration.ofSeconds(2), 1);
    DnsClient c = client(s);
    found(c, "c.test", A);
    failure(c, "nx.test", A, Deadline.after(Duration.ofSeconds(BOUND_S)));
    assertThat(one.queries()).hasSize(2);

    Result again = found(c, "c.test", A);
    assertThat(again.trace()).extracting(QueryRecord::outcome).containsExactly("cached");
    assertThat(failure(c, "nx.test", A, Deadline.after(Duration.ofSeconds(BOUND_S))).errno())
        .isEqualTo(Errno.ENOENT);
    assertThat(one.queries()).as("both from the cache").hasSize(2);
    assertThat(c.cached("c.test", A, s)).isInstanceOf(DnsAnswer.Records.class);
    assertThat(c.cached("nx.test", A, s)).isInstanceOf(DnsAnswer.NxDomain.class);
    assertThat(cache.remainingSeconds(new DnsCache.Key(DnsName.parse("nx.test"), A)))
        .isBetween(1L, 60L);
  }

  @Test
  @DisplayName("two lookups of one name and type at once share one query")
  void oneInFlight() throws Exception {
    one.on("shared.test", A)
        .delay(Duration.ofMillis(200))
        .answer(Rec.a("shared.test", "192.0.2.40", 60));
    DnsClient c = client(settings(List.of(), 1, Duration.ofSeconds(2), 1));
    Deadline d = Deadline.after(Duration.ofSeconds(BOUND_S));
    CompletableFuture<Result> f1 = lookup(c, "shared.test", A, d);
    CompletableFuture<Result> f2 = lookup(c, "shared.test", A, d);
    assertThat(addresses(f1.get(BOUND_S, TimeUnit.SECONDS).answer())).hasSize(1);
    assertThat(addresses(f2.get(BOUND_S, TimeUnit.SECONDS).answer())).hasSize(1);
    assertThat(one.queries()).hasSize(1);
  }

  @Test
  @DisplayName("rotate: each new query starts at the next server")
  void rotate() throws Exception {
    for (String n : List.of("r1.test", "r2.test")) {
      one.on(n, A).answer(Rec.a(n, "192.0.2.50", 60));
      two.on(n, A).answer(Rec.a(n, "192.0.2.50", 60));
    }
    DnsSettings s =
        new DnsSettings(
            List.of(at(one), at(two)), List.of(), 1, Duration.ofSeconds(2), 1, true, false, true);
    DnsClient c = client(s);
    found(c, "r1.test", A);
    found(c, "r2.test", A);
    assertThat(names(one)).containsExactly("r1.test");
    assertThat(names(two)).containsExactly("r2.test");
  }

  @Test
  @DisplayName("the deadline ends the lookup with ETIMEDOUT, whatever the servers' timeouts")
  void deadline() throws Exception {
    one.on("late.test", A).drop();
    DnsClient c = client(settings(List.of(), 1, Duration.ofSeconds(5), 2));
    Fail e = failure(c, "late.test", A, Deadline.after(Duration.ofMillis(100)));
    assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(e.getMessage()).contains("late.test");
    Await.until("no transaction left", () -> inFlight(c) == 0, Duration.ofSeconds(BOUND_S));
  }

  @Test
  @DisplayName("cancel ends the lookup with ECANCELED and its query with it")
  void cancel() throws Exception {
    one.on("never.test", A).drop();
    DnsClient c = client(settings(List.of(), 1, Duration.ofSeconds(5), 2));
    AtomicReference<DnsClient.Lookup> handle = new AtomicReference<>();
    CompletableFuture<IOException> failed = new CompletableFuture<>();
    loop.execute(
        () ->
            handle.set(
                c.lookup(
                    "never.test",
                    A,
                    Deadline.NEVER,
                    new DnsClient.Listener() {
                      @Override
                      public void found(DnsName asked, DnsAnswer answer) {
                        failed.completeExceptionally(new AssertionError("found"));
                      }

                      @Override
                      public void failed(IOException error) {
                        failed.complete(error);
                      }
                    })));
    Await.until("the query is out", () -> !one.queries().isEmpty(), Duration.ofSeconds(BOUND_S));
    loop.execute(() -> handle.get().cancel());
    IOException e = failed.get(BOUND_S, TimeUnit.SECONDS);
    assertThat(NetError.errnoOf(e)).contains(Errno.ECANCELED);
    assertThat(inFlight(c)).isZero();
  }

  @Test
  @DisplayName("a host that is no DNS name fails with EINVAL naming it, before any query")
  void notAName() throws Exception {
    String bad = "a".repeat(64) + ".test";
    Fail e =
        failure(
            client(settings(List.of(), 1, Duration.ofSeconds(2), 1)),
            bad,
            A,
            Deadline.after(Duration.ofSeconds(BOUND_S)));
    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
    assertThat(e.getMessage()).contains(bad);
    assertThat(one.queries()).isEmpty();
  }

  private int inFlight(DnsClient c) {
    try {
      return loop.submit(c::inFlight).get(BOUND_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
