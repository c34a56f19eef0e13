package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fuzzing run (RELIABILITY.md, Fuzzing): every fuzz target, a {@code *FuzzTest} class of the
 * test sources, fuzzed by Jazzer in a JVM of its own ({@link FuzzTargetMain}, with {@code
 * JAZZER_FUZZ} set: Jazzer fuzzes one fuzz test per JVM) for {@code dial4j.fuzz.seconds} each,
 * after its committed corpus ({@code src/test/resources/<package>/<Class>Inputs/<method>/}) has
 * run. Each target is one dynamic test, which fails with the finding and the tail of its log; its
 * log is kept in {@code target/fuzz/<Class>.log}, and a line per target (executions, executions per
 * second, corpus) is printed and kept in {@code target/fuzz/summary.txt}.
 *
 * <p>Not a test of the default execution: the POM's {@code fuzz} profile runs it (every build but
 * one given {@code -Dtest}); {@code -Ddial4j.fuzz.targets=A,B} runs some targets only.
 */
class FuzzCampaign {
  /** What one JVM may take beyond its fuzzing time: starting, instrumenting, the corpus. */
  private static final Duration SLACK = Duration.ofMinutes(3);

  private static final Pattern EXECUTED =
      Pattern.compile("stat::number_of_executed_units:\\s+(\\d+)");
  private static final Pattern SPEED = Pattern.compile("stat::average_exec_per_sec:\\s+(\\d+)");
  private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
  private static final Pattern CORPUS = Pattern.compile(" corp: (\\d+)/(\\d+[KM]?b)");
  private static final Pattern COVERAGE = Pattern.compile(" cov: (\\d+) ft: (\\d+)");

  private final ExecutorService jobs =
      Executors.newFixedThreadPool(
          Integer.getInteger("dial4j.fuzz.jobs", 2),
          Thread.ofPlatform().name("fuzz-job-", 0).daemon().factory());

  @AfterEach
  void stop() {
    jobs.shutdownNow();
  }

  @TestFactory
  Stream<DynamicTest> everyTarget() {
    int seconds = Integer.getInteger("dial4j.fuzz.seconds", 5);
    assertThat(seconds).as("dial4j.fuzz.seconds").isPositive();
    Path testClasses = Path.of(System.getProperty("dial4j.fuzz.classes", "target/test-classes"));
    Path work = Path.of(System.getProperty("dial4j.fuzz.work", "target/fuzz"));
    List<String> targets = targets(testClasses, System.getProperty("dial4j.fuzz.targets", ""));
    assertThat(targets).as("fuzz targets under %s", testClasses).isNotEmpty();
    // dial4j.fuzz.jobs JVMs at a time (2 by default, one per vCPU of CI); each target a test.
    List<Future<?>> runs = new ArrayList<>();
    for (String target : targets) {
      runs.add(
          jobs.submit(
              () -> {
                fuzz(target, seconds, work);
                return null;
              }));
    }
    return IntStream.range(0, targets.size())
        .mapToObj(
            i ->
                DynamicTest.dynamicTest(
                    targets.get(i).substring(targets.get(i).lastIndexOf('.') + 1),
                    () -> outcome(runs.get(i))));
  }

  private static void outcome(Future<?> run) throws Exception {
    try {
      run.get();
    } catch (ExecutionException e) {
      // The finding (an AssertionError naming the target and its log) as the test's failure.
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw e;
    }
  }

  /** The fuzz test classes: every {@code *FuzzTest} (or those named in {@code only}). */
  static List<String> targets(Path testClasses, String only) {
    List<String> wanted = Arrays.stream(only.split(",")).map(String::strip).toList();
    try (Stream<Path> files = Files.walk(testClasses)) {
      return files
          .map(p -> testClasses.relativize(p).toString())
          .filter(p -> p.endsWith("FuzzTest.class") && !p.contains("$"))
          .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
          .filter(n -> only.isBlank() || wanted.contains(n.substring(n.lastIndexOf('.') + 1)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized void record(Path work, String summary) throws IOException {
    System.out.println(summary);
    Files.writeString(
        work.resolve("summary.txt"),
        summary + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void fuzz(String target, int seconds, Path work) throws IOException {
    Files.createDirectories(work);
    String simple = target.substring(target.lastIndexOf('.') + 1);
    Path log = work.resolve(simple + ".log");
    List<String> options =
        new ArrayList<>(
            List.of(
                // Jazzer attaches its agent inside the first fuzz test, itself (with no second JVM
                // to attach it) and without the JDK's warning.
                "-XX:+EnableDynamicAgentLoading",
                "-Djdk.attach.allowAttachSelf=true",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx1g",
                // The run's bound is the fuzzing time; JUnit's per-test timeout (the properties'
                // default) would cut a long run short. Jazzer still takes it as libFuzzer's bound
                // on
                // one input.
                "-Djunit.jupiter.execution.timeout.mode=disabled",
                // The corpus Jazzer grows goes under target/, not into the source tree; libFuzzer's
                // arguments after its argv[0] come after (so override) the annotation's duration.
                "-Djazzer.internal.basedir=" + work.toAbsolutePath(),
                "-Djazzer.internal.arg.0=fuzz",
                "-Djazzer.internal.arg.1=-max_total_time=" + seconds,
                "-Djazzer.internal.arg.2=-print_final_stats=1"));
    // More of libFuzzer's arguments, such as -max_len=N, or corpus directories.
    String more = System.getProperty("dial4j.fuzz.args", "").strip();
    if (!more.isEmpty()) {
      List<String> args = Pattern.compile("\\s+").splitAsStream(more).toList();
      for (int i = 0; i < args.size(); i++) {
        options.add("-Djazzer.internal.arg." + (3 + i) + "=" + args.get(i).replace("{}", simple));
      }
    }
    long start = System.nanoTime();
    ProcessRunner.Result r =
        ProcessRunner.run(
            Duration.ofSeconds(seconds).plus(SLACK),
            ForkedJvm.command(options, FuzzTargetMain.class, target),
            Map.of("JAZZER_FUZZ", "1"),
            log);
    long took = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    String summary = summary(simple, r.output(), took);
    record(work, summary);
    if (r.exitCode() != 0) {
      String out = r.output();
      throw new AssertionError(
          "fuzz target "
              + target
              + " failed (exit "
              + r.exitCode()
              + "; its log: "
              + log
              + "):\n"
              + out.substring(Math.max(0, out.length() - 6000)));
    }
  }

  /** One line: the target, its time, executions and their rate, the corpus and the coverage. */
  static String summary(String target, String output, long took) {
    String executions = last(EXECUTED, output, 1);
    String done = last(DONE, output, 2);
    String corpus = last(CORPUS, output, 1) + " inputs / " + last(CORPUS, output, 2);
    return String.format(
        "fuzz %-22s %4d s in the JVM, %s s fuzzing: %s executions, %s/s; corpus %s; cov %s ft %s",
        target,
        took,
        done,
        executions,
        last(SPEED, output, 1),
        corpus,
        last(COVERAGE, output, 1),
        last(COVERAGE, output, 2));
  }

  private static String last(Pattern p, String output, int group) {
    Matcher m = p.matcher(output);
    String found = "?";
    while (m.find()) {
      found = m.group(group);
    }
    return found;
  }
}
