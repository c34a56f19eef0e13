package org.dial4j.testing;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.IpLiterals;
import org.dial4j.dial.Resolver;
import org.dial4j.error.NetError;

/**
 * A child JVM, run by {@code ip netns exec} in a network namespace a test made (its /etc/hosts and
 * /etc/resolv.conf the test's, the resolv.conf naming 127.0.0.1): it starts a {@link
 * ScriptedDnsServer} on 127.0.0.1:53 of that namespace, scripts it for one scenario, asks {@link
 * Resolver#system()} (the C library's getaddrinfo), and prints what it got as lines {@code result
 * KEY VALUE} for the test to assert. Nothing leaves the namespace: it has a loopback and nothing
 * else.
 *
 * <p>An outcome is printed as {@code ok [IP, ...]} or {@code error CLASS ERRNO MESSAGE}. The
 * scenarios: {@code localhost}, {@code order}, {@code nxdomain}, {@code only-a}, {@code servfail},
 * {@code share}.
 */
public final class SystemResolverChild {
  private static final Duration BOUND = Duration.ofSeconds(20);

  private SystemResolverChild() {}

  /** Runs the scenario named by the one argument; exits 1 on an unknown one. */
  public static void main(String[] args) throws Exception {
    Resolver r = Resolver.system();
    try (ScriptedDnsServer dns = ScriptedDnsServer.start("127.0.0.1", 53)) {
      switch (args[0]) {
        case "localhost" -> {
          print("v6", outcome(r.lookup("localhost", Family.INET6, Deadline.NEVER)));
          print("v4", outcome(r.lookup("localhost", Family.INET, Deadline.NEVER)));
          print("queries", Integer.toString(dns.queries().size()));
        }
        case "order" -> {
          // A at once, AAAA 300 ms later: the A future must not wait for the AAAA one.
          dns.on("order.test", ScriptedDnsServer.A)
              .answer(ScriptedDnsServer.Rec.a("order.test", "192.0.2.1", 60));
          dns.on("order.test", ScriptedDnsServer.AAAA)
              .answer(ScriptedDnsServer.Rec.aaaa("order.test", "2001:db8::1", 60))
              .delay(Duration.ofMillis(300));
          Queue<String> done = new ConcurrentLinkedQueue<>();
          // AAAA asked first, as a dial asks (RFC 8305 section 3).
          CompletableFuture<List<InetAddress>> v6 =
              r.lookup("order.test", Family.INET6, Deadline.NEVER);
          CompletableFuture<List<InetAddress>> v4 =
              r.lookup("order.test", Family.INET, Deadline.NEVER);
          var _ = v6.whenComplete((l, e) -> done.add("v6"));
          var _ = v4.whenComplete((l, e) -> done.add("v4"));
          // When A is in, AAAA must still be out (its answer is 300 ms away).
          String v4Outcome = outcome(v4);
          print("v6-done-when-v4-done", Boolean.toString(v6.isDone()));
          print("v4", v4Outcome);
          print("v6", outcome(v6));
          print("order", String.join(",", done));
        }
        case "nxdomain" -> print("v4", outcome(r.lookup("nx.test", Family.INET, Deadline.NEVER)));
        case "only-a" -> {
          dns.on("only-a.test", ScriptedDnsServer.A)
              .answer(ScriptedDnsServer.Rec.a("only-a.test", "192.0.2.7", 60));
          // NOERROR with no AAAA record (NODATA), the SOA for its negative TTL (RFC 2308).
          dns.on("only-a.test", ScriptedDnsServer.AAAA)
              .authority(ScriptedDnsServer.Rec.soa("only-a.test", 60, 60));
          print("v6", outcome(r.lookup("only-a.test", Family.INET6, Deadline.NEVER)));
          print("v4", outcome(r.lookup("only-a.test", Family.INET, Deadline.NEVER)));
        }
        case "servfail" -> {
          dns.on("sf.test", ScriptedDnsServer.A).rcode(2);
          print("v4", outcome(r.lookup("sf.test", Family.INET, Deadline.NEVER)));
        }
        case "share" -> share(r, dns);
        default -> {
          System.out.println("unknown scenario " + args[0]);
          System.exit(1);
        }
      }
    }
    System.out.flush();
  }

  /**
   * Two lookups of one name and family while the first one's query waits at the server: one query.
   * A third joins and cancels its future: the others still get the answer.
   */
  private static void share(Resolver r, ScriptedDnsServer dns) throws Exception {
    dns.on("share.test", ScriptedDnsServer.A)
        .answer(ScriptedDnsServer.Rec.a("share.test", "192.0.2.9", 60))
        .delay(Duration.ofSeconds(1));
    CompletableFuture<List<InetAddress>> first =
        r.lookup("share.test", Family.INET, Deadline.NEVER);
    // The first lookup's call is at the server (its answer a second away) before the others ask.
    Await.until("the first query at the server", () -> !dns.queries().isEmpty(), BOUND);
    CompletableFuture<List<InetAddress>> second =
        r.lookup("share.test", Family.INET, Deadline.NEVER);
    CompletableFuture<List<InetAddress>> third =
        r.lookup("share.test", Family.INET, Deadline.NEVER);
    print("third-cancelled", Boolean.toString(third.cancel(true)));
    print("first", outcome(first));
    print("second", outcome(second));
    long queries =
        dns.queries().stream()
            .filter(q -> q.name().equalsIgnoreCase("share.test") && q.type() == ScriptedDnsServer.A)
            .count();
    print("queries", Long.toString(queries));
  }

  private static void print(String key, String value) {
    ChildResults.print(key, value);
  }

  /** Waits (bounded) for {@code f}: {@code ok [IP, ...]} or {@code error CLASS ERRNO MESSAGE}. */
  private static String outcome(CompletableFuture<List<InetAddress>> f) throws Exception {
    try {
      List<InetAddress> list = f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      return "ok "
          + list.stream()
              .map(a -> IpLiterals.format(a.getAddress()))
              .collect(Collectors.joining(", ", "[", "]"));
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      String errno = t instanceof NetError ne ? ne.errno().name() : "-";
      return "error " + t.getClass().getSimpleName() + " " + errno + " " + t.getMessage();
    }
  }
}
