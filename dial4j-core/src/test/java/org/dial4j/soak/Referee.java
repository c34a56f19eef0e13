package org.dial4j.soak;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.dial4j.Endpoint;

/**
 * Judges each attempt's end: that it comes once, with an outcome the fault's table allows, in the
 * exception class its errno calls for, at the address the target names, and (for a timeout) not
 * before its deadline; then counts it. Everything else is an anomaly.
 */
final class Referee {
  /**
   * How late an ETIMEDOUT may come after its deadline before it is an anomaly (a lost or stuck
   * timer rather than a busy machine): 2 s, whatever the load.
   */
  static final Duration MAX_LATE = Duration.ofSeconds(2);

  private final Phase phase;
  private final Targets targets;
  private final Tally tally;
  private final Set<String> alsoAllowed;

  /**
   * @param alsoAllowed errno names every attempt may end with besides its table's (faults a
   *     fault-injecting system call table adds; empty for the kernel's own)
   */
  Referee(Phase phase, Targets targets, Tally tally, Set<String> alsoAllowed) {
    this.phase = phase;
    this.targets = targets;
    this.tally = tally;
    this.alsoAllowed = Set.copyOf(alsoAllowed);
  }

  Tally tally() {
    return tally;
  }

  Phase phase() {
    return phase;
  }

  /** {@code a} connected to {@code remote} (null: not known to the face), seen at {@code at}. */
  void connected(Attempt a, Endpoint remote, long at) {
    end(a, Outcomes.CONNECTED, null, remote, at);
  }

  /** {@code a} failed with {@code failure}, seen at {@code at}. */
  void failed(Attempt a, Throwable failure, long at) {
    end(a, Outcomes.label(failure), failure, null, at);
  }

  /** {@code a} ended as {@code outcome} ({@link Outcomes#CLOSED}, {@link Outcomes#MISSING}). */
  void ended(Attempt a, String outcome, long at) {
    end(a, outcome, null, null, at);
  }

  private void end(Attempt a, String outcome, Throwable failure, Endpoint remote, long at) {
    if (a.ends.incrementAndGet() > 1) {
      tally.anomaly(
          a + " ended a second time: " + describe(outcome, failure) + " after " + a.outcome);
      return;
    }
    a.outcome = outcome;
    if (outcome.equals(Outcomes.MISSING)) {
      tally.anomaly(a + " had not ended " + PhaseRun.GRACE.toSeconds() + " s after its deadline");
      tally.count(phase, a.fault, a.face, outcome);
      a.ended.countDown();
      return;
    }
    if (failure != null) {
      String wrong = Outcomes.wrongClass(failure);
      if (wrong != null) {
        tally.anomaly(a + ": " + wrong);
      }
    }
    Set<String> allowed = new HashSet<>(a.fault.allowed(a.face, a.target));
    allowed.addAll(alsoAllowed);
    if (!allowed.contains(outcome)) {
      tally.anomaly(
          a + " ended " + describe(outcome, failure) + ", expected one of " + sorted(allowed));
    }
    if (remote != null && !remote.equals(targets.expectedRemote(a.target))) {
      tally.anomaly(a + " connected to " + remote + ", not " + targets.expectedRemote(a.target));
    }
    if (a.fault == Fault.TIMEOUT && outcome.equals("ETIMEDOUT")) {
      long late = at - a.deadlineNanos;
      if (late < 0) {
        tally.anomaly(a + ": ETIMEDOUT " + (-late / 1000) + " us before its deadline: " + failure);
      } else {
        tally.overshoot(phase, a.face, late);
        if (late > MAX_LATE.toNanos()) {
          tally.anomaly(a + ": ETIMEDOUT " + late / 1_000_000 + " ms after its deadline");
        }
      }
    }
    tally.count(phase, a.fault, a.face, outcome);
    a.ended.countDown();
  }

  private static String describe(String outcome, Throwable failure) {
    return failure == null ? outcome : outcome + " (" + Outcomes.unwrap(failure) + ")";
  }

  private static String sorted(Set<String> s) {
    return s.stream().sorted().toList().toString();
  }
}
