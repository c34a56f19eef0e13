package org.dial4j.testing;

import org.dial4j.sys.DefaultSyscalls;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.Syscalls;
import org.junit.jupiter.api.extension.Extension;

/**
 * Runs the existing test classes over another system call table, none of them edited: with {@code
 * -Ddial4j.test.syscalls=CLASS} (a {@link Syscalls}, or a {@code Supplier<Syscalls>}, with a public
 * no-argument constructor, as the soak's {@code --syscalls} takes; for example {@code
 * org.dial4j.sys.FaultySyscalls$Interrupting}), the first time JUnit makes this extension (auto
 * detected, before any test) the table replaces the library's default ({@link DefaultSyscalls}),
 * which every {@code PosixSocket.open}, {@code EventLoop.builder()} and {@code Dialer} of the run
 * then uses. The table's seed (for {@code FaultySyscalls}) is printed once on standard error and
 * replays with {@code -Ddial4j.faults.seed=N}. Without the property nothing changes.
 */
public class SuiteSyscalls implements Extension {
  /** The system property that names the table. */
  public static final String PROPERTY = "dial4j.test.syscalls";

  private static boolean installed;

  /** Replaces the default table once per JVM, if the property asks for it. */
  public SuiteSyscalls() {
    install();
  }

  private static synchronized void install() {
    String name = System.getProperty(PROPERTY);
    if (installed || name == null || name.isEmpty()) {
      return;
    }
    installed = true;
    Syscalls table = FaultySyscalls.tableNamed(name);
    DefaultSyscalls.replaceForTests(table);
    System.err.println("SuiteSyscalls: the default system call table is now " + table);
  }
}
