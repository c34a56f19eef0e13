package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code fds} over many descriptors is made a page per loop turn ({@link FdsTable#ROWS_PER_PART}
 * rows), not in one turn: the loop's other tasks run between the pages, and the reply is still the
 * whole table, framed as every reply is. Turns are counted, not timed.
 */
class ControlFdsStreamTest {
  private static final int N = 1000;
  private static final Duration BOUND = Duration.ofSeconds(30);

  private EventLoop loop;
  private ControlPort port;

  @BeforeEach
  void open() throws IOException {
    loop = EventLoop.start("ctl-stream");
    port = ControlPort.open(loop, "127.0.0.1:0");
  }

  @AfterEach
  void close() {
    port.close();
    loop.close();
  }

  /** On the loop thread: records the port's streamed parts once per turn until told to stop. */
  private final class TurnRecorder implements Runnable {
    final List<Long> seen = new ArrayList<>(); // loop thread only, read after stop
    volatile boolean stop;

    @Override
    public void run() {
      seen.add(port.server().streamedParts());
      if (!stop) {
        loop.execute(this); // a task queued by a task runs in the next turn
      }
    }
  }

  private List<String> keys(List<FdInfo> truth) {
    return truth.stream()
        .map(f -> f.fd() + " " + f.name() + " " + f.state() + " " + f.remote())
        .map(k -> k.replace("null", "-"))
        .toList();
  }

  private static List<String> keys(LineClient.Reply r) {
    return FdsRows.parse(r).stream()
        .map(row -> String.join(" ", row.get(0), row.get(1), row.get(4), row.get(6)))
        .toList();
  }

  @Test
  @DisplayName(
      "fds over 1,000 held connections: a page per loop turn, a loop task between every two pages,"
          + " and the whole table, framed")
  void aPagePerTurn() throws Exception {
    try (HeldConnections _ = HeldConnections.open(loop, N, BOUND);
        LineClient client = new LineClient(port.address())) {
      assertThat(client.command("log warning").ok()).isTrue();
      TurnRecorder recorder = new TurnRecorder();
      loop.execute(recorder);

      LineClient.Reply r = client.command("fds");

      recorder.stop = true;
      List<FdInfo> truth = loop.submit(loop::fds).get(10, TimeUnit.SECONDS);
      long parts = loop.submit(() -> port.server().streamedParts()).get(10, TimeUnit.SECONDS);
      List<Long> seen = loop.submit(() -> List.copyOf(recorder.seen)).get(10, TimeUnit.SECONDS);

      // The whole table: the header, then one row per descriptor, as the loop has them now.
      assertThat(r.ok()).isTrue();
      assertThat(r.body().getFirst().strip().split("\\s+", -1))
          .containsExactlyElementsOf(FdsTable.HEADER);
      assertThat(keys(r)).containsExactlyElementsOf(keys(truth));
      assertThat(truth.size()).isGreaterThan(N);
      // Two passes (widths, rows), a page per part: at most 256 rows made in a turn.
      long pages = (truth.size() + FdsTable.ROWS_PER_PART - 1L) / FdsTable.ROWS_PER_PART;
      assertThat(parts).isEqualTo(2 * pages);
      assertThat(FdsTable.ROWS_PER_PART).isBetween(1, 256);
      // One part per turn, and the recorder ran in every turn between: it saw every count.
      assertThat(seen).containsAll(LongStream.range(1, parts).boxed().toList());
      // The session goes on, framed: the next command gets its own reply.
      assertThat(client.command("log")).isEqualTo(new LineClient.Reply(List.of("warning"), "ok"));
    }
  }

  @Test
  @DisplayName(
      "fds pipelined by a client with a 4 KiB receive buffer: each part waits until the last is"
          + " written, and every reply arrives whole and in order")
  void aSlowReader() throws Exception {
    try (HeldConnections _ = HeldConnections.open(loop, N, BOUND);
        LineClient client = new LineClient(port.address(), 4096)) {
      assertThat(client.command("log").ok()).isTrue(); // the session is there
      List<FdInfo> truth = loop.submit(loop::fds).get(10, TimeUnit.SECONDS);
      client.send("fds\nfds\nlog\nquit\n");
      LineClient.Reply first = client.reply();
      LineClient.Reply second = client.reply();
      for (LineClient.Reply r : List.of(first, second)) {
        assertThat(keys(r)).containsExactlyElementsOf(keys(truth));
      }
      assertThat(client.reply()).isEqualTo(new LineClient.Reply(List.of("info"), "ok"));
      assertThat(client.reply()).isEqualTo(new LineClient.Reply(List.of("bye"), "ok"));
      assertThat(client.closedByServer()).isTrue();
    }
  }
}
