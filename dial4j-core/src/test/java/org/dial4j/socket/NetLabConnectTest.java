package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.socket.Errnos.failure;
import static org.dial4j.testing.NetLab.endpoint;
import static org.dial4j.testing.NetLab.port;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.error.SocketErrnoException;
import org.dial4j.testing.NetFault;
import org.dial4j.testing.NetLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PosixSocket#connect} against a network that fails on purpose ({@link NetLab}): each fault
 * the server's firewall makes, and a link or route taken away while a connect waits, with the errno
 * the kernel reports and the Operation dial4j names. The errnos are those of the Linux connect(2)
 * seed page (ECONNREFUSED "No-one listening on the remote address", ENETUNREACH "Network is
 * unreachable", ETIMEDOUT, EACCES "...failed because of a local firewall rule") and the Solaris
 * page's EHOSTUNREACH.
 *
 * <p>The client's sockets are made on {@link org.dial4j.testing.Netns#call}'s thread inside the
 * client namespace (a socket keeps the namespace it was made in), then used from the test's thread.
 * Skipped, with the reason, where the lab cannot be made (not root, no iproute2, no nft or
 * iptables, a kernel without nf_tables).
 */
class NetLabConnectTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  // Per test, not per class: each test then shows as skipped, with the reason.
  @BeforeEach
  void needsTheLab() {
    assumeTrue(NetLab.available(), NetLab.unavailableReason());
  }

  /** A connect from the client namespace to {@code target} that must fail: its error. */
  private static NetError connectFails(NetLab lab, InetEndpoint target) {
    return lab.client()
        .call(
            () -> {
              try (PosixSocket s = PosixSocket.open(target.family(), Network.SocketType.STREAM)) {
                return failure(() -> s.connect(target, Deadline.after(BOUND)));
              }
            });
  }

  /** A non-blocking connect started in the client namespace, still in progress. */
  private static PosixSocket connecting(NetLab lab, InetEndpoint target) {
    return lab.client()
        .call(
            () -> {
              PosixSocket s = PosixSocket.open(target.family(), Network.SocketType.STREAM);
              s.setBlocking(false);
              assertThat(s.connect(target)).isEqualTo(ConnectResult.IN_PROGRESS);
              return s;
            });
  }

  @ParameterizedTest(name = "{0} over {1}: {2}")
  @CsvSource({
    "TCP_RESET,        INET,  ECONNREFUSED",
    "TCP_RESET,        INET6, ECONNREFUSED",
    "PORT_UNREACHABLE, INET,  ECONNREFUSED",
    "PORT_UNREACHABLE, INET6, ECONNREFUSED",
    "HOST_UNREACHABLE, INET,  EHOSTUNREACH",
    "HOST_UNREACHABLE, INET6, EHOSTUNREACH",
    "ADMIN_PROHIBITED, INET,  EHOSTUNREACH",
    "ADMIN_PROHIBITED, INET6, EACCES",
    "NET_UNREACHABLE,  INET,  ENETUNREACH",
    "NET_UNREACHABLE,  INET6, ENETUNREACH",
  })
  @DisplayName(
      "Linux connect(2): each answer the firewall gives is its errno, the live address connects")
  void faultIsItsErrno(NetFault fault, Family family, Errno expected) throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      // The listener is on every server address: the rule, not a missing listener, answers.
      InetEndpoint target = endpoint(lab.link(1).address(family, fault), port(listener));
      NetError e = connectFails(lab, target);

      assertThat(e.errno()).isEqualTo(expected);
      assertThat(e.operation()).isEqualTo(Operation.CONNECT);
      assertThat(e.target()).contains(target);
      assertThat(((Exception) e).getMessage())
          .isEqualTo(
              "connect tcp " + target + ": " + expected.name() + " (" + expected.message() + ")");
      switch (expected) {
        case ECONNREFUSED -> assertThat(e).isInstanceOf(ConnectException.class);
        case EHOSTUNREACH, ENETUNREACH -> assertThat(e).isInstanceOf(NoRouteToHostException.class);
        default -> assertThat(e).isInstanceOf(SocketErrnoException.class);
      }
      InetEndpoint live = endpoint(lab.link(1).live(family), port(listener));
      assertThat(
              lab.client()
                  .call(
                      () -> {
                        try (PosixSocket s = PosixSocket.open(family, Network.SocketType.STREAM)) {
                          return s.connect(live, Deadline.after(BOUND));
                        }
                      }))
          .isEqualTo(ConnectResult.CONNECTED);
    }
  }

  @Test
  @DisplayName(
      "A blackhole: dial4j's deadline ends the connect with ETIMEDOUT and its detail; the kernel's"
          + " SYN retries end it with ETIMEDOUT and none")
  void dropTimesOut() throws IOException {
    try (NetLab lab = NetLab.create()) {
      InetEndpoint target = endpoint(lab.link(1).address(Family.INET, NetFault.DROP), 80);
      // Started first: the kernel gives up after tcp_syn_retries (1 in the lab: 1 s + 2 s).
      try (PosixSocket kernel =
          connecting(lab, endpoint(lab.link(1).address(Family.INET6, NetFault.DROP), 80))) {
        NetError mine =
            lab.client()
                .call(
                    () -> {
                      try (PosixSocket s =
                          PosixSocket.open(Family.INET, Network.SocketType.STREAM)) {
                        return failure(
                            () -> s.connect(target, Deadline.after(Duration.ofMillis(300))));
                      }
                    });
        assertThat(mine.errno()).isEqualTo(Errno.ETIMEDOUT);
        assertThat(mine.operation()).isEqualTo(Operation.CONNECT);
        assertThat(mine).isInstanceOf(SocketTimeoutException.class);
        assertThat(mine.detail()).contains("deadline passed while the handshake was pending");

        NetError theKernels = failure(() -> kernel.finishConnect(Deadline.after(BOUND)));
        assertThat(theKernels.errno()).isEqualTo(Errno.ETIMEDOUT);
        assertThat(theKernels.operation()).isEqualTo(Operation.CONNECT);
        assertThat(theKernels.detail()).isEmpty();
      }
    }
  }

  /**
   * Starts a connect to the DROP address of each of {@code links} in each family, runs {@code
   * faults} while they wait, and returns their errors (per link, IPv4 then IPv6).
   */
  private static List<NetError> failDuring(
      NetLab lab, List<NetLab.Link> links, List<List<String>> faults) throws IOException {
    List<PosixSocket> waiting = new ArrayList<>();
    try {
      long start = System.nanoTime();
      for (NetLab.Link link : links) {
        for (Family f : List.of(Family.INET, Family.INET6)) {
          waiting.add(connecting(lab, endpoint(link.address(f, NetFault.DROP), 80)));
        }
      }
      for (List<String> fault : faults) {
        lab.run(fault);
      }
      long took = (System.nanoTime() - start) / 1_000_000;
      // The kernel learns of the fault at the first SYN retransmission, 1 s after the connect.
      assertThat(took)
          .as(
              "the fault came %d ms after the connects; it must come before their first"
                  + " retransmission, at 1 s",
              took)
          .isLessThan(900);
      List<NetError> errors = new ArrayList<>();
      for (PosixSocket s : waiting) {
        errors.add(failure(() -> s.finishConnect(Deadline.after(BOUND))));
      }
      return errors;
    } finally {
      for (PosixSocket s : waiting) {
        s.close();
      }
    }
  }

  @Test
  @DisplayName(
      "The peer's link taken down during a connect: EHOSTUNREACH when the neighbour fails at the"
          + " next SYN")
  void peerLinkDownIsEhostunreach() throws IOException {
    try (NetLab lab = NetLab.create()) {
      NetLab.Link one = lab.link(1);
      for (NetError e : failDuring(lab, List.of(one), List.of(lab.serverEndDown(one)))) {
        assertThat(e.errno()).as(e.toString()).isEqualTo(Errno.EHOSTUNREACH);
        assertThat(e.operation()).isEqualTo(Operation.CONNECT);
        assertThat(e).isInstanceOf(NoRouteToHostException.class);
      }
    }
  }

  @Test
  @DisplayName(
      "The client's own link taken down, or its route removed, during a connect: ENETUNREACH when"
          + " the SYN retries end; a new connect there: ENETUNREACH at once")
  void ownLinkDownOrRouteRemovedIsEnetunreach() throws IOException {
    try (NetLab lab = NetLab.create()) {
      NetLab.Link down = lab.link(1);
      NetLab.Link unrouted = lab.addLink();
      List<List<String>> faults =
          List.of(
              lab.clientEndDown(down),
              lab.routeRemoval(unrouted, Family.INET),
              lab.routeRemoval(unrouted, Family.INET6));
      for (NetError e : failDuring(lab, List.of(down, unrouted), faults)) {
        assertThat(e.errno()).as(e.toString()).isEqualTo(Errno.ENETUNREACH);
        assertThat(e.operation()).isEqualTo(Operation.CONNECT);
        assertThat(e).isInstanceOf(NoRouteToHostException.class);
      }
      for (NetLab.Link link : List.of(down, unrouted)) {
        for (Family f : List.of(Family.INET, Family.INET6)) {
          NetError now = connectFails(lab, endpoint(link.live(f), 80));
          assertThat(now.errno()).as(now.toString()).isEqualTo(Errno.ENETUNREACH);
        }
      }
    }
  }

  @Test
  @DisplayName(
      "A peer that accepts then resets: recv ECONNRESET, then send EPIPE; send first: ECONNRESET,"
          + " then end of stream")
  void acceptThenReset() throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      for (Family f : List.of(Family.INET, Family.INET6)) {
        InetEndpoint live = endpoint(lab.link(1).live(f), port(listener));
        try (PosixSocket readFirst = connected(lab, live);
            PosixSocket sendFirst = connected(lab, live)) {
          // Accepted and reset (SO_LINGER 0, close) only now that both connects have completed.
          for (int i = 0; i < 2; i++) {
            listener.accept(Deadline.after(BOUND)).abort();
          }
          // The reset has arrived when the socket turns readable (its error pending). The calls
          // below are given a deadline, not NOW: an EAGAIN that a fault table injects (CI runs
          // the suite over FaultySyscalls$Interrupting) then waits for readiness and asks again.
          assertThat(readFirst.awaitReadable(Deadline.after(BOUND))).isTrue();
          assertThat(sendFirst.awaitReadable(Deadline.after(BOUND))).isTrue();

          NetError recv =
              failure(() -> readFirst.recv(ByteBuffer.allocate(1), Deadline.after(BOUND)));
          assertThat(recv.errno()).isEqualTo(Errno.ECONNRESET);
          assertThat(recv.operation()).isEqualTo(Operation.RECV);
          // The kernel reports a reset once (sk_err, read and cleared); after it the socket is
          // shut down both ways, and send(2) says EPIPE.
          NetError send =
              failure(() -> readFirst.send(ByteBuffer.wrap(new byte[] {1}), Deadline.after(BOUND)));
          assertThat(send.errno()).isEqualTo(Errno.EPIPE);
          assertThat(send.operation()).isEqualTo(Operation.SEND);

          NetError sendAfter =
              failure(() -> sendFirst.send(ByteBuffer.wrap(new byte[] {1}), Deadline.after(BOUND)));
          assertThat(sendAfter.errno()).isEqualTo(Errno.ECONNRESET);
          assertThat(sendAfter.operation()).isEqualTo(Operation.SEND);
          assertThat(sendFirst.recv(ByteBuffer.allocate(1), Deadline.after(BOUND))).isEqualTo(-1);
        }
      }
    }
  }

  @Test
  @DisplayName(
      "A peer that resets before the connect is seen to complete: finishConnect fails ECONNRESET"
          + " (SO_ERROR), the errno a dial can end with too")
  void resetBeforeTheConnectIsSeen() throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      for (Family f : List.of(Family.INET, Family.INET6)) {
        try (PosixSocket s = connecting(lab, endpoint(lab.link(1).live(f), port(listener)))) {
          // The handshake completes in the kernel; the peer accepts and resets before this side
          // looks: what SO_ERROR then reports is the reset.
          listener.accept(Deadline.after(BOUND)).abort();
          assertThat(s.awaitReadable(Deadline.after(BOUND))).isTrue();
          NetError e = failure(() -> s.finishConnect(Deadline.after(BOUND)));
          assertThat(e.errno()).isEqualTo(Errno.ECONNRESET);
          assertThat(e.operation()).isEqualTo(Operation.CONNECT);
        }
      }
    }
  }

  /** A blocking connect from the client namespace that must succeed. */
  private static PosixSocket connected(NetLab lab, InetEndpoint target) {
    return lab.client()
        .call(
            () -> {
              PosixSocket s = PosixSocket.open(target.family(), Network.SocketType.STREAM);
              try {
                assertThat(s.connect(target, Deadline.after(BOUND)))
                    .isEqualTo(ConnectResult.CONNECTED);
                return s;
              } catch (IOException | RuntimeException | Error e) {
                s.close();
                throw e;
              }
            });
  }
}
