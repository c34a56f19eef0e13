package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link AsUser#call} changes the credentials of its own thread only: the kernel denies
 * "nobody" what it grants root, while the rest of the JVM stays root.
 */
class AsUserTest {
  private static final int NOBODY = 65534;

  private Path rootOnly;
  private Path worldReadable;

  @BeforeEach
  void createFiles() throws IOException {
    assumeTrue(AsUser.available(), "AsUser needs root on Linux x86_64 or aarch64");
    // In the temp directory itself (world-searchable), not in a 0700 @TempDir: the denial must
    // come from the file's own mode, not from a directory nobody cannot enter.
    rootOnly = Files.createTempFile("dial4j-root-only", ".txt");
    Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
    worldReadable = Files.createTempFile("dial4j-world-readable", ".txt");
    Files.setPosixFilePermissions(worldReadable, PosixFilePermissions.fromString("rw-r--r--"));
  }

  @AfterEach
  void deleteFiles() throws IOException {
    if (rootOnly != null) {
      Files.deleteIfExists(rootOnly);
    }
    if (worldReadable != null) {
      Files.deleteIfExists(worldReadable);
    }
  }

  /** Opens {@code path} read-only through FFM; 0 on success (closing it), else the errno. */
  private static int openErrno(Path path) {
    Libc.Result open = Libc.open(path.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
    if (open.failed()) {
      return open.errno();
    }
    Libc.close(open.intValue());
    return 0;
  }

  /** The "Uid:" line of a thread's status: real, effective, saved and filesystem uid. */
  private static String uidLine(Path status) throws IOException {
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("Uid:"))
        .findFirst()
        .orElseThrow()
        .replaceAll("\\s+", " ");
  }

  @Test
  void nobodyIsDeniedWhatRootMayOpen() {
    assertThat(openErrno(rootOnly)).as("as root").isZero();

    assertThat(AsUser.call(NOBODY, NOBODY, () -> openErrno(rootOnly))).isEqualTo(Libc.EACCES);
    // The same thread reaches the directory and opens a readable file: the denial is the mode.
    assertThat(AsUser.call(NOBODY, NOBODY, () -> openErrno(worldReadable))).isZero();

    // Back on this thread, still root.
    assertThat(openErrno(rootOnly)).as("as root afterwards").isZero();
  }

  @Test
  void onlyTheDedicatedThreadChangesCredentials() throws IOException {
    // This thread's /proc entry, readable from the other thread while this one waits.
    Path callerStatus =
        Path.of("/proc")
            .resolve(Files.readSymbolicLink(Path.of("/proc/thread-self")))
            .resolve("status");

    Path ownStatus = Path.of("/proc/thread-self/status");
    String[] seen =
        AsUser.call(NOBODY, NOBODY, () -> new String[] {uidLine(ownStatus), uidLine(callerStatus)});

    // Real and saved ids stay 0 (that is what allows switching back); effective and fs change.
    assertThat(seen[0]).isEqualTo("Uid: 0 65534 0 65534");
    assertThat(seen[1]).isEqualTo("Uid: 0 0 0 0");
    assertThat(uidLine(ownStatus)).isEqualTo("Uid: 0 0 0 0");
  }

  @Test
  void exceptionsOfTheBodyReachTheCaller() {
    IllegalStateException failure = new IllegalStateException("inside");
    Callable<Object> body =
        () -> {
          throw failure;
        };

    assertThatThrownBy(() -> AsUser.call(NOBODY, NOBODY, body)).isSameAs(failure);
    assertThat(openErrno(rootOnly)).isZero();
  }
}
