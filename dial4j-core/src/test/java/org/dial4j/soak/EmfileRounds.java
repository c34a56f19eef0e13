package org.dial4j.soak;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import org.dial4j.error.Errno;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;

/**
 * {@link Phase#EMFILE}'s attempts, in a child whose descriptor limit is low: rounds of three. First
 * every free descriptor is taken (eventfds, until the kernel answers EMFILE) and every attempt must
 * fail with EMFILE; then one to eight are let go, fewer than the attempts in flight, and each
 * attempt either gets one or fails with EMFILE; then all are let go and every attempt must end as
 * its target says (recovered: nothing stuck, nothing leaked).
 */
final class EmfileRounds {
  /** Attempts per round of three: half starved, a quarter at the edge, a quarter recovered. */
  private static final int ROUND = 600;

  private final PhaseRun run;
  private final Tally tally;
  private final Deque<Integer> taken = new ArrayDeque<>();
  private long rounds;
  private long mostTaken;

  EmfileRounds(PhaseRun run, Tally tally) {
    this.run = run;
    this.tally = tally;
  }

  /** {@code n} attempts in rounds. */
  void run(long n) {
    long done = 0;
    while (done < n) {
      long k = Math.min(ROUND, n - done);
      long starved = k / 2;
      long edge = k / 4;
      long recovered = k - starved - edge;
      // What the last round's connections held is let go on the loop a moment after they end
      // (Connection.close hands the descriptor to its loop): a descriptor freed after the taking
      // would let a starved attempt connect.
      run.drainTo(null, Duration.ofSeconds(10), "before taking every descriptor");
      takeAll();
      run.round(starved, r -> Fault.EMFILE);
      SplittableRandom rng = run.random();
      letGo(1 + rng.nextInt(8));
      run.round(edge, r -> Fault.EMFILE_EDGE);
      letGo(taken.size());
      run.round(recovered, r -> r.nextInt(3) == 0 ? Fault.REFUSED : Fault.SUCCESS);
      done += k;
      rounds++;
    }
  }

  /** Takes every descriptor the limit leaves. */
  private void takeAll() {
    while (true) {
      int fd = LinuxSyscalls.INSTANCE.eventfd(0, Sys.EFD_CLOEXEC);
      if (fd < 0) {
        if (fd != -Errno.EMFILE.number()) {
          tally.anomaly("eventfd while taking descriptors: " + Errno.of(-fd));
        }
        break;
      }
      taken.push(fd);
    }
    mostTaken = Math.max(mostTaken, taken.size());
  }

  private void letGo(int n) {
    for (int i = 0; i < n && !taken.isEmpty(); i++) {
      LinuxSyscalls.INSTANCE.close(taken.pop());
    }
  }

  void notes() {
    tally.note(
        "emfile: "
            + rounds
            + " rounds; up to "
            + mostTaken
            + " descriptors taken to reach the limit of "
            + Phase.NOFILE);
  }
}
