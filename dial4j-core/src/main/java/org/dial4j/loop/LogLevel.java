package org.dial4j.loop;

import java.lang.System.Logger.Level;

/**
 * libut's log levels, most severe first, and the {@link System.Logger} level each is written at
 * ({@code System.Logger} has no "fatal": fatal lines go out at ERROR, prefixed {@code fatal:}).
 */
public enum LogLevel {
  /** The loop cannot go on. */
  FATAL(Level.ERROR),
  /** An operation failed in a way its caller did not ask for. */
  ERROR(Level.ERROR),
  /** Something was refused or dropped (a bad control-port client, a full table). */
  WARNING(Level.WARNING),
  /** Connect failures and their reasons, listeners opened, loops started and stopped. */
  INFO(Level.INFO),
  /** Every registration, connect and close. */
  DEBUG(Level.DEBUG);

  private final Level systemLevel;

  LogLevel(Level systemLevel) {
    this.systemLevel = systemLevel;
  }

  /** The {@link System.Logger.Level} lines of this level are written at. */
  public Level systemLevel() {
    return systemLevel;
  }

  /** The level named {@code name} in any case ({@code "warn"} is WARNING), or null. */
  public static LogLevel parse(String name) {
    String n = name.trim().toUpperCase(java.util.Locale.ROOT);
    if (n.equals("WARN")) {
      return WARNING;
    }
    for (LogLevel l : values()) {
      if (l.name().equals(n)) {
        return l;
      }
    }
    return null;
  }
}
