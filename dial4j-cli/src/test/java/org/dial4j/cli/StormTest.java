package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.LogLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Storm} driven directly, to act while it runs: a signal, a look at held sockets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StormTest {

  /** One run on its own thread, with what it printed. */
  private static final class Run {
    final Storm storm;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final FutureTask<Integer> status;

    Run(StormPlan plan) {
      storm = new Storm(plan);
      status =
          new FutureTask<>(() -> storm.run(new PrintWriter(out, true), new PrintWriter(err, true)));
      Thread t = new Thread(status, "storm-under-test");
      t.setDaemon(true);
      t.start();
    }

    int await() throws Exception {
      return status.get(60, TimeUnit.SECONDS);
    }
  }

  private static StormPlan plan(
      long total, int c, InetEndpoint dst, boolean hold, double limit, double keep) {
    return new StormPlan(
        total,
        c,
        1,
        List.of(dst),
        List.of(),
        hold,
        limit,
        keep,
        null,
        LogLevel.ERROR,
        false,
        null,
        List.of(),
        0,
        0,
        0);
  }

  @Test
  @DisplayName(
      "cconnect on SIGINT/SIGTERM: the run stops with 'signal', still prints its line, exit 1 as"
          + " not all succeeded")
  void signalStops() throws Exception {
    try (Listeners lo = new Listeners()) {
      InetEndpoint stuck = lo.fullQueue(); // every connect stays in flight until the signal
      Run run = new Run(plan(10, 4, stuck, false, 60, 0));
      assertThat(run.storm.awaitStarted(30, TimeUnit.SECONDS)).isTrue();
      run.storm.signal();
      assertThat(run.await()).isOne();
      assertThat(StormCommandTest.line(run.out.toString()))
          .containsEntry("stopped", "signal")
          .containsEntry("ok", 0L)
          .containsEntry("failed", 0L);
    }
  }

  @Test
  @DisplayName(
      "cconnect --hold -k: the connected sockets stay open after the line until -k ends (here: a"
          + " signal), then all are closed")
  void holdsUntilKeepEnds() throws Exception {
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      SortedMap<Integer, String> before = Descriptors.snapshot();
      long socketsBefore = Descriptors.sockets();
      Run run = new Run(plan(300, 16, AcceptAndClose.v4(1, server.port()), true, 60, 60));
      assertThat(run.storm.awaitReported(30, TimeUnit.SECONDS)).isTrue();
      assertThat(StormCommandTest.line(run.out.toString())).containsEntry("held", 300L);
      assertThat(Descriptors.sockets()).isGreaterThanOrEqualTo(socketsBefore + 300);
      run.storm.signal(); // ends the -k wait
      assertThat(run.await()).isZero();
      server.awaitAccepted(300, java.time.Duration.ofSeconds(30));
      assertThat(Descriptors.snapshot()).isEqualTo(before);
    }
  }
}
