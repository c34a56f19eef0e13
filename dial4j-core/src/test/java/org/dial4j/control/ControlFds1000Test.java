package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.FdInfo;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: the control port's {@code fds} matches the loop's state while it
 * holds 1,000 connections (2,000 descriptors in this JVM with the accepting side, far below the
 * 20,000 the test machine allows).
 */
class ControlFds1000Test {
  private static final int N = 1000;
  private static final Duration BOUND = Duration.ofSeconds(30);

  private EventLoop loop;
  private EventLoop holder;
  private ControlPort port;
  private LineClient client;

  @BeforeEach
  void open() throws IOException {
    loop = EventLoop.start("ctl-1000");
    holder = EventLoop.start("ctl-holder");
    port = ControlPort.open(loop, "127.0.0.1:0");
    client = new LineClient(port.address());
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    port.close();
    loop.close();
    holder.close();
  }

  /** Accepts and holds; closes its side when the connecting side closes. */
  private static final FdCallback HOLD =
      (fd, name, status, data) -> {
        if ((status & Status.READABLE) != 0) {
          try {
            if (fd.read(ByteBuffer.allocate(64)) < 0) {
              fd.close();
            }
          } catch (IOException e) {
            fd.close();
          }
        }
      };

  private List<FdInfo> loopFds() throws Exception {
    return loop.submit(loop::fds).get(10, TimeUnit.SECONDS);
  }

  /** What a row must agree on: all but age and byte counts, which move on their own. */
  private static String key(FdInfo f) {
    return String.join(
        " ",
        Integer.toString(f.fd()),
        f.name(),
        f.type(),
        FdFlags.describe(f.flags()),
        f.state(),
        f.local() == null ? "-" : f.local().toString(),
        f.remote() == null ? "-" : f.remote().toString());
  }

  private static String key(List<String> row) {
    return String.join(" ", row.subList(0, 7));
  }

  private static Set<String> fdNameState(List<FdInfo> fds) {
    return fds.stream()
        .map(f -> f.fd() + " " + f.name() + " " + f.state())
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: the control port's fds matches the loop's state in a test that holds"
          + " 1,000 connections")
  void thousandConnections() throws Exception {
    assertThat(client.command("log warning").ok()).isTrue(); // no INFO line per connect
    Set<String> baseline = fdNameState(loopFds());
    String target = holder.listen("holder", "127.0.0.1:0", HOLD, null).local().toString();
    AtomicInteger connected = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    FdCallback cb =
        (fd, name, status, data) -> {
          if ((status & Status.CONNECTED) != 0) {
            connected.incrementAndGet();
          }
          if ((status & Status.FAILED) != 0) {
            failed.incrementAndGet();
          }
          if ((status & Status.READABLE) != 0) {
            HOLD.onEvent(fd, name, status, data); // closes at end of stream
          }
        };
    List<LoopFd> conns = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      conns.add(loop.connect("conn-" + i, cb, null, null, target));
    }
    Await.until("1,000 connects to end", () -> connected.get() + failed.get() == N, BOUND);
    assertThat(failed).hasValue(0);

    LineClient.Reply r = client.command("fds");
    List<FdInfo> truth = loopFds();
    List<List<String>> rows = FdsRows.parse(r);
    assertThat(rows).hasSize(truth.size());
    assertThat(rows.stream().map(ControlFds1000Test::key).toList())
        .containsExactlyElementsOf(truth.stream().map(ControlFds1000Test::key).toList());
    List<List<String>> held = rows.stream().filter(row -> row.get(1).startsWith("conn-")).toList();
    assertThat(held)
        .hasSize(N)
        .allSatisfy(
            row -> {
              assertThat(row.get(4)).isEqualTo("connected");
              assertThat(row.get(6)).isEqualTo(target);
            });
    Map<String, List<String>> byFd =
        rows.stream().collect(Collectors.toMap(row -> row.get(0), row -> row));
    for (LoopFd c : conns) {
      List<String> row = byFd.get(Integer.toString(c.fd()));
      assertThat(row).as("the row of fd %d", c.fd()).isNotNull();
      assertThat(row.subList(1, 2)).containsExactly(c.name());
    }

    // The holder closes first, so TIME_WAIT lands on its side (its listener's port, with
    // SO_REUSEADDR) and not on 1,000 ephemeral ports of this host without it, where a later
    // test's bind(SO_REUSEADDR) to a port its connect drew would meet EADDRINUSE.
    holder.close();
    Await.until(
        "the loop back to its baseline",
        () -> {
          try {
            return fdNameState(loopFds()).equals(baseline);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        BOUND);
    assertThat(conns).noneMatch(LoopFd::isOpen);
    assertThat(client.command("fds").body()).hasSize(baseline.size() + 1);
  }
}
