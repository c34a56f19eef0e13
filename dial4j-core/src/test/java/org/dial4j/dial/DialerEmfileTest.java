package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dial4j.testing.ChildJvm;
import org.dial4j.testing.ProcessRunner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A dial at the descriptor limit, in a child JVM of its own ({@code prlimit --nofile}): what a
 * JVM's first dial does happens once, and this one's test JVM has done it long ago.
 */
class DialerEmfileTest {
  @Test
  @DisplayName(
      "Dialer: a JVM's first dial with one descriptor free (its socket's) fails as the kernel says,"
          + " and does not break every dial after it")
  void firstDialAtTheLimit() {
    // The reliability soak found it: the socket set-up of every attempt (TCP_NODELAY) lived in a
    // class whose initialization loaded jdk.net's native library, which needs a descriptor of its
    // own. Under EMFILE that load failed, the class stayed uninitialized, and from then on every
    // dial of the JVM failed with EIO (NoClassDefFoundError), descriptors free or not.
    List<String> command = new ArrayList<>(List.of("prlimit", "--nofile=256:256"));
    command.addAll(
        ChildJvm.command(
            ChildJvm.options(List.of("--enable-native-access=ALL-UNNAMED"), ChildJvm.classPath()),
            DialerEmfileChild.class));
    ProcessRunner.Result r = ProcessRunner.check(ProcessRunner.DEFAULT_TIMEOUT, command);
    assertThat(r.output()).contains("first ECONNREFUSED").contains("second ECONNREFUSED");
  }
}
