package org.dial4j.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.testing.Netns;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The reliability soak ({@link ReliabilitySoak}) over {@link FaultySyscalls.Interrupting}: every
 * client loop's and {@code PosixSocket}'s calls answer EINTR (and EAGAIN where a blocking call
 * waits it out) 10% of the time, which dial4j must handle inside, so no errno is allowed beyond the
 * faults' own and no anomaly at all. 50,000 attempts by default ({@code -Ddial4j.soak.attempts=N});
 * the report goes to standard output and {@code target/injected-faults-soak.md}.
 *
 * <p>On request only: {@code mvn -B test -pl dial4j-core -Dtest=InjectedFaultsSoakTest
 * -Ddial4j.soak=true}. Needs root for its network namespaces (skipped with the reason otherwise).
 */
@EnabledIfSystemProperty(named = "dial4j.soak", matches = "true")
class InjectedFaultsSoakTest {
  @Test
  @Timeout(value = 2, unit = TimeUnit.HOURS) // each phase's child has its own bound
  @DisplayName("soak under injected EINTR and EAGAIN: every attempt as without them, no anomaly")
  void interrupted() throws Exception {
    assumeThat(Netns.available()).as(Netns.unavailableReason()).isTrue();
    long attempts = Long.getLong("dial4j.soak.attempts", 50_000);
    ReliabilitySoak.Result r =
        ReliabilitySoak.run(
            ReliabilitySoak.Options.of(attempts)
                .withSyscalls(FaultySyscalls.Interrupting.class.getName(), List.of()));
    System.out.println(r.report());
    Files.writeString(Path.of("target", "injected-faults-soak.md"), r.report());
    assertThat(r.tally().attempts(null)).isEqualTo(attempts);
    assertThat(r.tally().anomalyTexts()).isEmpty();
    assertThat(r.anomalies()).isZero();
  }
}
