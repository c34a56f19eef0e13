package org.dial4j.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;

/**
 * Runs code with another effective user and group on one thread, e.g. to see what an unprivileged
 * caller gets where root would succeed ({@code EACCES}, {@code EPERM}).
 *
 * <p>Credentials are switched with the raw {@code setresgid}/{@code setresuid} system calls: the
 * glibc wrappers of the same name change the credentials of every thread in the process (POSIX
 * demands it), which would turn the whole test JVM into the other user. The raw system call changes
 * the calling thread only, and that thread is a new one dedicated to the body. Real and saved ids
 * stay as they were (-1 means "unchanged"), which is what allows switching back. Supplementary
 * groups are dropped for the body too, so that root's group 0 does not grant access the other user
 * would not have.
 */
public final class AsUser {
  private static final Duration CALL_BOUND = Duration.ofSeconds(60);

  /** System call numbers of the architectures the JDK runs on under Linux. */
  private record Syscalls(
      long getgroups,
      long setgroups,
      long setresuid,
      long getresuid,
      long setresgid,
      long getresgid) {}

  private static final Syscalls X86_64 = new Syscalls(115, 116, 117, 118, 119, 120);
  // aarch64 uses the generic table (include/uapi/asm-generic/unistd.h).
  private static final Syscalls AARCH64 = new Syscalls(158, 159, 147, 148, 149, 150);

  private AsUser() {}

  /** Whether {@link #call} can work here: Linux on x86_64 or aarch64, running as root. */
  public static boolean available() {
    return syscallsOrNull() != null && effectiveIds()[1] == 0;
  }

  /**
   * Runs {@code body} on a new platform thread whose effective gid is {@code gid} and effective uid
   * is {@code uid}, with no supplementary groups, and returns its result. The thread's credentials
   * are restored before it ends.
   *
   * @throws IllegalStateException naming the errno when switching or restoring fails (switching
   *     needs root or CAP_SETUID and CAP_SETGID), or on an unsupported architecture
   * @throws java.util.concurrent.CompletionException wrapping a checked exception of the body;
   *     unchecked ones and errors are rethrown as they are
   * @throws AssertionError when the body does not finish within 60 s
   */
  public static <T> T call(int uid, int gid, Callable<T> body) {
    Syscalls nr = syscalls();
    return DedicatedThread.call(
        "as-user-" + uid + ":" + gid, CALL_BOUND, () -> switched(nr, uid, gid, body));
  }

  private static <T> T switched(Syscalls nr, int uid, int gid, Callable<T> body) throws Exception {
    int originalUid = ids(nr.getresuid())[1];
    int originalGid = ids(nr.getresgid())[1];
    int[] originalGroups = groups(nr);
    // Each change pushes its undo; they run in reverse order, so the euid returns to root
    // first and the thread regains the capabilities it needs to reset the gid and the groups.
    Deque<Runnable> undo = new ArrayDeque<>();
    T value = null;
    Throwable failure = null;
    try {
      // Groups and gid first: once the euid is not 0 the thread may no longer change them.
      check(Libc.syscall(nr.setgroups(), 0, 0, 0), "setgroups(0, NULL)");
      undo.push(() -> setGroups(nr, originalGroups));
      check(Libc.syscall(nr.setresgid(), -1, gid, -1), "setresgid(-1, " + gid + ", -1)");
      undo.push(
          () -> check(Libc.syscall(nr.setresgid(), -1, originalGid, -1), "restoring the egid"));
      check(Libc.syscall(nr.setresuid(), -1, uid, -1), "setresuid(-1, " + uid + ", -1)");
      undo.push(
          () -> check(Libc.syscall(nr.setresuid(), -1, originalUid, -1), "restoring the euid"));
      value = body.call();
    } catch (Throwable e) {
      failure = e;
    }
    while (!undo.isEmpty()) {
      try {
        undo.pop().run();
      } catch (RuntimeException e) {
        // The body's own failure stays the headline; a failed restore rides along with it.
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure == null
        && (ids(nr.getresuid())[1] != originalUid || ids(nr.getresgid())[1] != originalGid)) {
      failure = new IllegalStateException("credentials not restored after the body");
    }
    if (failure instanceof Exception e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
    return value;
  }

  private static Syscalls syscalls() {
    Syscalls nr = syscallsOrNull();
    if (nr == null) {
      throw new IllegalStateException(
          "AsUser supports Linux on x86_64 and aarch64, not "
              + System.getProperty("os.name")
              + " on "
              + System.getProperty("os.arch"));
    }
    return nr;
  }

  private static Syscalls syscallsOrNull() {
    if (!System.getProperty("os.name").equals("Linux")) {
      return null;
    }
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64" -> AARCH64;
      default -> null;
    };
  }

  /** The calling thread's effective uid and gid, as {@code {uid, gid}}. */
  private static int[] effectiveIds() {
    Syscalls nr = syscalls();
    return new int[] {ids(nr.getresuid())[1], ids(nr.getresgid())[1]};
  }

  /** {@code getresuid} or {@code getresgid}: the thread's {real, effective, saved} ids. */
  private static int[] ids(long number) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ids = arena.allocate(ValueLayout.JAVA_INT, 3);
      long base = ids.address();
      check(Libc.syscall(number, base, base + 4, base + 8), "getres*id");
      return ids.toArray(ValueLayout.JAVA_INT);
    }
  }

  private static int[] groups(Syscalls nr) {
    // The size can change between the two calls only if another thread of ours changes it,
    // and nothing in the test support does.
    int count = (int) check(Libc.syscall(nr.getgroups(), 0, 0, 0), "getgroups(0)");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = arena.allocate(ValueLayout.JAVA_INT, Math.max(count, 1));
      int got = (int) check(Libc.syscall(nr.getgroups(), count, list.address(), 0), "getgroups");
      return list.asSlice(0, 4L * got).toArray(ValueLayout.JAVA_INT);
    }
  }

  private static void setGroups(Syscalls nr, int[] groups) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = arena.allocate(ValueLayout.JAVA_INT, Math.max(groups.length, 1));
      MemorySegment.copy(groups, 0, list, ValueLayout.JAVA_INT, 0, groups.length);
      check(Libc.syscall(nr.setgroups(), groups.length, list.address(), 0), "restoring groups");
    }
  }

  private static long check(Libc.Result result, String what) {
    if (result.failed()) {
      throw new IllegalStateException(what + " failed: errno " + result.errno());
    }
    return result.value();
  }
}
