package org.dial4j.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dial4j.error.Errno;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.testing.Netns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The reliability soak ({@link ReliabilitySoak}) over the fault-injecting tables of {@link
 * FaultySyscalls}. {@link FaultySyscalls.Interrupting}: every client loop's and {@code
 * PosixSocket}'s calls answer EINTR (and EAGAIN where a blocking call waits it out) 10% of the
 * time, which dial4j must handle inside, so no errno is allowed beyond the faults' own; 50,000
 * attempts by default ({@code -Ddial4j.soak.attempts=N}), report in {@code
 * target/injected-faults-soak.md}. {@link FaultySyscalls.Failing}: 1% of the calls fail with any
 * errno the kernel could answer, and {@link FaultySyscalls#FAILING_ERRNOS} may reach the callers
 * where the table injected them ({@link Injections}); 20,000 attempts by default ({@code
 * -Ddial4j.soak.failing.attempts=N}), report in {@code target/injected-failures-soak.md}. Neither
 * may show an anomaly, and each report names every phase's fault seed and the command that replays
 * the phase.
 *
 * <p>On request only: {@code mvn -B test -pl dial4j-core -Dtest=InjectedFaultsSoakTest
 * -Ddial4j.soak=true}. Needs root for its network namespaces (skipped with the reason otherwise).
 */
@EnabledIfSystemProperty(named = "dial4j.soak", matches = "true")
class InjectedFaultsSoakTest {
  @BeforeEach
  void needsNamespaces() {
    assumeThat(Netns.available()).as(Netns.unavailableReason()).isTrue();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.HOURS) // each phase's child has its own bound
  @DisplayName("soak under injected EINTR and EAGAIN: every attempt as without them, no anomaly")
  void interrupted() throws Exception {
    long attempts = Long.getLong("dial4j.soak.attempts", 50_000);
    soak(attempts, FaultySyscalls.Interrupting.class, List.of(), "injected-faults-soak.md");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.HOURS)
  @DisplayName("soak under injected failures: each explained by its injection, no anomaly, no leak")
  void failing() throws Exception {
    long attempts = Long.getLong("dial4j.soak.failing.attempts", 20_000);
    soak(
        attempts,
        FaultySyscalls.Failing.class,
        FaultySyscalls.FAILING_ERRNOS.stream().map(Errno::name).toList(),
        "injected-failures-soak.md");
  }

  private static void soak(long attempts, Class<?> table, List<String> allow, String file)
      throws Exception {
    ReliabilitySoak.Result r =
        ReliabilitySoak.run(
            ReliabilitySoak.Options.of(attempts).withSyscalls(table.getName(), allow));
    System.out.println(r.report());
    Files.writeString(Path.of("target", file), r.report());
    assertThat(r.tally().attempts(null)).isEqualTo(attempts);
    assertThat(r.tally().anomalyTexts()).isEmpty();
    assertThat(r.anomalies()).isZero();
    for (Phase p : Phase.values()) {
      assertThat(r.tally().notes())
          .anySatisfy(
              n -> assertThat(n).startsWith(p.label() + ": fault seed ").contains("--faults-seed "))
          .anySatisfy(
              n -> assertThat(n).startsWith(p.label() + ": system calls FaultySyscalls[seed="));
    }
  }
}
