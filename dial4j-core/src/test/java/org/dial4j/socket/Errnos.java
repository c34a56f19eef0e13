package org.dial4j.socket;

import java.io.IOException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;

/** Runs a socket call that must fail and returns the exception it threw. */
public final class Errnos {
  private Errnos() {}

  /** A call that may throw. */
  public interface Call {
    void run() throws IOException;
  }

  /** The errno {@code call} failed with; fails the test if it did not fail with a NetError. */
  public static Errno errnoOf(Call call) {
    return failure(call).errno();
  }

  /** The NetError {@code call} threw. */
  public static NetError failure(Call call) {
    try {
      call.run();
    } catch (IOException | IllegalArgumentException e) {
      if (e instanceof NetError ne) {
        return ne;
      }
      throw new AssertionError("not a NetError: " + e, e);
    }
    throw new AssertionError("the call did not fail");
  }
}
