package org.dial4j.testing;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of its own for a test: this JDK's {@code java} with the core's classes ({@code
 * target/classes}) on the module path or the class path and the test classes ({@code
 * target/test-classes}) on the class path, running one of the test classes' mains through {@link
 * ProcessRunner}. For what only a fresh JVM shows: class loading, start-up options, what the first
 * call does.
 */
public final class ChildJvm {
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
  private static final String TEST_CLASSES =
      Path.of("target", "test-classes").toAbsolutePath().toString();

  private ChildJvm() {}

  /** {@code org.dial4j} on the module path (a named module), the test classes on the class path. */
  public static List<String> modulePath() {
    return List.of("-p", CLASSES, "--add-modules", "org.dial4j", "-cp", TEST_CLASSES);
  }

  /** {@code org.dial4j} and the test classes on the class path (the unnamed module). */
  public static List<String> classPath() {
    return List.of("-cp", CLASSES + File.pathSeparator + TEST_CLASSES);
  }

  /**
   * Runs {@code main} with these JVM options (one of {@link #modulePath()} or {@link #classPath()}
   * among them) and fails unless it exits with status 0; {@code main} null: the options end with
   * the main class and its arguments.
   */
  public static ProcessRunner.Result run(List<String> options, Class<?> main) {
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(options);
    if (main != null) {
      command.add(main.getName());
    }
    return ProcessRunner.check(ProcessRunner.DEFAULT_TIMEOUT, command);
  }

  /**
   * The command line that runs {@code main} with these JVM options and {@code args}, for a runner
   * of another kind (such as {@link Netns#exec(java.time.Duration, List)}, to run it in a network
   * namespace).
   */
  public static List<String> command(List<String> options, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(options);
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** The options, in order, as one list. */
  @SafeVarargs
  public static List<String> options(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }
}
