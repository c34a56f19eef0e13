package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link Netns#call} really runs code in the namespace: connects fail with the errno
 * the namespace's own routing table dictates.
 *
 * <p>Every connect target is a documentation address (RFC 5737) in a namespace whose only interface
 * is its loopback: the kernel rejects the connect locally and no packet leaves.
 */
class NetnsTest {
  @BeforeEach
  void requireNamespaces() {
    assumeTrue(Netns.available(), Netns.unavailableReason());
  }

  /** Connects a fresh FFM socket to {@code address:port}; 0 on success, else the errno. */
  private static int connectErrno(String address, int port) throws IOException {
    byte[] bytes = InetAddress.getByName(address).getAddress();
    Libc.Result socket = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
    assertThat(socket.failed()).as("socket() errno %d", socket.errno()).isFalse();
    try {
      Libc.Result connect = Libc.connectIpv4(socket.intValue(), bytes, port);
      return connect.failed() ? connect.errno() : 0;
    } finally {
      Libc.close(socket.intValue());
    }
  }

  private static String namespaceOfThisThread() throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
  }

  @Test
  void bodyRunsInTheNamespaceAndTheCallerStaysOutside() throws IOException {
    String outside = namespaceOfThisThread();
    try (Netns ns = Netns.create("d4j")) {
      String inside = ns.call(NetnsTest::namespaceOfThisThread);

      assertThat(inside).startsWith("net:[").isNotEqualTo(outside);
      assertThat(namespaceOfThisThread()).isEqualTo(outside);
      // The same namespace every time: call joins the named namespace, not a fresh one.
      assertThat(ns.call(NetnsTest::namespaceOfThisThread)).isEqualTo(inside);
    }
  }

  @Test
  void withoutARouteConnectFailsWithEnetunreach() {
    try (Netns ns = Netns.create("d4j")) {
      assertThat(ns.call(() -> connectErrno("198.51.100.1", 80))).isEqualTo(Libc.ENETUNREACH);
    }
  }

  @Test
  void unreachableRouteGivesEhostunreach() {
    try (Netns ns = Netns.create("d4j")) {
      ns.route("add", "unreachable", "203.0.113.0/24");

      assertThat(ns.call(() -> connectErrno("203.0.113.7", 80))).isEqualTo(Libc.EHOSTUNREACH);
      // Other destinations still have no route at all.
      assertThat(ns.call(() -> connectErrno("198.51.100.1", 80))).isEqualTo(Libc.ENETUNREACH);
    }
  }

  @Test
  void prohibitRouteGivesEacces() {
    try (Netns ns = Netns.create("d4j")) {
      ns.route("add", "prohibit", "192.0.2.0/24");

      assertThat(ns.call(() -> connectErrno("192.0.2.1", 443))).isEqualTo(Libc.EACCES);
    }
  }

  @Test
  void sysctlChangesOnlyTheNamespace() throws IOException {
    Path rootRange = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    String rootBefore = Files.readString(rootRange);
    try (Netns ns = Netns.create("d4j")) {
      ns.sysctl("net.ipv4.ip_local_port_range", "40000 40003");

      ProcessRunner.Result read = ns.exec("sysctl", "-n", "net.ipv4.ip_local_port_range");
      assertThat(read.exitCode()).isZero();
      assertThat(read.output().trim().split("\\s+")).containsExactly("40000", "40003");
      assertThat(Files.readString(rootRange)).isEqualTo(rootBefore);
    }
  }

  @Test
  void aSocketKeepsTheNamespaceItWasCreatedIn() throws IOException {
    try (Netns ns = Netns.create("d4j")) {
      // The listener is created inside, then used from this thread, which is outside.
      try (ServerSocketChannel server =
          ns.call(
              () ->
                  ServerSocketChannel.open()
                      .bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 0)))) {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        try (SocketChannel client = ns.call(() -> SocketChannel.open(address));
            SocketChannel accepted = server.accept()) {
          assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
        }
      }
    }
  }

  @Test
  void vethPairLinksTwoNamespaces() throws IOException {
    try (Netns a = Netns.create("d4j");
        Netns b = Netns.create("d4j")) {
      // 198.18.0.0/15 is set aside for network testing (RFC 2544) and exists only in a and b.
      List<String> names = a.addVethPair(b, "198.18.0.1/30", "198.18.0.2/30");
      assertThat(names).hasSize(2);

      try (ServerSocketChannel server =
          b.call(() -> ServerSocketChannel.open().bind(new InetSocketAddress("198.18.0.2", 0)))) {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        try (SocketChannel client = a.call(() -> SocketChannel.open(address));
            SocketChannel accepted = server.accept()) {
          assertThat(((InetSocketAddress) accepted.getRemoteAddress()).getAddress())
              .isEqualTo(InetAddress.getByName("198.18.0.1"));
          assertThat(client.isConnected()).isTrue();
        }
      }
    }
  }

  @Test
  void exceptionsOfTheBodyReachTheCaller() {
    try (Netns ns = Netns.create("d4j")) {
      IllegalArgumentException unchecked = new IllegalArgumentException("unchecked");
      Callable<Object> throwsUnchecked =
          () -> {
            throw unchecked;
          };
      assertThatThrownBy(() -> ns.call(throwsUnchecked)).isSameAs(unchecked);

      IOException checked = new IOException("checked");
      Callable<Object> throwsChecked =
          () -> {
            throw checked;
          };
      assertThatThrownBy(() -> ns.call(throwsChecked))
          .isInstanceOf(CompletionException.class)
          .hasCause(checked);
    }
  }

  @Test
  void joiningANamespaceThatIsGoneNamesTheErrno() {
    try (Netns ns = Netns.create("d4j")) {
      String ip = Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "ip";
      ProcessRunner.check(ip, "netns", "del", ns.name());

      // open(/run/netns/NAME) fails with ENOENT (2) before any setns.
      assertThatThrownBy(() -> ns.call(() -> null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("errno 2");
    }
  }

  @Test
  void closeIsIdempotentAndCallAfterCloseFails() {
    Netns ns = Netns.create("d4j");
    Path mount = Path.of("/run/netns", ns.name());
    assertThat(mount).exists();

    ns.close();
    ns.close();

    assertThat(mount).doesNotExist();
    assertThatThrownBy(() -> ns.call(() -> null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void execSeesTheFilesEtcWroteAndCloseRemovesThem() {
    Path dir;
    try (Netns ns = Netns.create("d4j")) {
      dir = Path.of("/etc/netns", ns.name());
      ns.etc("hosts", "192.0.2.5 only-here.test\n");
      ProcessRunner.Result r = ns.exec(ProcessRunner.DEFAULT_TIMEOUT, List.of("cat", "/etc/hosts"));
      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).contains("192.0.2.5 only-here.test");
      assertThat(dir.resolve("hosts")).exists();
      assertThatThrownBy(() -> ns.etc("../hosts", "")).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(dir).doesNotExist();
  }
}
