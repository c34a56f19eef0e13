package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.dial4j.socket.Errnos.failure;

import java.io.IOException;
import java.net.BindException;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.testing.Netns;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Errors only a kernel route can make, produced for real inside network namespaces each test
 * creates and removes. The targets are documentation ranges that the namespace's own routing table
 * makes unreachable, so no packet can leave it. Skipped, with the reason shown, where namespaces
 * cannot be made (not root, no iproute2).
 */
class KernelRouteErrorsTest {
  private static final Deadline SOON = Deadline.after(Duration.ofSeconds(10));

  @BeforeEach
  void needsNamespaces() {
    assumeThat(Netns.available()).as(Netns.unavailableReason()).isTrue();
  }

  /** Connects a new socket inside {@code ns} and returns the failure. */
  private static NetError connectIn(Netns ns, Network.SocketType type, String target) {
    return ns.call(
        () -> {
          Endpoint t = Endpoint.parse(target);
          try (PosixSocket s = PosixSocket.open(((InetEndpoint) t).family(), type)) {
            return failure(() -> s.connect(t, SOON));
          }
        });
  }

  @Test
  @DisplayName("Linux connect(2): ENETUNREACH, no route to the network")
  void enetunreach() {
    try (Netns ns = Netns.create("d4j")) {
      NetError e = connectIn(ns, Network.SocketType.STREAM, "198.51.100.1:80");
      assertThat(e.errno()).isEqualTo(Errno.ENETUNREACH);
      assertThat(e).isInstanceOf(NoRouteToHostException.class);
      assertThat(((Exception) e).getMessage())
          .isEqualTo("connect tcp 198.51.100.1:80: ENETUNREACH (Network is unreachable)");
      assertThat(connectIn(ns, Network.SocketType.STREAM, "[2001:db8::1]:80").errno())
          .isEqualTo(Errno.ENETUNREACH);
      assertThat(connectIn(ns, Network.SocketType.DGRAM, "198.51.100.1:80").errno())
          .isEqualTo(Errno.ENETUNREACH);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): EHOSTUNREACH, an unreachable route")
  void ehostunreach() {
    try (Netns ns = Netns.create("d4j")) {
      ns.route("add", "unreachable", "203.0.113.0/24");
      NetError e = connectIn(ns, Network.SocketType.STREAM, "203.0.113.7:80");
      assertThat(e.errno()).isEqualTo(Errno.EHOSTUNREACH);
      assertThat(e).isInstanceOf(NoRouteToHostException.class);
    }
  }

  @Test
  @DisplayName("Linux connect(2): EACCES, a route that prohibits the destination")
  void eaccesFromProhibitRoute() {
    try (Netns ns = Netns.create("d4j")) {
      ns.route("add", "prohibit", "192.0.2.0/24");
      assertThat(connectIn(ns, Network.SocketType.STREAM, "192.0.2.9:80").errno())
          .isEqualTo(Errno.EACCES);
    }
  }

  /** The detail a kernel EINVAL for a target that passed the input checks carries. */
  private static final String BLACKHOLE =
      "the kernel refused the route: a blackhole route, see ip-route(8)";

  @Test
  @DisplayName("Linux connect(2): EINVAL from a blackhole route, with a detail that says so")
  void einvalFromBlackholeRoute() {
    try (Netns ns = Netns.create("d4j")) {
      ns.route("add", "blackhole", "203.0.113.0/24");
      ns.ip("-6", "route", "add", "blackhole", "2001:db8:b1ac::/48");
      NetError e = connectIn(ns, Network.SocketType.STREAM, "203.0.113.7:80");
      assertThat(e.errno()).isEqualTo(Errno.EINVAL);
      assertThat(((Exception) e).getMessage())
          .isEqualTo("connect tcp 203.0.113.7:80: EINVAL (Invalid argument): " + BLACKHOLE);
      for (String target : List.of("[2001:db8:b1ac::7]:80", "203.0.113.7:53")) {
        for (Network.SocketType type :
            List.of(Network.SocketType.STREAM, Network.SocketType.DGRAM)) {
          NetError other = connectIn(ns, type, target);
          assertThat(other.errno()).as("%s %s", type, target).isEqualTo(Errno.EINVAL);
          assertThat(other.detail()).as("%s %s", type, target).contains(BLACKHOLE);
        }
      }
    }
  }

  @Test
  @DisplayName(
      "EventLoop.connect: EINVAL from a blackhole route is immediate, with the same detail, and"
          + " logged at DEBUG")
  void eventLoopEinvalFromBlackholeRoute() throws IOException {
    RecordingLogger log = new RecordingLogger();
    FdCallback none = (fd, name, status, data) -> {};
    try (Netns ns = Netns.create("d4j");
        EventLoop loop =
            EventLoop.builder()
                .name("blackhole")
                .logger(log)
                .logLevel(org.dial4j.loop.LogLevel.DEBUG)
                .build()
                .start()) {
      ns.route("add", "blackhole", "203.0.113.0/24");
      NetError e =
          ns.call(() -> failure(() -> loop.connect("bh", none, null, null, "203.0.113.7:80")));
      assertThat(e.errno()).isEqualTo(Errno.EINVAL);
      assertThat(((Exception) e).getMessage())
          .isEqualTo("connect tcp4 203.0.113.7:80: EINVAL (Invalid argument): " + BLACKHOLE);
      assertThat(log.has("connect bh", "EINVAL", BLACKHOLE)).isTrue();
    }
  }

  @Test
  @DisplayName("Linux connect(2): EACCES, a broadcast connect without SO_BROADCAST")
  void eaccesForBroadcastWithoutSoBroadcast() {
    try (Netns ns = Netns.create("d4j");
        Netns peer = Netns.create("d4j")) {
      // A route for the limited broadcast needs an interface: a veth pair between two test
      // namespaces (connect on UDP sends nothing either way).
      List<String> links = ns.addVethPair(peer, "198.18.0.1/30", "198.18.0.2/30");
      ns.route("add", "default", "dev", links.get(0));
      Endpoint bcast = Endpoint.parse("255.255.255.255:9");
      ConnectResult allowed =
          ns.call(
              () -> {
                try (PosixSocket u = PosixSocket.open(Family.INET, Network.SocketType.DGRAM)) {
                  assertThat(failure(() -> u.connect(bcast)).errno()).isEqualTo(Errno.EACCES);
                  u.setBroadcast(true);
                  return u.connect(bcast);
                }
              });
      assertThat(allowed).isEqualTo(ConnectResult.CONNECTED);
    }
  }

  @Test
  @DisplayName(
      "Linux connect(2): EADDRNOTAVAIL when the ephemeral ports run out (narrow"
          + " ip_local_port_range)")
  void ephemeralPortsRunOut() {
    try (Netns ns = Netns.create("d4j")) {
      ns.sysctl("net.ipv4.ip_local_port_range", "40000 40003");
      List<String> outcomes =
          ns.call(
              () -> {
                List<String> seen = new ArrayList<>();
                try (Loopback lo = new Loopback()) {
                  InetEndpoint at = Loopback.where(lo.listener("127.0.0.1", 64));
                  for (int i = 0; i < 8; i++) {
                    PosixSocket c = lo.tcp(Family.INET);
                    if (i % 2 == 1) {
                      // A chosen source IP with port 0 (IP_BIND_ADDRESS_NO_PORT) draws from the
                      // same range at connect time.
                      c.bind(Endpoint.parseInet("127.0.0.1:0"));
                    }
                    try {
                      c.connect(at, SOON);
                      seen.add("ok " + ((InetEndpoint) c.local()).port());
                    } catch (BindException e) {
                      seen.add(((NetError) e).errno().name());
                    }
                  }
                }
                return seen;
              });
      assertThat(outcomes.stream().filter(s -> s.startsWith("ok"))).hasSizeBetween(1, 4);
      assertThat(outcomes.getLast()).isEqualTo("EADDRNOTAVAIL");
      assertThat(outcomes.stream().filter(s -> s.startsWith("ok ")))
          .allSatisfy(s -> assertThat(Integer.parseInt(s.substring(3))).isBetween(40000, 40003));
    }
  }
}
