package org.dial4j.testing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.socket.PosixSocket;

/**
 * A network that fails on purpose: two network namespaces, a client and a server, joined by veth
 * pairs ("links"), the server's firewall answering each {@link NetFault}'s address with that fault.
 *
 * <p>Link {@code n} (from 1) has the IPv4 network 10.211.(76+n).0/24 and the IPv6 network
 * fd77:d14a:1ab:n::/64, private ranges that exist only in the two namespaces: the client is host 1,
 * the server host {@link #LIVE_HOST} (no rule: its listeners answer) and each fault's {@link
 * NetFault#host()}. Neither namespace has another interface than its loopback and the lab's links,
 * nor a default route, so nothing sent in them can leave them.
 *
 * <p>The client namespace runs with {@code net.ipv4.tcp_syn_retries} 1 (a connect nobody answers
 * ends after 3 s, not about 127 s; it also governs IPv6), a neighbour (ARP, NDP) that stops
 * answering fails after 100 ms (one probe; Linux's default is three, 1 s apart), and no duplicate
 * address detection anywhere (addresses usable at once). The server sends its ICMP errors without
 * rate limit. {@link #create} checks that the live address answers in both families before it
 * returns.
 *
 * <p>{@link #close} deletes both namespaces, which takes their links, addresses, routes and rules
 * with them; {@link #create} first deletes the namespaces of labs whose JVM is gone (their names
 * carry its pid), so a killed run leaves nothing behind for long. Typical use:
 *
 * <pre>{@code
 * assumeTrue(NetLab.available(), NetLab.unavailableReason());
 * try (NetLab lab = NetLab.create()) {
 *   String target = lab.link(1).address(Family.INET, NetFault.TCP_RESET);
 *   ... lab.client().call(() -> connect there) ...
 * }
 * }</pre>
 */
public final class NetLab implements AutoCloseable {
  /** The host part of the server's live address on every link. */
  public static final int LIVE_HOST = 2;

  private static final int CLIENT_HOST = 1;
  private static final String PREFIX = "d4jlab";
  private static final Duration READY_BOUND = Duration.ofSeconds(10);

  /** Null until the probe ran; then the empty string when a lab can be made, else the reason. */
  private static String unavailable;

  /**
   * One veth pair between the client and the server.
   *
   * @param number its number, from 1
   * @param clientDevice its end in the client namespace
   * @param serverDevice its end in the server namespace
   */
  public record Link(int number, String clientDevice, String serverDevice) {
    /**
     * The address with host part {@code host} on this link, e.g. 10.211.77.3 or fd77:d14a:1ab:1::3.
     */
    public String address(Family family, int host) {
      return family == Family.INET
          ? "10.211." + (76 + number) + "." + host
          : "fd77:d14a:1ab:" + number + "::" + host;
    }

    /** The server's address for {@code fault} on this link. */
    public String address(Family family, NetFault fault) {
      return address(family, fault.host());
    }

    /** The server's live address on this link. */
    public String live(Family family) {
      return address(family, LIVE_HOST);
    }

    /** The client's own address on this link. */
    public String client(Family family) {
      return address(family, CLIENT_HOST);
    }

    /** The link's network, e.g. 10.211.77.0/24. */
    public String network(Family family) {
      return family == Family.INET
          ? "10.211." + (76 + number) + ".0/24"
          : "fd77:d14a:1ab:" + number + "::/64";
    }

    private String cidr(Family family, int host) {
      return address(family, host) + (family == Family.INET ? "/24" : "/64");
    }
  }

  private final Netns client;
  private final Netns server;
  private final LabFirewall firewall;
  private final List<Link> links = new ArrayList<>();

  private NetLab(Netns client, Netns server, LabFirewall firewall) {
    this.client = client;
    this.server = server;
    this.firewall = firewall;
  }

  /**
   * Whether a lab can be made here: namespaces ({@link Netns#available()}), a firewall tool ({@code
   * nft}, else iptables) and a kernel that takes its rules. Probed once, by making a lab.
   */
  public static boolean available() {
    return probe().isEmpty();
  }

  /** Why {@link #available()} is false, for an assumption's message; a confirmation when true. */
  public static String unavailableReason() {
    String reason = probe();
    return reason.isEmpty() ? "the network lab is available" : reason;
  }

  private static synchronized String probe() {
    if (unavailable == null) {
      if (!Netns.available()) {
        unavailable = Netns.unavailableReason();
      } else {
        try {
          create().close();
          unavailable = "";
        } catch (RuntimeException | AssertionError e) {
          unavailable = "cannot make the network lab: " + e.getMessage();
        }
      }
    }
    return unavailable;
  }

  /**
   * Makes the two namespaces and link 1, loads the faults' rules and waits until the live address
   * answers in both families.
   *
   * @throws IllegalStateException when no firewall tool is installed or it refuses the rules (the
   *     kernel lacks nf_tables, say); nothing is left behind
   * @throws AssertionError when {@code ip} fails or the live address does not answer within 10 s
   */
  public static NetLab create() {
    removeStale();
    LabFirewall firewall = LabFirewall.find();
    Netns client = Netns.create(PREFIX + "-c");
    NetLab lab;
    try {
      lab = new NetLab(client, Netns.create(PREFIX + "-s"), firewall);
    } catch (RuntimeException | Error e) {
      client.close();
      throw e;
    }
    try {
      sysctls(client, "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
      sysctls(client, "net.ipv4.tcp_syn_retries=1");
      sysctls(lab.server, "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
      sysctls(lab.server, "net.ipv4.icmp_ratelimit=0", "net.ipv6.icmp.ratelimit=0");
      lab.addLink();
    } catch (RuntimeException | Error e) {
      try {
        lab.close();
      } catch (RuntimeException | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return lab;
  }

  /**
   * Adds the next link: a veth pair, the client's address and the server's live and fault addresses
   * in both families, the faults' rules for them; returns once the live address answers.
   */
  public Link addLink() {
    int n = links.size() + 1;
    // A throwaway link value names the addresses; the devices come with the pair.
    Link plan = new Link(n, "", "");
    List<String> devices =
        client.addVethPair(
            server, plan.cidr(Family.INET, CLIENT_HOST), plan.cidr(Family.INET, LIVE_HOST));
    Link link = new Link(n, devices.get(0), devices.get(1));
    client.ipBatch(
        List.of("addr add " + link.cidr(Family.INET6, CLIENT_HOST) + " dev " + link.clientDevice));
    List<String> serverAddresses = new ArrayList<>();
    serverAddresses.add(
        "addr add " + link.cidr(Family.INET6, LIVE_HOST) + " dev " + link.serverDevice);
    List<LabFirewall.Rule> rules = new ArrayList<>();
    for (NetFault fault : NetFault.values()) {
      for (Family family : List.of(Family.INET, Family.INET6)) {
        serverAddresses.add(
            "addr add " + link.cidr(family, fault.host()) + " dev " + link.serverDevice);
        rules.add(new LabFirewall.Rule(fault, family, link.address(family, fault)));
      }
    }
    server.ipBatch(serverAddresses);
    firewall.load(server, rules);
    links.add(link);
    awaitLiveAnswers(link);
    String dev = link.clientDevice;
    for (String proto : List.of("ipv4", "ipv6")) {
      String neigh = "net." + proto + ".neigh." + dev + ".";
      sysctls(
          client,
          neigh + "mcast_solicit=1",
          neigh + "ucast_solicit=1",
          neigh + "retrans_time_ms=100");
    }
    return link;
  }

  /** The client namespace: where the code under test connects from. */
  public Netns client() {
    return client;
  }

  /** The server namespace: the faults' addresses, their rules, the listeners. */
  public Netns server() {
    return server;
  }

  /** Link {@code number}, from 1. */
  public Link link(int number) {
    return links.get(number - 1);
  }

  /** Which firewall tool made the faults: {@code nft} or {@code iptables}. */
  public String firewallTool() {
    return firewall.tool();
  }

  /**
   * A listener in the server namespace on every server address of every link, both families (an
   * IPv6 socket on [::] at a port the kernel picks, IPv4 as mapped addresses), with a backlog of
   * 64: connects to the live address complete in the kernel whether or not anyone accepts them. The
   * caller closes it.
   */
  public PosixSocket listen() {
    return server.call(
        () -> {
          PosixSocket s = PosixSocket.open(Family.INET6, Network.SocketType.STREAM);
          try {
            s.bind(Endpoint.parseInet("[::]:0"));
            s.listen(64);
            return s;
          } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
          }
        });
  }

  /** {@code address} (an IP literal) at {@code port}. */
  public static InetEndpoint endpoint(String address, int port) {
    return InetEndpoint.of(InetAddress.ofLiteral(address), port);
  }

  /** The port a listener such as {@link #listen()}'s is bound to. */
  public static int port(PosixSocket listener) throws IOException {
    return ((InetEndpoint) Objects.requireNonNull(listener.local(), "a bound listener")).port();
  }

  /** The command that takes the server's end of {@code link} down (the client loses carrier). */
  public List<String> serverEndDown(Link link) {
    return List.of(
        Netns.ipCommand(), "-n", server.name(), "link", "set", link.serverDevice, "down");
  }

  /** The command that takes the client's own end of {@code link} down. */
  public List<String> clientEndDown(Link link) {
    return List.of(
        Netns.ipCommand(), "-n", client.name(), "link", "set", link.clientDevice, "down");
  }

  /**
   * The command that removes the client's route to {@code link}'s network of {@code family}: with
   * no default route, its addresses are then unreachable from the client (ENETUNREACH).
   */
  public List<String> routeRemoval(Link link, Family family) {
    return List.of(
        Netns.ipCommand(),
        "-n",
        client.name(),
        family == Family.INET ? "-4" : "-6",
        "route",
        "del",
        link.network(family),
        "dev",
        link.clientDevice);
  }

  /**
   * Runs a command such as {@link #serverEndDown}'s from the test JVM and fails unless it succeeds.
   */
  public void run(List<String> command) {
    ProcessRunner.check(ProcessRunner.DEFAULT_TIMEOUT, command);
  }

  /** Sets the client's {@code net.ipv4.tcp_syn_retries} (both families), 1 when the lab is made. */
  public void synRetries(int retries) {
    sysctls(client, "net.ipv4.tcp_syn_retries=" + retries);
  }

  /**
   * Deletes both namespaces, and with them the links, addresses, routes and rules. Only the first
   * call acts.
   */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "NetLab[" + client.name() + " -> " + server.name() + ", " + links.size() + " link(s)]";
  }

  private static void sysctls(Netns ns, String... settings) {
    List<String> command = new ArrayList<>(List.of("sysctl", "-qw"));
    command.addAll(List.of(settings));
    ProcessRunner.Result r = ns.exec(ProcessRunner.DEFAULT_TIMEOUT, command);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          "sysctl " + List.of(settings) + " in " + ns.name() + " failed:\n" + r.output());
    }
  }

  /**
   * Waits until a connect from the client to the live address's port 9 (nobody listens) is refused
   * in both families: the route, the neighbour and the server answer. A NoRouteToHostException (a
   * neighbour not found yet) is tried again until 10 s have passed.
   */
  private void awaitLiveAnswers(Link link) {
    for (Family family : List.of(Family.INET, Family.INET6)) {
      InetSocketAddress target = new InetSocketAddress(InetAddress.ofLiteral(link.live(family)), 9);
      StandardProtocolFamily protocol =
          family == Family.INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
      client.call(
          () -> {
            long end = System.nanoTime() + READY_BOUND.toNanos();
            while (true) {
              try (SocketChannel ch = SocketChannel.open(protocol)) {
                ch.connect(target);
                throw new AssertionError("something listens on " + target + " in " + server);
              } catch (ConnectException refused) {
                return null;
              } catch (NoRouteToHostException notYet) {
                if (System.nanoTime() - end > 0) {
                  throw new AssertionError(
                      "the lab's live address " + target + " did not answer within " + READY_BOUND,
                      notYet);
                }
              }
            }
          });
    }
  }

  /** Deletes the namespaces of labs whose JVM has gone (killed before its labs were closed). */
  private static void removeStale() {
    Path run = Path.of("/run/netns");
    if (!Files.isDirectory(run)) {
      return;
    }
    List<String> stale = new ArrayList<>();
    try (DirectoryStream<Path> names = Files.newDirectoryStream(run, PREFIX + "-*")) {
      for (Path p : names) {
        String name = p.getFileName().toString();
        // d4jlab-c-PID-N or d4jlab-s-PID-N (Netns.create's names).
        String[] parts = name.split("-", -1);
        if (parts.length == 4
            && !parts[2].isEmpty()
            && parts[2].chars().allMatch(Character::isDigit)) {
          long pid = Long.parseLong(parts[2]);
          if (ProcessHandle.of(pid).isEmpty()) {
            stale.add(name);
          }
        }
      }
    } catch (IOException e) {
      return; // Nothing to sweep that can be read: the new lab does not depend on it.
    }
    for (String name : stale) {
      ProcessRunner.run(Netns.ipCommand(), "netns", "del", name);
    }
  }
}
