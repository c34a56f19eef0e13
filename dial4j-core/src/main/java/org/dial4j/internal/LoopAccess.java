package org.dial4j.internal;

import java.util.Objects;
import java.util.function.Function;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * What the loop package lets the layers above it reach without making it public API, the way the
 * JDK's {@code jdk.internal.access.SharedSecrets} does: a loop's system calls, so that a {@code
 * Connection} makes its calls through its loop's table (the real one, or a test's fake) rather than
 * a fixed one. The loop installs the accessor as its class initializes; the loop is typed {@code
 * Object} here because this package sits below the loop's.
 */
public final class LoopAccess {
  private static volatile @Nullable Function<Object, Syscalls> syscalls;

  private LoopAccess() {}

  /**
   * Installs the accessor; once, by {@code EventLoop}'s class initializer.
   *
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Function<Object, Syscalls> accessor) {
    if (syscalls != null) {
      throw new IllegalStateException("the loop's accessor is installed already");
    }
    syscalls = accessor;
  }

  /** The system calls of {@code loop}, an {@code EventLoop} (so its class is initialized). */
  public static Syscalls syscalls(Object loop) {
    return Objects.requireNonNull(syscalls, "installed as EventLoop initializes").apply(loop);
  }
}
