package org.dial4j.testing;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/**
 * Every line the library writes through {@link System.Logger} while the tests run, kept instead of
 * printed: a green run prints no library line, and a failing test shows the lines written during it
 * ({@link LogCaptureExtension}). The loggers come from the test run's {@link System.LoggerFinder}
 * (the class-path shim {@code CapturingLoggerFinder}), so no test has to ask.
 *
 * <p>Each logger takes INFO and above, as the JDK's default configuration does, so that what the
 * library builds and skips is what it would build and skip in an application; an event loop's own
 * level still decides first.
 */
public final class CapturedLogs {
  private static final List<String> LINES = new ArrayList<>();

  private CapturedLogs() {}

  /** A logger named {@code name} that keeps its lines here. */
  public static System.Logger logger(String name) {
    return new Captor(name);
  }

  /** Forgets what was kept (a test starts). */
  public static synchronized void clear() {
    LINES.clear();
  }

  /** The lines kept since the last {@link #clear}, oldest first. */
  public static synchronized List<String> lines() {
    return List.copyOf(LINES);
  }

  /** Prints the kept lines to {@code out} under a heading naming {@code test}, if there are any. */
  public static void printTo(PrintStream out, String test) {
    List<String> lines = lines();
    if (!lines.isEmpty()) {
      out.println(
          "--- what the library logged during " + test + " (" + lines.size() + " lines) ---");
      lines.forEach(out::println);
      out.println("---");
    }
  }

  private static synchronized void keep(String line) {
    LINES.add(line);
  }

  private record Captor(String name) implements System.Logger {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level != Level.OFF && level.getSeverity() >= Level.INFO.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (isLoggable(level)) {
        keep(
            LocalTime.now(ZoneId.systemDefault())
                + " "
                + level
                + " "
                + name
                + " ["
                + Thread.currentThread().getName()
                + "] "
                + msg
                + (thrown != null ? "\n" + stackTrace(thrown) : ""));
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        String msg =
            params == null || params.length == 0 ? format : MessageFormat.format(format, params);
        log(level, bundle, msg, (Throwable) null);
      }
    }

    private static String stackTrace(Throwable t) {
      java.io.StringWriter w = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(w));
      return w.toString().stripTrailing();
    }
  }
}
