package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dial4j.Family;
import org.dial4j.error.Errno;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.ChildResults;
import org.dial4j.testing.NetFault;
import org.dial4j.testing.NetLab;
import org.dial4j.testing.NetLabChild;
import org.dial4j.testing.ResettingPeer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@link Dialer} against a network that fails on purpose ({@link NetLab}): a name whose first
 * address meets a fault and whose next one is live connects to the live one (RFC 8305 Happy
 * Eyeballs falling through), the fault visible in the dial's events with its errno and Operation; a
 * name with the faulty address alone fails with that errno. Links taken down and routes removed
 * while a dial runs, and a peer that accepts then resets, likewise.
 *
 * <p>The dials run in {@link NetLabChild}, a JVM started inside the lab's client namespace (every
 * thread and socket of it is there; nothing it sends can leave the lab), and report back as {@link
 * ChildResults} lines: {@code attempts} reads {@code N TARGET failed ERRNO OPERATION}, {@code
 * connected} or {@code cancelled} for each attempt in order. The child counts its own descriptors
 * ({@code fds balanced}). Skipped, with the reason, where the lab cannot be made.
 */
class NetLabDialTest {
  private static final Duration CHILD_BOUND = Duration.ofSeconds(60);

  // Per test, not per class: each test then shows as skipped, with the reason.
  @BeforeEach
  void needsTheLab() {
    assumeTrue(NetLab.available(), NetLab.unavailableReason());
  }

  /** {@code address:port}, IPv6 in brackets. */
  private static String at(String address, int port) {
    return NetLab.endpoint(address, port).toString();
  }

  private static int port(PosixSocket listener) throws IOException {
    return NetLab.port(listener);
  }

  /**
   * For the dials {@code v4} and {@code v6}: each connected to {@code winner} of its family, its
   * attempts as {@code attempts} says.
   */
  private static void assertBothFamilies(
      Map<String, String> r, Function<Family, String> winner, Function<Family, String> attempts) {
    for (Family f : List.of(Family.INET, Family.INET6)) {
      String label = f == Family.INET ? "v4" : "v6";
      assertThat(r)
          .containsEntry(label + ".outcome", "connected " + winner.apply(f))
          .containsEntry(label + ".attempts", attempts.apply(f));
    }
  }

  /** Runs the child in {@code lab}'s client namespace and checks it closed all it opened. */
  private static Map<String, String> dial(NetLab lab, List<String> args) {
    Map<String, String> r = ChildResults.run(lab.client(), CHILD_BOUND, NetLabChild.class, args);
    System.out.println(r);
    assertThat(r).containsEntry("fds", "balanced");
    return r;
  }

  /** {@code --name NAME=IP,IP,... --dial LABEL=NAME:PORT}, NAME being {@code LABEL.lab}. */
  private static List<String> nameAndDial(String label, int port, String... addresses) {
    return List.of(
        "--name",
        label + ".lab=" + String.join(",", addresses),
        "--dial",
        label + "=" + label + ".lab:" + port);
  }

  @ParameterizedTest(name = "{0}: IPv4 {1}, IPv6 {2}")
  @CsvSource({
    "TCP_RESET,        ECONNREFUSED, ECONNREFUSED",
    "PORT_UNREACHABLE, ECONNREFUSED, ECONNREFUSED",
    "HOST_UNREACHABLE, EHOSTUNREACH, EHOSTUNREACH",
    "ADMIN_PROHIBITED, EHOSTUNREACH, EACCES",
    "NET_UNREACHABLE,  ENETUNREACH,  ENETUNREACH",
  })
  @DisplayName(
      "Happy Eyeballs falls through a refusing or unreachable first address to the live one, the"
          + " errno in the events; the faulty address alone fails the dial with it")
  void fallsThroughTheFault(NetFault fault, Errno v4, Errno v6) throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      int port = port(listener);
      NetLab.Link link = lab.link(1);
      String bad4 = link.address(Family.INET, fault);
      String bad6 = link.address(Family.INET6, fault);
      String live4 = link.live(Family.INET);
      String live6 = link.live(Family.INET6);
      List<String> args = new ArrayList<>();
      args.addAll(nameAndDial("v4", port, bad4, live4));
      args.addAll(nameAndDial("v6", port, bad6, live6));
      // The AAAA answer starts the race (RFC 8305 section 3): the IPv6 address first.
      args.addAll(nameAndDial("mixed", port, bad6, live4));
      args.addAll(nameAndDial("only4", port, bad4));
      args.addAll(nameAndDial("only6", port, bad6));
      // Long enough that the first attempt fails before the next one is due: an ICMPv6 error
      // reaches the socket only at the SYN's retransmission in the lab, at 1 s (see
      // RELIABILITY.md).
      args.addAll(List.of("--attempt-delay", "2000"));
      Map<String, String> r = dial(lab, args);

      assertThat(r)
          .containsEntry("v4.outcome", "connected " + at(live4, port))
          .containsEntry("v4.attempts", attempts(port, bad4, v4, live4))
          .containsEntry("v6.outcome", "connected " + at(live6, port))
          .containsEntry("v6.attempts", attempts(port, bad6, v6, live6))
          .containsEntry("mixed.outcome", "connected " + at(live4, port))
          .containsEntry("mixed.attempts", attempts(port, bad6, v6, live4))
          .containsEntry(
              "only4.outcome", "failed " + exceptionOf(v4) + " " + v4.name() + " connect")
          .containsEntry(
              "only6.outcome", "failed " + exceptionOf(v6) + " " + v6.name() + " connect");
    }
  }

  /**
   * The child's summary of a first attempt to {@code bad} failing with {@code errno}, then live.
   */
  private static String attempts(int port, String bad, Errno errno, String live) {
    return "1 "
        + at(bad, port)
        + " failed "
        + errno.name()
        + " connect; 2 "
        + at(live, port)
        + " connected";
  }

  private static String exceptionOf(Errno errno) {
    return switch (errno) {
      case ECONNREFUSED -> "RefusedException";
      case EHOSTUNREACH, ENETUNREACH -> "UnreachableException";
      default -> "SocketErrnoException";
    };
  }

  @Test
  @DisplayName(
      "A blackholed first address: the next attempt starts after the attempt delay and wins; alone,"
          + " the dial times out with ETIMEDOUT")
  void blackholeFallsThroughAfterTheAttemptDelay() throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      int port = port(listener);
      NetLab.Link link = lab.link(1);
      List<String> args = new ArrayList<>();
      for (Family f : List.of(Family.INET, Family.INET6)) {
        String label = f == Family.INET ? "v4" : "v6";
        args.addAll(
            List.of(
                "--name", label + ".lab=" + link.address(f, NetFault.DROP) + "," + link.live(f)));
        args.addAll(List.of("--dial", label + "=" + label + ".lab:" + port));
      }
      args.addAll(List.of("--name", "only.lab=" + link.address(Family.INET, NetFault.DROP)));
      args.addAll(List.of("--dial", "only=only.lab:" + port, "--timeout", "1000"));
      Map<String, String> r = dial(lab, args);

      for (Family f : List.of(Family.INET, Family.INET6)) {
        String label = f == Family.INET ? "v4" : "v6";
        String live = at(link.live(f), port);
        assertThat(r)
            .containsEntry(label + ".outcome", "connected " + live)
            .containsEntry(
                label + ".attempts",
                "1 "
                    + at(link.address(f, NetFault.DROP), port)
                    + " cancelled; 2 "
                    + live
                    + " connected");
        // The default attempt delay, 250 ms, between the two starts.
        String events = r.get(label + ".events");
        assertThat(start(events, 2) - start(events, 1)).as(events).isBetween(250L, 1000L);
      }
      assertThat(r).containsEntry("only.outcome", "failed TimedOutException ETIMEDOUT connect");
    }
  }

  /**
   * When attempt {@code n} started, in ms, from the child's trace ({@code 251ms attempt 2 start}).
   */
  private static long start(String events, int n) {
    for (String e : events.split(" \\| ", -1)) {
      if (e.contains(" attempt " + n + " start ")) {
        return Long.parseLong(e.substring(0, e.indexOf("ms ")));
      }
    }
    throw new AssertionError("no attempt " + n + " in " + events);
  }

  /**
   * A name per family, {@code v4.lab} and {@code v6.lab}, with {@code addresses} of that family in
   * order, and a dial of each, {@code v4} and {@code v6}.
   */
  private static List<String> namesAndDials(int port, Function<Family, List<String>> addresses) {
    List<String> args = new ArrayList<>();
    for (Family f : List.of(Family.INET, Family.INET6)) {
      String label = f == Family.INET ? "v4" : "v6";
      args.addAll(List.of("--name", label + ".lab=" + String.join(",", addresses.apply(f))));
      args.addAll(List.of("--dial", label + "=" + label + ".lab:" + port));
    }
    return args;
  }

  @Test
  @DisplayName(
      "The peer's link taken down mid-dial: the attempt over it fails EHOSTUNREACH, the next link's"
          + " address connects")
  void peerLinkDownFallsThrough() throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      NetLab.Link two = lab.addLink();
      // The kernel hears of the fault at the SYN's next retransmission (1 s, then 3 s): two
      // retries leave the child's command 3 s to run.
      lab.synRetries(2);
      int port = port(listener);
      List<String> args =
          namesAndDials(port, f -> List.of(lab.link(1).address(f, NetFault.DROP), two.live(f)));
      // One attempt at a time: the second waits for the first to fail, however long that takes.
      args.addAll(List.of("--max-in-flight", "1", "--fault"));
      args.addAll(lab.serverEndDown(lab.link(1)));
      Map<String, String> r = dial(lab, args);

      assertThat(r.get("fault")).startsWith("exit 0 ");
      assertBothFamilies(
          r,
          f -> at(two.live(f), port),
          f ->
              "1 "
                  + at(lab.link(1).address(f, NetFault.DROP), port)
                  + " failed EHOSTUNREACH connect; 2 "
                  + at(two.live(f), port)
                  + " connected");
    }
  }

  /**
   * Link 1's DROP address (attempt 1, left waiting), link 1's live address (attempt 2, after the 2
   * s attempt delay) and link 2's (attempt 3), with {@code faults} run while attempt 1 waits:
   * attempt 2 fails with ENETUNREACH at once (its route is gone), attempt 3 connects.
   */
  private static void routeGoneBeforeAttempt2(NetLab lab, int port, List<List<String>> faults) {
    NetLab.Link two = lab.link(2);
    NetLab.Link one = lab.link(1);
    List<String> args =
        namesAndDials(port, f -> List.of(one.address(f, NetFault.DROP), one.live(f), two.live(f)));
    args.addAll(List.of("--attempt-delay", "2000", "--fault", "sh", "-c"));
    args.add(String.join(" && ", faults.stream().map(c -> String.join(" ", c)).toList()));
    Map<String, String> r = dial(lab, args);

    assertThat(r.get("fault")).startsWith("exit 0 ");
    assertBothFamilies(
        r,
        f -> at(two.live(f), port),
        f ->
            "1 "
                + at(one.address(f, NetFault.DROP), port)
                + " cancelled; 2 "
                + at(one.live(f), port)
                + " failed ENETUNREACH connect; 3 "
                + at(two.live(f), port)
                + " connected");
  }

  @Test
  @DisplayName(
      "The client's own link taken down mid-race: the next attempt over it fails ENETUNREACH at"
          + " once, the other link's address connects")
  void ownLinkDownMidRace() throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      lab.addLink();
      routeGoneBeforeAttempt2(lab, port(listener), List.of(lab.clientEndDown(lab.link(1))));
    }
  }

  @Test
  @DisplayName(
      "A route removed mid-race: the next attempt over it fails ENETUNREACH at once, the other"
          + " link's address connects")
  void routeRemovedMidRace() throws IOException {
    try (NetLab lab = NetLab.create();
        PosixSocket listener = lab.listen()) {
      lab.addLink();
      NetLab.Link one = lab.link(1);
      routeGoneBeforeAttempt2(
          lab,
          port(listener),
          List.of(lab.routeRemoval(one, Family.INET), lab.routeRemoval(one, Family.INET6)));
    }
  }

  @Test
  @DisplayName(
      "A peer that accepts then resets (after the client's first byte): Connection.recv fails"
          + " ECONNRESET, then send ECONNRESET")
  void acceptThenResetThroughConnection() throws IOException {
    try (NetLab lab = NetLab.create();
        ResettingPeer peer = ResettingPeer.start(lab.listen())) {
      NetLab.Link link = lab.link(1);
      Map<String, String> r =
          dial(
              lab,
              List.of(
                  "--dial",
                  "v4=" + at(link.live(Family.INET), peer.port()),
                  "--dial",
                  "v6=" + at(link.live(Family.INET6), peer.port()),
                  "--exchange"));
      for (Family f : List.of(Family.INET, Family.INET6)) {
        String label = f == Family.INET ? "v4" : "v6";
        assertThat(r)
            .containsEntry(label + ".outcome", "connected " + at(link.live(f), peer.port()))
            .containsEntry(label + ".first-send", "ok")
            .containsEntry(label + ".recv", "ECONNRESET recv")
            // The kernel says EPIPE once the reset was read; the Connection says ECONNRESET, as
            // libdill's fd.c maps it: the peer reset, this side did not shut down.
            .containsEntry(label + ".send", "ECONNRESET send");
      }
      assertThat(peer.accepted()).isEqualTo(2);
    }
  }
}
