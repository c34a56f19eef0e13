package org.dial4j.loop;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An event loop's log: libut's levels ({@link LogLevel}) over {@link System.Logger}, with the
 * loop's own threshold (settable at run time, e.g. by the control port's {@code log} command).
 * Callers on hot paths test {@link #enabled} first so that a disabled line costs no allocation.
 *
 * <p>Logging never throws. A logger is someone else's code: a broken one, or java.util.logging's
 * first format failing for want of a descriptor under EMFILE, must not end the loop thread that
 * called it (a loop that died there stayed "running" and leaked every descriptor). Whatever the
 * logger throws, the message supplier included (even an {@link Error}: class loading under EMFILE
 * fails with one), is dropped: there is nowhere left to report it, and the line it would have
 * written is the least important thing the loop does.
 */
final class LoopLog {
  private final String loopName;
  private final System.Logger logger;
  private volatile LogLevel level;

  LoopLog(String loopName, System.@Nullable Logger logger, LogLevel level) {
    this.loopName = loopName;
    this.logger = logger != null ? logger : System.getLogger("org.dial4j.loop");
    this.level = level;
  }

  LogLevel level() {
    return level;
  }

  void level(LogLevel level) {
    this.level = level;
  }

  boolean enabled(LogLevel l) {
    if (l.compareTo(level) > 0) {
      return false;
    }
    try {
      return logger.isLoggable(l.systemLevel());
    } catch (Throwable e) {
      return false;
    }
  }

  void log(LogLevel l, Supplier<String> message) {
    if (enabled(l)) {
      try {
        String prefix = l == LogLevel.FATAL ? "fatal: " : "";
        logger.log(l.systemLevel(), prefix + "[" + loopName + "] " + message.get());
      } catch (Throwable e) {
        // dropped: see the class comment
      }
    }
  }

  void debug(Supplier<String> message) {
    log(LogLevel.DEBUG, message);
  }
}
