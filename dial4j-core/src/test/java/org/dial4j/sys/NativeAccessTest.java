package org.dial4j.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dial4j.testing.ChildJvm;
import org.dial4j.testing.NativeAccessChild;
import org.dial4j.testing.ProcessRunner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Without native access ({@code --illegal-native-access=deny}, JEP 472), every call into the C
 * library fails with an {@link IllegalCallerException} that says which option grants it, on every
 * call and not only the first (no cached {@link NoClassDefFoundError}), with the JDK's own
 * exception as the cause. Each case runs {@link NativeAccessChild} in a JVM of its own.
 */
class NativeAccessTest {
  private static final List<String> DENY = List.of("--illegal-native-access=deny");

  private static List<String> calls(List<String> options) {
    ProcessRunner.Result r = ChildJvm.run(options, NativeAccessChild.class);
    List<String> calls = r.output().lines().filter(l -> l.matches("\\w+\\.\\w+ [12]: .*")).toList();
    assertThat(calls).as("the child's output:\n%s", r.output()).hasSize(8);
    return calls;
  }

  private static void assertDenied(List<String> calls, String... says) {
    for (String call : calls) {
      assertThat(call)
          .startsWith(call.substring(0, call.indexOf(':')) + ": java.lang.IllegalCallerException: ")
          .contains(" | cause java.lang.IllegalCallerException: Illegal native access from ")
          .contains(says);
    }
  }

  @Test
  @DisplayName(
      "module path, --illegal-native-access=deny: each call, each time, says"
          + " --enable-native-access=org.dial4j")
  void modulePath() {
    List<String> calls = calls(ChildJvm.options(DENY, ChildJvm.modulePath()));
    assertDenied(calls, "to module org.dial4j", "--enable-native-access=org.dial4j");
  }

  @Test
  @DisplayName(
      "class path, --illegal-native-access=deny: each call, each time, says ALL-UNNAMED, on the"
          + " command line or in the manifest")
  void classPath() {
    List<String> calls = calls(ChildJvm.options(DENY, ChildJvm.classPath()));
    assertDenied(calls, "--enable-native-access=ALL-UNNAMED", "Enable-Native-Access: ALL-UNNAMED");
  }

  @Test
  @DisplayName(
      "module path, --illegal-native-access=deny with --enable-native-access=org.dial4j: the calls"
          + " reach the kernel")
  void granted() {
    List<String> calls =
        calls(
            ChildJvm.options(
                DENY, List.of("--enable-native-access=org.dial4j"), ChildJvm.modulePath()));
    assertThat(calls)
        .filteredOn(c -> !c.startsWith("Dialer.dial"))
        .allMatch(c -> c.endsWith(": ok"));
    // Nothing listens on port 9 (discard): the dial ends as the kernel says, refused.
    assertThat(calls)
        .filteredOn(c -> c.startsWith("Dialer.dial"))
        .allMatch(c -> c.contains(": org.dial4j.error.RefusedException: "));
  }
}
