package org.dial4j.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dial4j.Endpoint;
import org.dial4j.error.NetError;

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
  private final Injections injections;

  /**
   * @param injections what a fault-injecting system call table injected: the only excuse for an
   *     outcome the fault's table does not allow (nothing, over the kernel's own table)
   */
  Referee(Phase phase, Targets targets, Tally tally, Injections injections) {
    this.phase = phase;
    this.targets = targets;
    this.tally = tally;
    this.injections = injections;
  }

  Injections injections() {
    return injections;
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
    Set<String> allowed = a.fault.allowed(a.face, a.target);
    if (!allowed.contains(outcome) && !explainedByInjection(a, outcome, failure, at)) {
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

  /**
   * Whether an injected failure explains an outcome the fault's table does not allow (and counts it
   * under its excuse): the outcome is an injected errno itself (the table injected it, and the run
   * allows it); or the fault's name ended as it must once its live address failed ({@link
   * Fault#withLiveAddressFailed}), and the failure's own account of its attempts (its cause and
   * suppressed errors) names that address ending with an injected errno, and a timeout came no
   * earlier than the deadline.
   */
  private boolean explainedByInjection(Attempt a, String outcome, Throwable failure, long at) {
    if (failure == null) {
      return false;
    }
    if (injections.injected(outcome)) {
      injections.excuse("an injected " + outcome);
      return true;
    }
    if (!outcome.equals(a.fault.withLiveAddressFailed())) {
      return false;
    }
    Throwable live = liveAddressFailure(Outcomes.unwrap(failure), targets.expectedRemote(a.target));
    if (live == null || !injections.injected(live)) {
      return false;
    }
    if (outcome.equals("ETIMEDOUT") && at - a.deadlineNanos < 0) {
      return false; // early: the anomaly names it
    }
    injections.excuse(
        a.fault.label() + " " + outcome + " (its live address failed with an injected errno)");
    return true;
  }

  /** The failure of the attempt at {@code live} among {@code dial}'s cause and suppressed ones. */
  private static Throwable liveAddressFailure(Throwable dial, Endpoint live) {
    List<Throwable> parts = new ArrayList<>(List.of(dial.getSuppressed()));
    if (dial.getCause() != null) {
      parts.add(dial.getCause());
    }
    for (Throwable t : parts) {
      if (t instanceof NetError n && n.target().filter(live::equals).isPresent()) {
        return t;
      }
    }
    return null;
  }

  private static String describe(String outcome, Throwable failure) {
    return failure == null ? outcome : outcome + " (" + Outcomes.unwrap(failure) + ")";
  }

  private static String sorted(Set<String> s) {
    return s.stream().sorted().toList().toString();
  }
}
