package org.dial4j.loop;

import java.util.function.Supplier;

/**
 * An event loop's log: libut's levels ({@link LogLevel}) over {@link System.Logger}, with the
 * loop's own threshold (settable at run time, e.g. by the control port's {@code log} command).
 * Callers on hot paths test {@link #enabled} first so that a disabled line costs no allocation.
 */
final class LoopLog {
  private final String loopName;
  private final System.Logger logger;
  private volatile LogLevel level;

  LoopLog(String loopName, System.Logger logger, LogLevel level) {
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
    return l.ordinal() <= level.ordinal() && logger.isLoggable(l.systemLevel());
  }

  void log(LogLevel l, Supplier<String> message) {
    if (enabled(l)) {
      String prefix = l == LogLevel.FATAL ? "fatal: " : "";
      logger.log(l.systemLevel(), prefix + "[" + loopName + "] " + message.get());
    }
  }

  void debug(Supplier<String> message) {
    log(LogLevel.DEBUG, message);
  }
}
