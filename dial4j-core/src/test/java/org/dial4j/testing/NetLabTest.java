package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dial4j.Family;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link NetLab} itself: what it makes, that it touches nothing outside its two namespaces, that
 * closing it (even from a failing test) leaves nothing behind, that a killed run's lab is swept,
 * and that the iptables fallback makes the same faults as nft.
 */
class NetLabTest {
  // Per test, not per class: each test then shows as skipped, with the reason.
  @BeforeEach
  void needsTheLab() {
    assumeTrue(NetLab.available(), NetLab.unavailableReason());
  }

  /** What the root namespace shows of links, addresses, routes and firewall rules. */
  private static String rootState() {
    StringBuilder s = new StringBuilder();
    for (List<String> command :
        List.of(
            List.of(Netns.ipCommand(), "-o", "link", "show"),
            List.of(Netns.ipCommand(), "-o", "addr", "show"),
            List.of(Netns.ipCommand(), "route", "show", "table", "all"),
            List.of(Netns.ipCommand(), "-6", "route", "show", "table", "all"))) {
      s.append(ProcessRunner.check(ProcessRunner.DEFAULT_TIMEOUT, command).output());
    }
    String nft = Netns.findTool("nft");
    if (nft != null) {
      s.append(ProcessRunner.check(nft, "list", "ruleset").output());
    }
    return s.toString();
  }

  @Test
  @DisplayName(
      "A lab is two namespaces with its links, addresses and rules; the root namespace is untouched"
          + " and close removes everything")
  void makesItsNamespacesOnlyAndCloseRemovesThem() throws IOException {
    String before = rootState();
    Path client;
    Path server;
    try (NetLab lab = NetLab.create()) {
      NetLab.Link two = lab.addLink();
      client = Path.of("/run/netns", lab.client().name());
      server = Path.of("/run/netns", lab.server().name());
      assertThat(client).exists();
      assertThat(server).exists();
      assertThat(lab.client().ip("-o", "addr", "show").output())
          .contains(lab.link(1).client(Family.INET) + "/24", two.client(Family.INET6) + "/64");
      assertThat(lab.server().ip("-o", "addr", "show").output())
          .contains(
              two.live(Family.INET) + "/24",
              two.address(Family.INET6, NetFault.ADMIN_PROHIBITED) + "/64");
      // No way out: the client routes its links' networks and nothing else.
      assertThat(lab.client().ip("route", "show").output()).doesNotContain("default");
      assertThat(lab.client().ip("-6", "route", "show").output()).doesNotContain("default");
      assertThat(rootState()).isEqualTo(before);
    }
    assertThat(client).doesNotExist();
    assertThat(server).doesNotExist();
    assertThat(rootState()).isEqualTo(before);
  }

  @Test
  @DisplayName("A test that fails inside the lab still leaves nothing behind")
  void closedWhenTheTestFails() {
    AtomicReference<NetLab> made = new AtomicReference<>();
    assertThatThrownBy(
            () -> {
              try (NetLab lab = NetLab.create()) {
                made.set(lab);
                lab.run(lab.clientEndDown(lab.link(1)));
                throw new IllegalStateException("the test failed here");
              }
            })
        .hasMessage("the test failed here");
    assertThat(Path.of("/run/netns", made.get().client().name())).doesNotExist();
    assertThat(Path.of("/run/netns", made.get().server().name())).doesNotExist();
  }

  @Test
  @DisplayName("A lab left by a JVM that is gone is removed when the next lab is made")
  void staleLabsAreSwept() throws IOException, InterruptedException {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String stale = "d4jlab-c-" + gone.pid() + "-1";
    // A name of this (living) JVM that the sweep must keep.
    String mine = "d4jlab-c-" + ProcessHandle.current().pid() + "-999999";
    ProcessRunner.check(Netns.ipCommand(), "netns", "add", stale);
    ProcessRunner.check(Netns.ipCommand(), "netns", "add", mine);
    try {
      NetLab.create().close();
      assertThat(Path.of("/run/netns", stale)).doesNotExist();
      assertThat(Path.of("/run/netns", mine)).exists();
    } finally {
      ProcessRunner.run(Netns.ipCommand(), "netns", "del", stale);
      ProcessRunner.run(Netns.ipCommand(), "netns", "del", mine);
    }
  }

  @Test
  @DisplayName("With iptables instead of nft the faults are the same")
  void iptablesFallback() {
    assumeTrue(
        Netns.findTool("iptables-restore") != null && Netns.findTool("ip6tables-restore") != null,
        "iptables-restore and ip6tables-restore (Debian package iptables) are not installed");
    System.setProperty("dial4j.netlab.firewall", "iptables");
    try (NetLab lab = NetLab.create()) {
      assertThat(lab.firewallTool()).isEqualTo("iptables");
      NetLab.Link link = lab.link(1);
      assertThat(connectOutcome(lab, link.address(Family.INET, NetFault.TCP_RESET)))
          .isEqualTo("ConnectException");
      assertThat(connectOutcome(lab, link.address(Family.INET, NetFault.HOST_UNREACHABLE)))
          .isEqualTo("NoRouteToHostException");
      assertThat(connectOutcome(lab, link.address(Family.INET6, NetFault.PORT_UNREACHABLE)))
          .isEqualTo("ConnectException");
    } finally {
      System.clearProperty("dial4j.netlab.firewall");
    }
    try (NetLab lab = NetLab.create()) {
      assertThat(lab.firewallTool()).isEqualTo(Netns.findTool("nft") != null ? "nft" : "iptables");
    }
  }

  /** The JDK's exception for a connect from the client to {@code address} port 80, by name. */
  private static String connectOutcome(NetLab lab, String address) {
    return lab.client()
        .call(
            () -> {
              InetAddress ip = InetAddress.ofLiteral(address);
              // A socket of the address's own family: an ICMPv4 error to an IPv6 socket's mapped
              // address, like an ICMPv6 one, ends the connect only at the SYN's retransmission.
              try (SocketChannel ch =
                  SocketChannel.open(
                      ip instanceof Inet4Address
                          ? StandardProtocolFamily.INET
                          : StandardProtocolFamily.INET6)) {
                ch.connect(new InetSocketAddress(ip, 80));
                return "connected";
              } catch (IOException e) {
                return e.getClass().getSimpleName();
              }
            });
  }
}
