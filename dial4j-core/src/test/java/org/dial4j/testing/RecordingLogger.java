package org.dial4j.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link System.Logger} that keeps every line it is given, for tests that assert what was logged
 * (an event loop's {@code logger(...)}). It accepts every level, so that what is left out is left
 * out by the code under test, not here. Safe to read from the test thread while a loop writes.
 */
public final class RecordingLogger implements System.Logger {
  /** One line as logged: its level and its text. */
  public record Line(Level level, String text) {
    @Override
    public String toString() {
      return level + " " + text;
    }
  }

  private final List<Line> lines = new CopyOnWriteArrayList<>();

  /** The lines so far, oldest first (a live view: it grows as more are logged). */
  public List<Line> lines() {
    return lines;
  }

  /** True if some line so far contains every one of {@code parts}. */
  public boolean has(String... parts) {
    return lines.stream().anyMatch(l -> List.of(parts).stream().allMatch(l.text()::contains));
  }

  @Override
  public String getName() {
    return "recording";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    lines.add(new Line(level, thrown == null ? msg : msg + " " + thrown));
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    lines.add(new Line(level, params == null ? format : MessageFormat.format(format, params)));
  }
}
