package org.dial4j.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a child JVM run in a network namespace hands its findings back: it prints lines {@code result
 * KEY VALUE} ({@link #print}), and the test reads them from the child's output ({@link #run},
 * {@link #parse}). Other lines (the library's, the JVM's) are passed over.
 */
public final class ChildResults {
  private static final String TAG = "result ";

  private ChildResults() {}

  /** In the child: prints {@code result KEY VALUE} (the key without spaces, the value one line). */
  public static void print(String key, String value) {
    System.out.println(TAG + key + " " + value.replace('\n', ' '));
  }

  /**
   * Runs {@code main} of the test classes with {@code args} in a JVM of its own inside {@code ns}
   * ({@link Netns#exec}, {@link ForkedJvm#command}), waiting at most {@code bound}: its results.
   *
   * @throws AssertionError with the child's output when it exits with another status than 0
   */
  public static Map<String, String> run(
      Netns ns, Duration bound, Class<?> main, List<String> args) {
    ProcessRunner.Result r =
        ns.exec(bound, ForkedJvm.command(List.of(), main, args.toArray(String[]::new)));
    if (r.exitCode() != 0) {
      throw new AssertionError(
          main.getSimpleName() + " in " + ns + " exited with " + r.exitCode() + ":\n" + r.output());
    }
    return parse(r.output());
  }

  /** The {@code result KEY VALUE} lines of {@code output}, in order; a later key replaces one. */
  public static Map<String, String> parse(String output) {
    Map<String, String> results = new LinkedHashMap<>();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith(TAG)) {
        String[] kv = line.substring(TAG.length()).split(" ", 2);
        results.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return results;
  }
}
