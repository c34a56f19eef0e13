package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.internal.PlatformLookup;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.FakeSyscalls;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Resolver#system()} in this process: only names /etc/hosts answers (localhost), so that no
 * query goes to the machine's nameserver; the DNS cases run in a namespace of their own ({@link
 * SystemResolverNetnsTest}).
 */
class SystemResolverTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Whether /etc/hosts maps {@code name} to {@code ip}. */
  private static boolean hostsHas(String ip, String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/hosts"))) {
      List<String> words = List.of(line.replaceAll("#.*", "").trim().split("\\s+"));
      if (words.size() > 1
          && words.getFirst().equals(ip)
          && words.subList(1, words.size()).contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<InetAddress> lookup(String host, Family family) throws Exception {
    return Resolver.system()
        .lookup(host, family, Deadline.NEVER)
        .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  @DisplayName("Resolver.system: localhost's A is 127.0.0.1 (from /etc/hosts)")
  void localhostV4() throws Exception {
    assumeTrue(hostsHas("127.0.0.1", "localhost"), "/etc/hosts has no 127.0.0.1 localhost");
    assertThat(lookup("localhost", Family.INET))
        .containsExactly(InetAddress.ofLiteral("127.0.0.1"));
  }

  @Test
  @DisplayName("Resolver.system: localhost's AAAA is ::1 (when /etc/hosts has it)")
  void localhostV6() throws Exception {
    // Without the line, the AAAA lookup of localhost would ask the machine's nameserver.
    assumeTrue(hostsHas("::1", "localhost"), "/etc/hosts has no ::1 localhost");
    assertThat(lookup("localhost", Family.INET6)).containsExactly(InetAddress.ofLiteral("::1"));
  }

  @Test
  @DisplayName("Dialer: an IP literal never reaches the system resolver's getaddrinfo")
  void literalIsNotLookedUp() throws Exception {
    FakeSyscalls sys = new FakeSyscalls();
    Resolver r = new SystemResolver(new PlatformLookup(sys, 1, 1, Duration.ofSeconds(1)));
    try (Loopback peers = new Loopback();
        EventLoop loop = EventLoop.start("system-resolver-literal")) {
      PosixSocket l4 = peers.listener("127.0.0.1", 8);
      int port = Loopback.where(l4).port();
      try (Dialer d = Dialer.builder().loop(loop).resolver(r).build();
          Connection c = d.dial("127.0.0.1:" + port)) {
        assertThat(c.remote()).isEqualTo(Endpoint.parseInet("127.0.0.1:" + port));
      }
    }
    assertThat(sys.count("getaddrinfo")).isZero();
  }
}
