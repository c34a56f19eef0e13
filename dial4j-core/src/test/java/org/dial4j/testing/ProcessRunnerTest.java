package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {
  @Test
  void mergesOutputAndReportsTheExitCode() {
    ProcessRunner.Result result = ProcessRunner.run("sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.output()).isEqualTo("out\nerr\n");
    assertThat(result.command()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
  }

  @Test
  void checkFailsWithTheCommandAndItsOutput() {
    assertThatThrownBy(() -> ProcessRunner.check("sh", "-c", "echo broken; exit 2"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exited with 2")
        .hasMessageContaining("echo broken; exit 2")
        .hasMessageContaining("broken\n");
  }

  @Test
  void checkReturnsTheResultOnSuccess() {
    assertThat(ProcessRunner.check("echo", "fine").output()).isEqualTo("fine\n");
  }

  @Test
  void standardInputIsEmpty() {
    // cat would wait forever on an inherited or piped stdin nobody writes to.
    ProcessRunner.Result result = ProcessRunner.run(Duration.ofSeconds(10), List.of("cat"));

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).isEmpty();
  }

  @Test
  void aCommandPastItsBoundIsKilled() {
    long start = System.nanoTime();

    List<String> slow = List.of("sh", "-c", "echo begun; exec sleep 30");
    assertThatThrownBy(() -> ProcessRunner.run(Duration.ofMillis(200), slow))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("timed out")
        .hasMessageContaining("begun");

    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void aCommandThatCannotStartFails() {
    assertThatThrownBy(() -> ProcessRunner.run("/nonexistent/dial4j-command"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("cannot start");
  }

  @Test
  void leavesNoPipeBehind() {
    SortedMap<Integer, String> before = Descriptors.snapshot();

    ProcessRunner.check("sh", "-c", "echo a; echo b >&2");

    assertThat(Descriptors.snapshot()).isEqualTo(before);
  }
}
