package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.dial4j.error.Errno;
import org.dial4j.loop.EventLoop;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.testing.Await;
import org.dial4j.testing.FaultSeed;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control port on a loop over {@link FaultySyscalls}: its accepts, reads, writes, epoll calls
 * and closes failing at random (seeded, {@link FaultSeed}). A client whose connection the loop
 * could adopt gets every reply whole and in order (a short write is finished later, an EAGAIN or
 * EINTR read read again); one it could not (epoll_ctl ADD failed) is closed at once, and the loop
 * logs that with the errno, as it logs each accept failure that pauses the port.
 */
class ControlPortFaultTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @RegisterExtension final FaultSeed seed = new FaultSeed();

  @Test
  @DisplayName(
      "control faults: 50 clients of 3 commands each on a port whose accept4, recv, send,"
          + " epoll_ctl, epoll_wait and close fail at random get whole replies, or are closed at"
          + " once where epoll could not take them (logged with the errno)")
  void clientsUnderRandomFaults() throws Exception {
    FaultySyscalls faults = FaultySyscalls.linux(seed.value());
    RecordingLogger log = new RecordingLogger();
    try (EventLoop loop = faults.loopBuilder().name("faulty-ctl").logger(log).build().start();
        ControlPort port = ControlPort.open(loop, "127.0.0.1:0")) {
      LineClient.Reply help;
      try (LineClient clean = new LineClient(port.address())) {
        help = clean.command("help");
      }
      Await.until("the clean client gone", () -> port.clients() == 0, BOUND);
      faults
          .fail(Call.ACCEPT4, 0.1)
          .fail(Call.EPOLL_CTL, 0.1)
          .fail(Call.RECV, 0.4)
          .fail(Call.SEND, 0.4)
          .fail(Call.EPOLL_WAIT, 0.3)
          .fail(Call.CLOSE, 0.2);
      int whole = 0;
      int cut = 0;
      for (int i = 0; i < 50; i++) {
        try (LineClient c = new LineClient(port.address())) {
          LineClient.Reply first;
          try {
            first = c.command("help");
          } catch (IOException closed) {
            cut++;
            continue;
          }
          assertThat(first).isEqualTo(help);
          assertThat(c.command("log").body()).containsExactly("info");
          assertThat(c.command("help").body()).isEqualTo(help.body());
          whole++;
        }
      }
      String story = faults + " whole " + whole + " cut " + cut + " log " + log.lines();
      Await.until("every client gone", () -> port.clients() == 0, BOUND);
      assertThat(cut).as(story).isEqualTo(faults.injected(Call.EPOLL_CTL));
      for (Errno e : Call.EPOLL_CTL.legal()) {
        assertThat(log.lines().stream().filter(l -> l.text().contains("epoll_ctl " + e.name())))
            .as(story)
            .hasSize((int) faults.injected(Call.EPOLL_CTL, e));
      }
      for (Errno e : new Errno[] {Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM, Errno.ENOBUFS}) {
        assertThat(
                log.lines().stream()
                    .filter(
                        l -> l.text().contains(": " + e.name()) && l.text().contains("pausing")))
            .as(story)
            .hasSize((int) faults.injected(Call.ACCEPT4, e));
      }
      assertThat(whole).as(story).isPositive();
      for (Call c : new Call[] {Call.ACCEPT4, Call.RECV, Call.SEND, Call.CLOSE}) {
        assertThat(faults.injected(c)).as(story + " " + c).isPositive();
      }
      faults.setEnabled(false);
      try (LineClient clean = new LineClient(port.address())) {
        assertThat(clean.command("help")).isEqualTo(help);
      }
    }
  }
}
