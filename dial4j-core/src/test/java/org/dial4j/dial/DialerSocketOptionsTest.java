package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import jdk.net.ExtendedSocketOptions;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dialer's socket options on real loopback sockets: each set on every attempt's socket before
 * its connect and read back from the connected socket with getsockopt ({@link
 * Connection#getOption}), the defaults included; the failures that name the option; the control
 * hook; Multipath TCP on this machine's kernel; TCP_NODELAY against Nagle's algorithm.
 */
class DialerSocketOptionsTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private EventLoop loop;
  private final Loopback peers = new Loopback();
  private final List<DialEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("socket-options-test");
  }

  @AfterEach
  void stop() throws IOException {
    loop.close();
    peers.close();
  }

  private Dialer.Builder dialer() {
    return Dialer.builder().loop(loop).listener(events::add);
  }

  /** A listener on {@code ip}, or the test skipped where the host has no such loopback address. */
  private PosixSocket listener(String ip) throws IOException {
    if (ip.contains(":")) {
      assumeThat(ipv6Loopback()).as("::1 is configured").isTrue();
    }
    return peers.listener(ip, 16);
  }

  private static boolean ipv6Loopback() {
    try (PosixSocket s = PosixSocket.open(Family.INET6, Network.SocketType.STREAM)) {
      s.bind(InetEndpoint.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Connection dial(Dialer d, PosixSocket listener) throws IOException {
    Connection c = d.dial(Loopback.where(listener).toString(), Deadline.after(BOUND));
    peers.own(listener.accept(Deadline.after(BOUND)));
    return c;
  }

  /** An int option of the detached descriptor {@code fd}, read with the real getsockopt. */
  private static int raw(int fd, int level, int name) {
    int[] v = new int[1];
    assertThat(LinuxSyscalls.INSTANCE.getsockoptInt(fd, level, name, v)).isZero();
    return v[0];
  }

  @Test
  @DisplayName("A Dialer's defaults read back: TCP_NODELAY on, the rest the kernel's")
  void defaults() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    try (Dialer d = dialer().build();
        Connection c = dial(d, l)) {
      assertThat(c.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
      assertThat(c.getOption(StandardSocketOptions.SO_KEEPALIVE)).isFalse();
      assertThat(c.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(-1);
      assertThat(c.getOption(StandardSocketOptions.IP_TOS)).isZero();
      assertThat(c.getOption(DialSocketOptions.TCP_USER_TIMEOUT)).isZero();
      assertThat(c.getOption(DialSocketOptions.SO_MARK)).isZero();
      assertThat(c.getOption(DialSocketOptions.SO_BINDTODEVICE)).isEmpty();
    }
  }

  @Test
  @DisplayName("noDelay(false) leaves Nagle's algorithm on")
  void noDelayOff() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    try (Dialer d = dialer().noDelay(false).build();
        Connection c = dial(d, l)) {
      assertThat(c.getOption(StandardSocketOptions.TCP_NODELAY)).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  @DisplayName("Every option the builder sets reads back from the connected socket")
  void everyOptionReadsBack(String ip) throws Exception {
    PosixSocket l = listener(ip);
    try (Dialer d =
            dialer()
                .keepAlive(Duration.ofSeconds(30), Duration.ofMillis(4500), 4)
                .userTimeout(Duration.ofMillis(1500))
                .linger(Duration.ofSeconds(2))
                .receiveBuffer(65536)
                .sendBuffer(32768)
                .bindToDevice("lo")
                .mark(42)
                .trafficClass(0x20)
                .build();
        Connection c = dial(d, l)) {
      assertThat(c.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
      assertThat(c.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
      assertThat(c.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
      assertThat(c.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(5); // rounded up
      assertThat(c.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(4);
      assertThat(c.getOption(DialSocketOptions.TCP_USER_TIMEOUT)).isEqualTo(1500);
      assertThat(c.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(2);
      // The kernel keeps twice what was asked for (socket(7)), within net.core.[rw]mem_max.
      assertThat(c.getOption(StandardSocketOptions.SO_RCVBUF)).isGreaterThanOrEqualTo(65536);
      assertThat(c.getOption(StandardSocketOptions.SO_SNDBUF)).isGreaterThanOrEqualTo(32768);
      assertThat(c.getOption(StandardSocketOptions.SO_RCVBUF)).isLessThan(4 * 65536);
      assertThat(c.getOption(DialSocketOptions.SO_BINDTODEVICE)).isEqualTo("lo");
      assertThat(c.getOption(DialSocketOptions.SO_MARK)).isEqualTo(42);
      assertThat(c.getOption(StandardSocketOptions.IP_TOS)).isEqualTo(0x20);
      int fd = c.detach();
      try {
        int level = ip.contains(":") ? Sys.IPPROTO_IPV6 : Sys.IPPROTO_IP;
        int name = ip.contains(":") ? Sys.IPV6_TCLASS : Sys.IP_TOS;
        assertThat(raw(fd, level, name)).as("the family's own option").isEqualTo(0x20);
      } finally {
        LinuxSyscalls.INSTANCE.close(fd);
      }
    }
  }

  @Test
  @DisplayName(
      "keepAlive(true) turns SO_KEEPALIVE on with the kernel's timings; false turns it off")
  void keepAliveKernelTimings() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    try (Dialer d = dialer().keepAlive(true).build();
        Connection c = dial(d, l)) {
      assertThat(c.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
      // Not set by dial4j: the socket follows net.ipv4.tcp_keepalive_time (read at each use).
      assertThat(c.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isPositive();
    }
    try (Dialer d =
            dialer()
                .keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 1)
                .keepAlive(false)
                .build();
        Connection c = dial(d, l)) {
      assertThat(c.getOption(StandardSocketOptions.SO_KEEPALIVE)).isFalse();
    }
  }

  @Test
  @DisplayName("fastOpen(true) sets TCP_FASTOPEN_CONNECT on the socket")
  void fastOpen() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    try (Dialer d = dialer().fastOpen(true).build();
        Connection c = dial(d, l)) {
      int fd = c.detach();
      try {
        assertThat(raw(fd, Sys.IPPROTO_TCP, Sys.TCP_FASTOPEN_CONNECT)).isEqualTo(1);
      } finally {
        LinuxSyscalls.INSTANCE.close(fd);
      }
    }
  }

  @Test
  @DisplayName("The builder refuses values out of range")
  void builderChecks() {
    Dialer.Builder b = Dialer.builder();
    assertThatThrownBy(() -> b.keepAlive(Duration.ZERO, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(40000), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.keepAlive(Duration.ofSeconds(1), Duration.ofSeconds(1), 128))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.userTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.linger(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.receiveBuffer(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.sendBuffer(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.trafficClass(256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.bindToDevice("a-name-of-16-byt"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.bindToDevice("lo\0")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("SO_BINDTODEVICE of an interface that does not exist fails the attempt ENODEV")
  void noSuchDevice() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    try (Dialer d = dialer().bindToDevice("nosuchdev0").build()) {
      assertThatThrownBy(() -> d.dial(Loopback.where(l).toString(), Deadline.after(BOUND)))
          .satisfies(e -> assertThat(NetError.errnoOf(e)).contains(Errno.ENODEV))
          .as("the dial's own message names the call and the option, not only its cause")
          .hasMessageContaining("setsockopt")
          .hasMessageContaining("SO_BINDTODEVICE nosuchdev0");
    }
    assertThat(events)
        .filteredOn(DialEvent.AttemptFailed.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((DialEvent.AttemptFailed) e).errno()).isEqualTo(Errno.ENODEV));
  }

  @Test
  @DisplayName("The control hook sees the socket after the options and before connect")
  void controlSeesTheSocket() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    AtomicReference<String> seen = new AtomicReference<>();
    SocketControl hook =
        (fd, network, target) -> {
          SockAddr[] peer = new SockAddr[1];
          seen.set(
              network.label()
                  + " "
                  + target
                  + " type="
                  + raw(fd, Sys.SOL_SOCKET, Sys.SO_TYPE)
                  + " nodelay="
                  + raw(fd, Sys.IPPROTO_TCP, Sys.TCP_NODELAY)
                  + " mark="
                  + raw(fd, Sys.SOL_SOCKET, Sys.SO_MARK)
                  + " peer="
                  + Errno.of(-LinuxSyscalls.INSTANCE.getpeername(fd, peer)).name());
        };
    try (Dialer d = dialer().mark(7).control(hook).build();
        Connection c = dial(d, l)) {
      assertThat(seen.get())
          .isEqualTo(
              "tcp4 "
                  + Loopback.where(l)
                  + " type="
                  + Sys.SOCK_STREAM
                  + " nodelay=1 mark=7"
                  + " peer=ENOTCONN");
      assertThat(c.isOpen()).isTrue();
    }
  }

  @Test
  @DisplayName("A control hook's NetError fails the attempt with its errno")
  void controlNetError() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    SocketControl hook =
        (fd, network, target) -> {
          throw NetError.of(Errno.EACCES, org.dial4j.error.Operation.SETSOCKOPT, "not here");
        };
    try (Dialer d = dialer().control(hook).build()) {
      assertThatThrownBy(() -> d.dial(Loopback.where(l).toString(), Deadline.after(BOUND)))
          .satisfies(e -> assertThat(NetError.errnoOf(e)).contains(Errno.EACCES))
          .hasStackTraceContaining("control hook: ")
          .hasStackTraceContaining("not here");
    }
  }

  @Test
  @DisplayName("A control hook's other exception fails the attempt EIO, the exception its cause")
  void controlOtherException() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    IllegalStateException boom = new IllegalStateException("boom");
    SocketControl hook =
        (fd, network, target) -> {
          throw boom;
        };
    try (Dialer d = dialer().control(hook).build()) {
      assertThatThrownBy(() -> d.dial(Loopback.where(l).toString(), Deadline.after(BOUND)))
          .satisfies(e -> assertThat(NetError.errnoOf(e)).contains(Errno.EIO))
          .hasRootCause(boom);
    }
  }

  @Test
  @DisplayName("multipath(true) on this kernel: an MPTCP socket where enabled, else the fallback")
  void multipathOnThisKernel() throws Exception {
    Path enabled = Path.of("/proc/sys/net/mptcp/enabled");
    boolean mptcp = Files.exists(enabled) && Files.readString(enabled).strip().equals("1");
    PosixSocket l = listener("127.0.0.1");
    try (Dialer d = dialer().multipath(true).build();
        Connection c = dial(d, l)) {
      assertThat(c.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
      int fd = c.detach();
      try {
        int protocol = raw(fd, Sys.SOL_SOCKET, Sys.SO_PROTOCOL);
        if (mptcp) {
          assertThat(protocol).isEqualTo(Sys.IPPROTO_MPTCP);
          assertThat(events).noneMatch(DialEvent.MultipathFallback.class::isInstance);
        } else {
          assertThat(protocol).isEqualTo(Sys.IPPROTO_TCP);
          assertThat(events).anyMatch(DialEvent.MultipathFallback.class::isInstance);
        }
      } finally {
        LinuxSyscalls.INSTANCE.close(fd);
      }
    }
  }

  @Test
  @DisplayName("Without multipath the socket is plain TCP")
  void plainTcpByDefault() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    try (Dialer d = dialer().build();
        Connection c = dial(d, l)) {
      int fd = c.detach();
      try {
        assertThat(raw(fd, Sys.SOL_SOCKET, Sys.SO_PROTOCOL)).isEqualTo(Sys.IPPROTO_TCP);
      } finally {
        LinuxSyscalls.INSTANCE.close(fd);
      }
    }
  }

  @Test
  @DisplayName("With TCP_NODELAY (the default) a request in two pieces round-trips without delay")
  void nagleDoesNotHoldTheSecondPiece() throws Exception {
    PosixSocket l = listener("127.0.0.1");
    int rounds = 10;
    try (Dialer d = dialer().build();
        Connection c = d.dial(Loopback.where(l).toString(), Deadline.after(BOUND))) {
      PosixSocket server = peers.own(l.accept(Deadline.after(BOUND)));
      server.setNoDelay(true);
      Thread echo =
          Thread.ofPlatform()
              .name("echo")
              .start(
                  () -> {
                    try {
                      ByteBuffer b = ByteBuffer.allocate(8);
                      for (int i = 0; i < rounds + 3; i++) {
                        b.clear();
                        while (b.hasRemaining()) {
                          if (server.recv(b, Deadline.after(BOUND)) < 0) {
                            return;
                          }
                        }
                        b.flip();
                        server.send(b, Deadline.after(BOUND));
                      }
                    } catch (IOException e) {
                      // the client's assertions report it
                    }
                  });
      byte[] head = {1, 2, 3, 4};
      byte[] tail = {5, 6, 7, 8};
      for (int i = 0; i < 3; i++) { // warm up: the JIT, and the kernel's quick-ACK start
        roundTrip(c, head, tail);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        roundTrip(c, head, tail);
      }
      long took = System.nanoTime() - t0;
      echo.join(BOUND);
      // Nagle with the peer's delayed ACK holds each second piece up to 40 ms: 400 ms for 10.
      assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofMillis(200));
    }
  }

  private static void roundTrip(Connection c, byte[] head, byte[] tail) throws IOException {
    c.send(head, Deadline.after(BOUND));
    c.send(tail, Deadline.after(BOUND));
    assertThat(c.recv(8, Deadline.after(BOUND))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }
}
