package org.dial4j.testing;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code main} of the test classes in a new JVM, through {@link ProcessRunner}: for what can
 * only be set when a JVM starts, such as the virtual-thread scheduler's parallelism.
 *
 * <p>The child runs the JVM of this one ({@code java.home}) with everything this one loads on its
 * class path (the module path first: Surefire puts the main classes there and patches the test
 * classes into their module; on the class path they run as the unnamed module), with native access
 * for the FFM calls.
 */
public final class ForkedJvm {
  private ForkedJvm() {}

  /**
   * Runs {@code main} with {@code jvmOptions} and {@code args}, waiting at most {@code timeout},
   * and returns its result whatever its exit status.
   *
   * @throws AssertionError when it does not finish in time (it is killed) or cannot start
   */
  public static ProcessRunner.Result run(
      Duration timeout, List<String> jvmOptions, Class<?> main, String... args) {
    return ProcessRunner.run(timeout, command(jvmOptions, main, args));
  }

  /**
   * The command line {@link #run} runs, for a runner of another kind (such as {@link
   * Netns#exec(Duration, List)}, to run it in a network namespace).
   */
  public static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  private static String classPath() {
    List<String> parts = new ArrayList<>();
    for (String property : List.of("jdk.module.path", "java.class.path")) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        parts.add(value);
      }
    }
    return String.join(File.pathSeparator, parts);
  }
}
