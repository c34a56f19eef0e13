package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.socket.Loopback;
import org.dial4j.testing.ForkedJvm;
import org.dial4j.testing.ProcessRunner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The loops a dialer built without one shares ({@link DefaultLoop}): how many, named how, and dials
 * spread over them; the count's property checked. A count other than this JVM's runs in a child JVM
 * ({@link Dials}), since it is fixed as the class initializes.
 */
class DefaultLoopTest {
  private static final Duration BOUND = Duration.ofSeconds(60);

  @Test
  @DisplayName("dial4j: the shared loops are one per two processors, at least one")
  void countFollowsProcessors() {
    int cpus = Runtime.getRuntime().availableProcessors();
    assertThat(DefaultLoop.count(null)).isEqualTo(Math.max(1, cpus / 2));
    assertThat(DefaultLoop.count(" 3 ")).isEqualTo(3);
  }

  @Test
  @DisplayName("dial4j: -Ddial4j.dialer.loops that is not a count from 1 to 1024 is EINVAL, named")
  void badCountIsNamed() {
    for (String bad : List.of("0", "-1", "1025", "two", "")) {
      assertThatThrownBy(() -> DefaultLoop.count(bad))
          .isInstanceOfSatisfying(
              InvalidArgumentException.class,
              e -> {
                assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                assertThat(e.getMessage()).contains("-Ddial4j.dialer.loops=" + bad);
              });
    }
  }

  @Test
  @DisplayName(
      "dial4j: with -Ddial4j.dialer.loops=2 a default dialer's dials alternate between two loops,"
          + " dial4j-dialer-0 and -1; with one, every dial runs on dial4j-dialer")
  void dialsSpreadOverTheLoops() throws IOException {
    try (Loopback lo = new Loopback()) {
      String at = Loopback.where(lo.listener("127.0.0.1", 16)).toString();
      ProcessRunner.Result two =
          ForkedJvm.run(BOUND, List.of("-Ddial4j.dialer.loops=2"), Dials.class, at, "4");
      assertThat(two.exitCode()).as(two.output()).isZero();
      assertThat(two.output().strip().lines().toList())
          .containsExactly(
              "dial4j-dialer-0", "dial4j-dialer-1", "dial4j-dialer-0", "dial4j-dialer-1");
      ProcessRunner.Result one =
          ForkedJvm.run(BOUND, List.of("-Ddial4j.dialer.loops=1"), Dials.class, at, "2");
      assertThat(one.exitCode()).as(one.output()).isZero();
      assertThat(one.output().strip().lines().toList())
          .containsExactly("dial4j-dialer", "dial4j-dialer");
      ProcessRunner.Result bad =
          ForkedJvm.run(BOUND, List.of("-Ddial4j.dialer.loops=zero"), Dials.class, at, "1");
      assertThat(bad.output())
          .contains("EINVAL")
          .contains("-Ddial4j.dialer.loops=zero")
          .contains("not a loop count from 1 to 1024");
    }
  }

  /**
   * The child: dials {@code args[0]} {@code args[1]} times, one after the other, with a dialer
   * built without a loop, and prints the thread each dial's callback ran on (its loop's), one per
   * line; or the failure's message.
   */
  public static final class Dials {
    private Dials() {}

    /** Runs the child. */
    public static void main(String[] args) throws Exception {
      Dialer dialer = Dialer.builder().build();
      List<String> threads = new ArrayList<>();
      for (int i = 0; i < Integer.parseInt(args[1]); i++) {
        CompletableFuture<String> on = new CompletableFuture<>();
        try {
          var _ =
              dialer.dial(
                  args[0],
                  Deadline.after(Duration.ofSeconds(10)),
                  (c, e) -> {
                    if (c != null) {
                      c.close();
                    }
                    on.complete(e == null ? Thread.currentThread().getName() : e.toString());
                  });
        } catch (RuntimeException e) {
          System.out.println(e.getMessage());
          return;
        }
        threads.add(on.get(10, TimeUnit.SECONDS));
      }
      threads.forEach(System.out::println);
    }
  }
}
