package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dial4j storm --hold} at the descriptor limit, in a child JVM started under {@code prlimit
 * --nofile=300:400} with HotSpot's own raise turned off ({@code -XX:-MaxFDLimit}): storm raises its
 * soft limit to the hard one itself, holds until EMFILE and says so, with one descriptor per held
 * connection.
 */
class StormHoldLimitTest {
  private static final int SOFT = 300;
  private static final int HARD = 400;

  @Test
  @DisplayName(
      "--hold -n above the limit: the soft limit raised to the hard one by storm, held up to EMFILE"
          + " (the reserve and the JVM's own descriptors aside), limit named, one fd per held")
  void holdsToTheLimit(@TempDir Path dir) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    String modulePath = System.getProperty("jdk.module.path");
    assertThat(modulePath).as("the tests run on the module path").isNotBlank();
    try (AcceptAndClose server = AcceptAndClose.on(1)) {
      Path out = dir.resolve("out");
      Path err = dir.resolve("err");
      Process p =
          new ProcessBuilder(
                  List.of(
                      "prlimit",
                      "--nofile=" + SOFT + ":" + HARD,
                      java,
                      "-XX:-MaxFDLimit",
                      "--enable-native-access=org.dial4j",
                      "-p",
                      modulePath,
                      "--patch-module", // the test classes, PreloadedMain among them
                      "org.dial4j.cli="
                          + Path.of(
                              PreloadedMain.class
                                  .getProtectionDomain()
                                  .getCodeSource()
                                  .getLocation()
                                  .toURI()),
                      "-m",
                      "org.dial4j.cli/org.dial4j.cli.PreloadedMain",
                      "storm",
                      "--hold",
                      "--warmup",
                      "0",
                      "-n",
                      "1000",
                      "-c",
                      "16",
                      "--measure-at",
                      "200",
                      "-p",
                      Integer.toString(server.port())))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(new File("/dev/null"))
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("storm did not end: " + Files.readString(err));
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(stderr).isOne(); // fewer than TOTAL held
      String stdout = Files.readString(out);
      assertThat(stdout).as(stderr).endsWith("\n");
      Map<String, Object> j = StormCommandTest.line(stdout);
      assertThat(j)
          .containsEntry("nofile", (long) HARD) // raised by storm: HotSpot was told not to
          .containsEntry("stopped", "socket() failed")
          .containsEntry("errors", Map.of("EMFILE", 1L))
          .containsEntry("measured_at", List.of(200L, j.get("held")))
          .containsEntry("fds_per_held", 1.0);
      assertThat((String) j.get("limit")).startsWith("EMFILE: the process's descriptor limit");
      long held = (Long) j.get("held");
      long fdsEnd = (Long) j.get("fds_end");
      // Every descriptor but the JVM's own (its jars, the loop's epoll and eventfd, /proc) and the
      // reserve given back at the end was a held connection.
      assertThat(held).isBetween(HARD - 100L, HARD - (long) StormHold.RESERVE - 1);
      assertThat(fdsEnd).isBetween(held, HARD - (long) StormHold.RESERVE);
      server.awaitAccepted(held, Duration.ofSeconds(30));
    }
  }
}
