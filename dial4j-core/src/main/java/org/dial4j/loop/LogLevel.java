package org.dial4j.loop;

import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * libut's log levels, most severe first, and the {@link System.Logger} level each is written at
 * ({@code System.Logger} has no "fatal": fatal lines go out at ERROR, prefixed {@code fatal:}).
 *
 * <p>dial4j is a quiet library: what a caller receives (an exception, or a FAILED callback with its
 * errno) is logged at DEBUG only, so a program that dials prints nothing at the default level INFO
 * unless something went wrong that no caller could see.
 */
public enum LogLevel {
  /** The loop cannot go on (its thread died, or epoll_wait failed). */
  FATAL(Level.ERROR),
  /** A bug outside the caller's view: a callback, task, timer or hook threw; epoll_ctl failed. */
  ERROR(Level.ERROR),
  /**
   * Something was refused or dropped that no caller is told of (a control-port client, accept at
   * EMFILE).
   */
  WARNING(Level.WARNING),
  /**
   * Nothing the loop writes by itself; lines an application writes through {@link EventLoop#log}.
   */
  INFO(Level.INFO),
  /**
   * Every failure a caller also receives (libut: "the reason is logged"), loops started and closed,
   * listeners opened, every registration, connect and close.
   */
  DEBUG(Level.DEBUG);

  private final Level systemLevel;

  LogLevel(Level systemLevel) {
    this.systemLevel = systemLevel;
  }

  /** The {@link System.Logger.Level} lines of this level are written at. */
  public Level systemLevel() {
    return systemLevel;
  }

  /**
   * The level named {@code name}, in any ASCII case and without surrounding blanks ({@code "warn"}
   * is WARNING), or null for null and any other text. Only ASCII letters match: {@code "ınfo"} (a
   * dotless i, which upper-cases to I) names no level.
   */
  public static @Nullable LogLevel parse(@Nullable String name) {
    if (name == null) {
      return null;
    }
    String n = name.strip();
    if (asciiEqualsIgnoreCase("WARN", n)) {
      return WARNING;
    }
    for (LogLevel l : values()) {
      if (asciiEqualsIgnoreCase(l.name(), n)) {
        return l;
      }
    }
    return null;
  }

  /**
   * {@code String.equalsIgnoreCase} also matches characters whose upper case is an ASCII letter
   * (U+0131 dotless i is I, U+017F long s is S); a level name is ASCII, so compare ASCII only.
   */
  private static boolean asciiEqualsIgnoreCase(String ascii, String text) {
    if (ascii.length() != text.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      char a = ascii.charAt(i);
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - 'a' + 'A');
      }
      if (a != c) {
        return false;
      }
    }
    return true;
  }
}
