package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link WarmUp}: which paths it warms for a command line, and that it leaves nothing behind (its
 * listener, loop, dialer and connections closed, its threads ended).
 */
class WarmUpTest {
  private static WarmUp.Plan guess(String... words) {
    return WarmUp.Plan.guess(List.of(words));
  }

  @Test
  @DisplayName("the plan from the words after 'dial': a name or --resolve, --trace, --json")
  void plan() {
    assertThat(guess("127.0.0.1:80")).isEqualTo(new WarmUp.Plan(false, false, false));
    assertThat(guess("--json", "--timeout", "2s", "[::1]:80"))
        .isEqualTo(new WarmUp.Plan(false, false, true));
    assertThat(guess("--trace", "localhost:80")).isEqualTo(new WarmUp.Plan(true, true, false));
    assertThat(guess("--resolve", "db=192.0.2.1", "db:5432").byName()).isTrue();
    assertThat(guess("--resolve=db=192.0.2.1", "192.0.2.1:5432").byName()).isTrue();
    // An option's value is not the target: --source ::1 is no host name.
    assertThat(guess("--source", "::1", "-6", "[::1]:80").byName()).isFalse();
    assertThat(guess("-4", "--happy-delay", "50ms", "192.0.2.1:80").byName()).isFalse();
  }

  @Test
  @DisplayName("a warm-up, every path of it, leaves no descriptor and no thread behind")
  void leavesNothing() {
    WarmUp.Plan all = new WarmUp.Plan(true, true, true);
    // The JDK's own first-use state (class loading, lazily opened descriptors) first.
    assertThat(WarmUp.run(all)).as("its dials connected").isTrue();
    SortedMap<Integer, String> before = Descriptors.snapshot();
    assertThat(WarmUp.run(all)).isTrue();
    assertThat(Descriptors.snapshot()).isEqualTo(before);
    // A closed loop's thread has done its work when close() returns, but may take a moment more
    // to end: wait for that, with a bound.
    long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().startsWith("dial4j-warm-up"))
        && System.nanoTime() - end < 0) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("dial4j-warm-up"));
  }
}
