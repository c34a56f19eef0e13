package org.dial4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.jspecify.annotations.Nullable;

/**
 * The demo's trace: one line per system call, with the milliseconds since the scenario began, the
 * call, what it returned and the errno (0 when it succeeded), as strace would show it.
 */
final class Steps {
  /** A socket call. */
  @FunctionalInterface
  interface Call<T extends @Nullable Object> {
    T run() throws IOException;
  }

  private final PrintWriter out;
  private long start = System.nanoTime();

  Steps(PrintWriter out) {
    this.out = out;
  }

  /** Starts the clock of a new scenario. */
  void restart() {
    start = System.nanoTime();
  }

  /** Milliseconds since {@link #restart()}. */
  double elapsedMillis() {
    return (System.nanoTime() - start) / 1e6;
  }

  /** The column headings. */
  void header() {
    out.printf(Locale.ROOT, "  %12s  %-34s %-30s %s%n", "elapsed", "call", "returns", "errno");
  }

  /** A line for a call that returned {@code result} with errno 0. */
  void ok(String call, String result) {
    line(call, result, "0");
  }

  /** A line for a call that set {@code errno} (EINPROGRESS, ECONNREFUSED, ...). */
  void errno(String call, String result, Errno errno) {
    line(call, result, errno.describe());
  }

  /** A line under the trace: what the Solaris program would print, or a note. */
  void say(@Nullable String text) {
    out.println("  " + " ".repeat(12) + "  -> " + text);
  }

  /**
   * Runs {@code call} and prints its line: {@code describe} of its value, or {@code -1} and the
   * errno when it throws (which is then passed on).
   */
  <T extends @Nullable Object> T run(
      String name, Call<T> call, Function<? super T, String> describe) throws IOException {
    T value = attempt(name, call);
    ok(name, describe.apply(value));
    return value;
  }

  /**
   * Runs {@code call}; prints a line only when it throws ({@code -1} and the errno, then the
   * message), leaving the caller to print what its value means.
   */
  <T extends @Nullable Object> T attempt(String name, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (IOException e) {
      line(name, "-1", NetError.errnoOf(e).map(Errno::describe).orElse(e.toString()));
      say(e.getMessage());
      throw e;
    }
  }

  private void line(String call, String result, String errno) {
    out.printf(Locale.ROOT, "  %9.3f ms  %-34s %-30s %s%n", elapsedMillis(), call, result, errno);
  }
}
