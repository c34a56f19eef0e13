package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * libut UT_net_connect (seed 000): "The fds control port command displays connecting sockets, and
 * other file descriptors."
 */
class ControlFdsTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private EventLoop loop;
  private ControlPort port;
  private Loopback peers;
  private LineClient client;
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final FdCallback recorder =
      (fd, name, status, data) -> statuses.merge(name, status, (a, b) -> a | b);

  @BeforeEach
  void open() throws IOException {
    loop = EventLoop.start("ctl-fds");
    port = ControlPort.open(loop, "127.0.0.1:0");
    peers = new Loopback();
    client = new LineClient(port.address());
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    port.close();
    loop.close();
    peers.close();
  }

  /** The rows of an {@code fds} reply by name, each split into its ten fields. */
  static Map<String, List<String>> byName(LineClient.Reply r) {
    return FdsRows.parse(r).stream()
        .collect(Collectors.toMap(row -> row.get(1), Function.identity(), (a, b) -> a));
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: fds lists a named connect with its name, state, local and remote"
          + " address")
  void namedConnect() throws Exception {
    PosixSocket listener = peers.listener("127.0.0.1", 16);
    InetEndpoint target = Loopback.where(listener);
    LoopFd conn = loop.connect("db-primary", recorder, null, null, target.toString());
    Await.until(
        "CONNECTED", () -> (statuses.getOrDefault("db-primary", 0) & Status.CONNECTED) != 0, BOUND);

    LineClient.Reply r = client.command("fds");
    assertThat(r.ok()).isTrue();
    assertThat(r.body().getFirst().strip().split("\\s+"))
        .containsExactlyElementsOf(FdsTable.HEADER);
    Map<String, List<String>> rows = byName(r);
    List<String> db = rows.get("db-primary");
    assertThat(db.get(0)).isEqualTo(Integer.toString(conn.fd()));
    assertThat(db.subList(2, 5))
        .containsExactly("socket", "SOCKET|R|CONNECTED|LOCALADDR|REMOTEADDR", "connected");
    assertThat(db.get(5)).startsWith("127.0.0.1:");
    assertThat(db.get(6)).isEqualTo(target.toString());
    assertThat(db.get(7)).matches("\\d+\\.\\d{3}");
    assertThat(db.subList(8, 10)).containsExactly("0", "0");
    assertThat(rows).containsKeys("epoll", "wakeup", "control");
    // The listener and this very session are both "control": the state tells them apart.
    List<List<String>> control =
        FdsRows.parse(r).stream().filter(row -> row.get(1).equals("control")).toList();
    assertThat(control)
        .extracting(row -> row.get(4))
        .containsExactlyInAnyOrder("listening", "accepted");
    assertThat(control)
        .anySatisfy(row -> assertThat(row.get(5)).isEqualTo(port.address().toString()));
    assertThat(control)
        .anySatisfy(
            row -> {
              assertThat(row.get(4)).isEqualTo("accepted");
              assertThat(row.get(6)).startsWith("127.0.0.1:");
              assertThat(row.get(8)).isEqualTo("4"); // "fds\n"
            });
    conn.close();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: fds displays a connecting socket as connecting, with no local address"
          + " yet")
  void connecting() throws Exception {
    InetEndpoint full = peers.fullQueue("127.0.0.1");
    LoopFd conn = loop.connect("stuck", recorder, null, null, full.toString());
    adopted();
    LineClient.Reply r = client.command("fds");
    List<String> row = byName(r).get("stuck");
    assertThat(row.subList(3, 7))
        .containsExactly("SOCKET|CONNECTING|REMOTEADDR", "connecting", "-", full.toString());
    conn.close();
    Await.until("the connect to go", () -> !byName(command("fds")).containsKey("stuck"), BOUND);
    assertThat(statuses).doesNotContainKey("stuck");
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: fds keeps every field one word: blanks and controls in a name are"
          + " escaped, rows align")
  void escapedAndAligned() throws Exception {
    InetEndpoint full = peers.fullQueue("127.0.0.1");
    LoopFd a = loop.connect("my conn\tx", recorder, null, null, full.toString());
    LoopFd b = loop.connect("", recorder, null, null, full.toString());
    // Beyond ASCII the reply is UTF-8; what UTF-8 cannot say (a lone surrogate) is "?", as
    // String.getBytes writes it.
    LoopFd c = loop.connect("z\u00fcrich\ud800", recorder, null, null, full.toString());
    adopted();
    LineClient.Reply r = client.command("fds");
    Map<String, List<String>> rows = byName(r);
    assertThat(rows).containsKey("my\\x20conn\\x09x");
    assertThat(rows).containsKey("z\u00fcrich?");
    assertThat(rows.get("-").get(0)).isEqualTo(Integer.toString(b.fd()));
    assertThat(r.body()).allSatisfy(l -> assertThat(l).hasSize(r.body().getFirst().length()));
    assertThat(FdsRows.parse(r)).allSatisfy(row -> assertThat(row).hasSize(10));
    a.close();
    b.close();
    c.close();
  }

  /**
   * Waits until the loop has taken the connects made from this thread: each is handed over as a
   * task, and tasks run in order, after the I/O of their turn (so a command could otherwise run
   * first).
   */
  private void adopted() throws Exception {
    loop.submit(() -> null).get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private LineClient.Reply command(String line) {
    try {
      return client.command(line);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
