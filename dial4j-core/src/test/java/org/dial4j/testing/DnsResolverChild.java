package org.dial4j.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.IpLiterals;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.DnsResolver;
import org.dial4j.dial.Resolver;
import org.dial4j.error.NetError;

/**
 * A child JVM, run by {@code ip netns exec} in a network namespace a test made, for dial4j's own
 * resolver on its default path: {@link DnsResolver#system()} and a plain {@code
 * Dialer.builder().build()}, which read the real /etc/resolv.conf, /etc/hosts and
 * /etc/nsswitch.conf, here the test's files bind-mounted over them. It starts a {@link
 * ScriptedDnsServer} on the namespace's 127.0.0.1:53, runs one scenario and prints lines {@code
 * result KEY VALUE} for the test to assert, first {@code resolv} and {@code nsswitch} (the files it
 * sees, so the test knows the mounts took).
 *
 * <p>An outcome is printed as {@code ok [IP, ...]} or {@code error CLASS ERRNO MESSAGE}. The
 * scenarios: {@code search}, {@code hosts}, {@code dns-files}, {@code myhostname}, {@code dial},
 * {@code reload}.
 */
public final class DnsResolverChild {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  private DnsResolverChild() {}

  /** Runs the scenario named by the one argument; exits 1 on an unknown one. */
  public static void main(String[] args) throws Exception {
    print("resolv", oneLine(Files.readString(RESOLV_CONF)));
    print("nsswitch", hostsLine());
    DnsResolver r = DnsResolver.system();
    try (ScriptedDnsServer dns = ScriptedDnsServer.start("127.0.0.1", 53)) {
      switch (args[0]) {
        case "search" -> search(r, dns);
        case "hosts" -> {
          // The server would answer otherwise: a query would show in the result.
          dns.on("fromhosts.test", ScriptedDnsServer.A)
              .answer(ScriptedDnsServer.Rec.a("fromhosts.test", "127.0.0.2", 60));
          print("v4", outcome(r.lookup("fromhosts.test", Family.INET, Deadline.NEVER)));
          print("queries", Integer.toString(dns.queries().size()));
        }
        case "dns-files" -> dnsFiles(r, dns);
        case "myhostname" -> myhostname(r, dns);
        case "dial" -> dial(dns);
        case "reload" -> reload(r, dns);
        default -> {
          System.out.println("unknown scenario " + args[0]);
          System.exit(1);
        }
      }
    }
    System.out.flush();
  }

  /** A short name under resolv.conf's search domain, both families. */
  private static void search(DnsResolver r, ScriptedDnsServer dns) throws Exception {
    dns.on("www.corp.test", ScriptedDnsServer.A)
        .answer(ScriptedDnsServer.Rec.a("www.corp.test", "127.0.0.1", 60));
    dns.on("www.corp.test", ScriptedDnsServer.AAAA)
        .answer(ScriptedDnsServer.Rec.aaaa("www.corp.test", "::1", 60));
    print("settings", r.toString());
    print("v4", outcome(r.lookup("www", Family.INET, Deadline.NEVER)));
    print("v6", outcome(r.lookup("www", Family.INET6, Deadline.NEVER)));
    print("queries", names(dns.queries()));
  }

  /**
   * nsswitch.conf's {@code hosts: dns files}: a name both in DNS and the hosts file, and one in the
   * hosts file alone; dial4j's answers and then getaddrinfo's (glibc's order, for comparison).
   */
  private static void dnsFiles(DnsResolver r, ScriptedDnsServer dns) throws Exception {
    dns.on("fromhosts.test", ScriptedDnsServer.A)
        .answer(ScriptedDnsServer.Rec.a("fromhosts.test", "127.0.0.2", 60));
    print("both", outcome(r.lookup("fromhosts.test", Family.INET, Deadline.NEVER)));
    print("both-queries", names(dns.queries()));
    int before = dns.queries().size();
    print("only-hosts", outcome(r.lookup("onlyhosts.test", Family.INET, Deadline.NEVER)));
    print("only-hosts-queries", names(dns.queries().subList(before, dns.queries().size())));
    Resolver gai = Resolver.system();
    print("gai-both", outcome(gai.lookup("fromhosts.test", Family.INET, Deadline.NEVER)));
    print("gai-only-hosts", outcome(gai.lookup("onlyhosts.test", Family.INET, Deadline.NEVER)));
  }

  /**
   * nsswitch.conf's {@code hosts: files myhostname dns}: the machine's own name is handed to
   * getaddrinfo, so any query for it is glibc's (no EDNS0 OPT record: dial4j always sends one);
   * another name is dial4j's own query.
   */
  private static void myhostname(DnsResolver r, ScriptedDnsServer dns) throws Exception {
    String own =
        oneLine(Files.readString(Path.of("/proc/sys/kernel/hostname"))).toLowerCase(Locale.ROOT);
    for (String name : List.of(own, own + ".corp.test")) {
      dns.on(name, ScriptedDnsServer.A).answer(ScriptedDnsServer.Rec.a(name, "192.0.2.55", 60));
    }
    dns.on("other.corp.test", ScriptedDnsServer.A)
        .answer(ScriptedDnsServer.Rec.a("other.corp.test", "192.0.2.56", 60));
    print("own", outcome(r.lookup(own, Family.INET, Deadline.NEVER)));
    List<ScriptedDnsServer.Query> forOwn = dns.queries();
    print("own-dial4j-queries", count(forOwn, true));
    print("own-glibc-queries", count(forOwn, false));
    int before = forOwn.size();
    print("other", outcome(r.lookup("other", Family.INET, Deadline.NEVER)));
    List<ScriptedDnsServer.Query> forOther = dns.queries().subList(before, dns.queries().size());
    print("other-dial4j-queries", count(forOther, true));
    print("other-glibc-queries", count(forOther, false));
  }

  /**
   * The Dialer's default resolver in a race: A at once, AAAA 150 ms later, a listener on 127.0.0.1
   * only; the first attempt waits the Resolution Delay (RFC 8305 section 3) after the A answer. The
   * same dial to another name first, so that class loading does not count in the measured one.
   */
  private static void dial(ScriptedDnsServer dns) throws Exception {
    try (ServerSocket listener = new ServerSocket();
        Dialer dialer = Dialer.builder().listener(EVENTS::add).build()) {
      listener.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0));
      print("warm-up-delay-us", dialOnce(dns, dialer, "warm", listener.getLocalPort()));
      print("delay-us", dialOnce(dns, dialer, "svc", listener.getLocalPort()));
    }
  }

  private static final Queue<DialEvent> EVENTS = new ConcurrentLinkedQueue<>();

  /** Dials {@code label:port}: the gap from the A answer to the first attempt, in microseconds. */
  private static String dialOnce(ScriptedDnsServer dns, Dialer dialer, String label, int port)
      throws IOException {
    String name = label + ".corp.test";
    dns.on(name, ScriptedDnsServer.A).answer(ScriptedDnsServer.Rec.a(name, "127.0.0.1", 60));
    dns.on(name, ScriptedDnsServer.AAAA)
        .answer(ScriptedDnsServer.Rec.aaaa(name, "::1", 60))
        .delay(Duration.ofMillis(150));
    EVENTS.clear();
    try (Connection c = dialer.dial(label + ":" + port)) {
      print(label + "-remote", String.valueOf(c.remote()));
    }
    Duration answered = null;
    Duration started = null;
    String firstTarget = null;
    for (DialEvent e : EVENTS) {
      if (answered == null
          && e instanceof DialEvent.ResolveAnswer a
          && a.family() == Family.INET
          && !a.addresses().isEmpty()) {
        answered = a.at();
      }
      if (started == null && e instanceof DialEvent.AttemptStart s) {
        started = s.at();
        firstTarget = s.target().toString();
      }
    }
    print(
        label + "-events",
        EVENTS.stream().map(DialEvent::describe).collect(Collectors.joining(" | ")));
    print(label + "-first-target", String.valueOf(firstTarget));
    return answered == null || started == null
        ? "none"
        : Long.toString(started.minus(answered).toNanos() / 1_000);
  }

  /**
   * resolv.conf rewritten in place while the resolver runs: the new server is asked once the file
   * is checked again (at most every 5 s), and the cached answer of the old one is dropped.
   */
  private static void reload(DnsResolver r, ScriptedDnsServer dns) throws Exception {
    dns.on("a.corp.test", ScriptedDnsServer.A)
        .answer(ScriptedDnsServer.Rec.a("a.corp.test", "127.0.0.10", 60));
    try (ScriptedDnsServer second = ScriptedDnsServer.start("127.0.0.2", 53)) {
      second
          .on("a.corp.test", ScriptedDnsServer.A)
          .answer(ScriptedDnsServer.Rec.a("a.corp.test", "127.0.0.20", 60));
      print("before", outcome(r.lookup("a.corp.test", Family.INET, Deadline.NEVER)));
      String text = Files.readString(RESOLV_CONF).replace("127.0.0.1", "127.0.0.2");
      // In place: the bind mount is of this file, so a new file renamed over it would not show.
      Files.writeString(
          RESOLV_CONF,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING);
      long written = System.nanoTime();
      long bound = written + Duration.ofSeconds(8).toNanos();
      String now = "";
      int lookups = 0;
      while (System.nanoTime() < bound) {
        now = outcome(r.lookup("a.corp.test", Family.INET, Deadline.NEVER));
        lookups++;
        if (now.equals("ok [127.0.0.20]")) {
          break;
        }
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      print("after", now);
      print("reload-ms", Long.toString((System.nanoTime() - written) / 1_000_000));
      print("lookups", Integer.toString(lookups));
      print("first-server-queries", Integer.toString(dns.queries().size()));
      print("second-server-queries", Integer.toString(second.queries().size()));
    }
  }

  private static String count(List<ScriptedDnsServer.Query> queries, boolean edns) {
    return Long.toString(queries.stream().filter(q -> q.edns() == edns).count());
  }

  private static String names(List<ScriptedDnsServer.Query> queries) {
    return queries.stream()
        .map(q -> q.name() + "/" + (q.type() == ScriptedDnsServer.A ? "A" : q.type()))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static String hostsLine() throws IOException {
    Path p = Path.of("/etc/nsswitch.conf");
    if (!Files.exists(p)) {
      return "none";
    }
    String line = "none";
    for (String l : Files.readAllLines(p)) {
      if (l.startsWith("hosts:")) {
        line = l.substring("hosts:".length()).trim();
      }
    }
    return line;
  }

  private static String oneLine(String text) {
    return text.strip().replace('\n', ';');
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
