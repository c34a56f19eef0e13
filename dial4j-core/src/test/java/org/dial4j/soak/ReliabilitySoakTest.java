package org.dial4j.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dial4j.testing.Netns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The reliability soak ({@link ReliabilitySoak}) at CI's size: 50,000 attempts by default ({@code
 * -Ddial4j.soak.attempts=N} for another; RELIABILITY.md's run is 1,000,000), with no anomaly
 * allowed; the report goes to standard output and {@code target/reliability-soak.md}.
 *
 * <p>On request only (the soak package is excluded from the normal run): {@code mvn -B test -pl
 * dial4j-core -Dtest=ReliabilitySoakTest -Ddial4j.soak=true}. Needs root for its network namespaces
 * (skipped with the reason otherwise).
 */
@EnabledIfSystemProperty(named = "dial4j.soak", matches = "true")
class ReliabilitySoakTest {
  @BeforeEach
  void needsNamespaces() {
    assumeThat(Netns.available()).as(Netns.unavailableReason()).isTrue();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.HOURS) // each phase's child has its own bound
  @DisplayName("soak: every attempt ends once, as its fault says, and nothing is left behind")
  void soak() throws Exception {
    long attempts = Long.getLong("dial4j.soak.attempts", 50_000);
    ReliabilitySoak.Result r = ReliabilitySoak.run(ReliabilitySoak.Options.of(attempts));
    System.out.println(r.report());
    Files.writeString(Path.of("target", "reliability-soak.md"), r.report());
    assertThat(r.tally().attempts(null)).isEqualTo(attempts);
    assertThat(r.tally().anomalyTexts()).isEmpty();
    assertThat(r.anomalies()).isZero();
  }

  @Test
  @DisplayName("soak: a descriptor leak (every hundredth close(2) skipped) is an anomaly, named")
  void reportsALeak() throws Exception {
    ReliabilitySoak.Result r = broken(BrokenSyscalls.LeakyClose.class);
    assertThat(r.tally().anomalyTexts()).anySatisfy(a -> assertThat(a).contains("descriptors "));
  }

  @Test
  @DisplayName("soak: a wrong errno (ECONNRESET for ECONNREFUSED) is an anomaly, named")
  void reportsAWrongErrno() throws Exception {
    ReliabilitySoak.Result r = broken(BrokenSyscalls.RefusedAsReset.class);
    assertThat(r.tally().anomalyTexts())
        .anySatisfy(
            a ->
                assertThat(a)
                    .contains("ended ECONNRESET")
                    .contains("expected one of [ECONNREFUSED]"));
  }

  /** A small loopback soak on a broken system call table; it must see anomalies. */
  private static ReliabilitySoak.Result broken(Class<?> syscalls) throws Exception {
    ReliabilitySoak.Result r =
        ReliabilitySoak.run(
            ReliabilitySoak.Options.of(3_000)
                .withPhases(List.of(Phase.LOOPBACK))
                .withSyscalls(syscalls.getName(), List.of()));
    r.tally().anomalyTexts().stream().limit(5).forEach(a -> System.out.println("seen: " + a));
    assertThat(r.anomalies()).isPositive();
    return r;
  }
}
