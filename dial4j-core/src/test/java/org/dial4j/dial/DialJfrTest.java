package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.dial4j.testing.ChildJvm;
import org.dial4j.testing.DialChild;
import org.dial4j.testing.ProcessRunner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JFR costs a dial nothing unless a recording runs ({@link DialJfr}): in a fresh JVM, dials load no
 * {@code jdk.jfr} class at all; with a recording from the start the events are there. Each case
 * runs {@link DialChild} (a dial by name and one by IP literal) in a JVM of its own with {@code
 * -Xlog:class+load}. The in-process recording is {@code DialerResourcesTest.jfrEvents}.
 */
class DialJfrTest {
  private static final List<String> CLASS_LOG = List.of("-Xlog:class+load");

  private static List<String> loaded(ProcessRunner.Result r, String prefix) {
    // "[0.5s][info][class,load] NAME source: ..."; JFR's own tags widen the column: "load ]".
    return r.output()
        .lines()
        .filter(l -> l.matches(".*\\[class,load *\\] \\Q" + prefix + "\\E.*"))
        .toList();
  }

  private static void assertDialed(ProcessRunner.Result r) {
    assertThat(r.output().lines().filter(l -> l.startsWith("connected 127.0.0.1:")))
        .as("the child's output:\n%s", r.output())
        .hasSize(2);
    // The log works and the dials went through DialJfr's checks.
    assertThat(loaded(r, "org.dial4j.dial.DialJfr ")).hasSize(1);
  }

  @Test
  @DisplayName("class path (jdk.jfr in the graph), no recording: two dials load no jdk.jfr class")
  void classPathLoadsNoJfr() {
    ProcessRunner.Result r =
        ChildJvm.run(
            ChildJvm.options(
                CLASS_LOG, List.of("--enable-native-access=ALL-UNNAMED"), ChildJvm.classPath()),
            DialChild.class);
    assertDialed(r);
    assertThat(loaded(r, "jdk.jfr.")).isEmpty();
  }

  @Test
  @DisplayName(
      "module path with --add-modules jdk.jfr, no recording: two dials load no jdk.jfr class")
  void modulePathLoadsNoJfr() {
    ProcessRunner.Result r =
        ChildJvm.run(
            ChildJvm.options(
                CLASS_LOG,
                List.of("--enable-native-access=org.dial4j", "--add-modules", "jdk.jfr"),
                ChildJvm.modulePath()),
            DialChild.class);
    assertDialed(r);
    assertThat(loaded(r, "jdk.jfr.")).isEmpty();
  }

  @Test
  @DisplayName(
      "module path, -XX:StartFlightRecording with the org.dial4j events: the dials' events are"
          + " recorded")
  void recordingFromTheStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dial.jfr");
    ProcessRunner.Result r =
        ChildJvm.run(
            ChildJvm.options(
                CLASS_LOG,
                List.of(
                    "--enable-native-access=org.dial4j",
                    "-XX:StartFlightRecording:filename="
                        + file
                        + ",+org.dial4j.Resolve#enabled=true,+org.dial4j.ConnectAttempt#enabled=true"),
                ChildJvm.modulePath()),
            DialChild.class);
    assertDialed(r);
    assertThat(loaded(r, "jdk.jfr.")).as("the class log sees JFR's classes").isNotEmpty();
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    List<String> resolves =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("org.dial4j.Resolve"))
            .map(
                e ->
                    e.getString("host") + " " + e.getString("family") + " " + e.getInt("addresses"))
            .sorted()
            .toList();
    List<String> attempts =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("org.dial4j.ConnectAttempt"))
            .map(
                e ->
                    e.getString("dial").replaceAll(":\\d+$", "")
                        + " "
                        + e.getInt("attempt")
                        + " "
                        + e.getString("outcome"))
            .toList();
    assertThat(resolves).containsExactly("jfr.test IPv4 1", "jfr.test IPv6 0");
    assertThat(attempts).containsExactlyInAnyOrder("dial jfr.test 1 connected", "dial 1 connected");
  }

  @Test
  @DisplayName(
      "class path, a recording started after a first dial (as jcmd JFR.start would): no jdk.jfr"
          + " class before it, the next dial's events recorded")
  void recordingStartedLater(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("later.jfr");
    ProcessRunner.Result r =
        ChildJvm.run(
            ChildJvm.options(
                CLASS_LOG,
                List.of("--enable-native-access=ALL-UNNAMED"),
                ChildJvm.classPath(),
                List.of(DialChild.class.getName(), "--record-later", file.toString())),
            null);
    List<String> lines = r.output().lines().toList();
    int marker = lines.indexOf("recording");
    assertThat(marker).as("the child's output:\n%s", r.output()).isPositive();
    assertThat(lines.subList(0, marker))
        .as("before the recording")
        .noneMatch(l -> l.matches(".*\\[class,load *\\] jdk\\.jfr\\..*"))
        .anyMatch(l -> l.startsWith("connected 127.0.0.1:"));
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    assertThat(
            events.stream()
                .map(
                    e ->
                        e.getEventType().getName()
                            + " "
                            + (e.getEventType().getName().equals("org.dial4j.Resolve")
                                ? e.getString("family") + " " + e.getInt("addresses")
                                : e.getString("dial").replaceAll(":\\d+$", "")
                                    + " "
                                    + e.getString("outcome")))
                .sorted()
                .toList())
        .containsExactly(
            "org.dial4j.ConnectAttempt dial jfr.test connected",
            "org.dial4j.Resolve IPv4 1",
            "org.dial4j.Resolve IPv6 0");
  }
}
