package org.dial4j.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command with a bounded wait and collects its merged output.
 *
 * <p>Standard input comes from {@code /dev/null} and the output goes to a temporary file, never to
 * pipes: a pipe descriptor left in this JVM would be reported by {@link FdLeakExtension}, and a
 * child blocked on a full pipe nobody drains would turn into a timeout.
 */
public final class ProcessRunner {
  /** The wait used when none is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  /**
   * What a finished command left behind.
   *
   * @param command the command line that ran
   * @param exitCode its exit status
   * @param output its standard output and standard error, interleaved as written
   */
  public record Result(List<String> command, int exitCode, String output) {
    /** Copies the command so the record stays immutable. */
    public Result {
      command = List.copyOf(command);
    }
  }

  private ProcessRunner() {}

  /** Runs {@code command} with {@link #DEFAULT_TIMEOUT} and returns its result, whatever it is. */
  public static Result run(String... command) {
    return run(DEFAULT_TIMEOUT, List.of(command));
  }

  /**
   * Runs {@code command}, waiting at most {@code timeout}, and returns its result, whatever the
   * exit status.
   *
   * @throws AssertionError when the command does not finish in time (it is killed with SIGKILL) or
   *     cannot be started
   */
  public static Result run(Duration timeout, List<String> command) {
    return run(timeout, command, new File("/dev/null"));
  }

  /**
   * Like {@link #run(Duration, List)}, with {@code input} as the command's standard input (from a
   * temporary file, removed afterwards: {@code nft -f -}, {@code ip -batch -}, {@code
   * iptables-restore}).
   */
  public static Result run(Duration timeout, List<String> command, String input) {
    Path in;
    try {
      in = Files.createTempFile("dial4j-process-", ".in");
      Files.writeString(in, input);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the input file for " + command, e);
    }
    try {
      return run(timeout, command, in.toFile());
    } finally {
      try {
        Files.deleteIfExists(in);
      } catch (IOException e) {
        // A stray file in the temp directory is harmless; the result matters more.
      }
    }
  }

  private static Result run(Duration timeout, List<String> command, File input) {
    Path output;
    try {
      output = Files.createTempFile("dial4j-process-", ".out");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output file for " + command, e);
    }
    try {
      return run(timeout, command, Map.of(), output, input);
    } finally {
      try {
        Files.deleteIfExists(output);
      } catch (IOException e) {
        // A stray file in the temp directory is harmless; the result matters more.
      }
    }
  }

  /**
   * Runs {@code command} with {@code environment} added to this process's, its output written to
   * {@code output} (which is kept, for a command whose log is worth keeping), waiting at most
   * {@code timeout}, and returns its result, whatever the exit status.
   *
   * @throws AssertionError when the command does not finish in time (it is killed with SIGKILL) or
   *     cannot be started
   */
  public static Result run(
      Duration timeout, List<String> command, Map<String, String> environment, Path output) {
    return run(timeout, command, environment, output, new File("/dev/null"));
  }

  private static Result run(
      Duration timeout,
      List<String> command,
      Map<String, String> environment,
      Path output,
      File input) {
    List<String> commandLine = List.copyOf(command);
    ProcessBuilder builder =
        new ProcessBuilder(commandLine)
            .redirectInput(ProcessBuilder.Redirect.from(input))
            .redirectOutput(ProcessBuilder.Redirect.to(output.toFile()))
            .redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + commandLine + ": " + e.getMessage(), e);
    }
    if (!waitFor(process, timeout)) {
      // SIGKILL, not SIGTERM: a command that ignores the bound gets no say in it. Children
      // go first so none is left holding the output file or a namespace.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      waitFor(process, KILL_WAIT);
      throw new AssertionError(
          "timed out after "
              + timeout
              + " running "
              + commandLine
              + "; output so far:\n"
              + read(output));
    }
    return new Result(commandLine, process.exitValue(), read(output));
  }

  /** Like {@link #run(String...)}, and fails unless the command exits with status 0. */
  public static Result check(String... command) {
    return check(DEFAULT_TIMEOUT, List.of(command));
  }

  /**
   * Like {@link #run(Duration, List)}, and fails unless the command exits with status 0.
   *
   * @throws AssertionError naming the command, its exit status and its output otherwise
   */
  public static Result check(Duration timeout, List<String> command) {
    Result result = run(timeout, command);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "command "
              + result.command()
              + " exited with "
              + result.exitCode()
              + ":\n"
              + result.output());
    }
    return result;
  }

  private static boolean waitFor(Process process, Duration bound) {
    try {
      return process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted while waiting for " + process.info().command(), e);
    }
  }

  private static String read(Path output) {
    try {
      // Decoding the bytes replaces malformed UTF-8 instead of failing on it.
      return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // A vanished file: say so instead of hiding the command's outcome.
      return "<output unreadable: " + e + ">";
    }
  }
}
