package org.dial4j.control;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dial4j.loop.LogLevel;

/** The built-in commands: {@code help}, {@code fds}, {@code stats}, {@code log}, {@code quit}. */
final class Builtins {
  private Builtins() {}

  /** {@code fatal error warning info debug}: what {@code log LEVEL} takes, most severe first. */
  static final String LEVELS =
      Stream.of(LogLevel.values())
          .map(l -> l.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(" "));

  static void addTo(CommandTable t) {
    t.builtin(
        "help",
        "help [COMMAND]",
        "list the commands, or describe one",
        List.of(),
        (s, args) -> help(t, s, args));
    t.builtin(
        "fds",
        "fds",
        "one row per descriptor the loop holds, after a header line",
        FdsTable.EXPLAINED,
        Builtins::fds);
    t.builtin(
        "stats",
        "stats",
        "connect attempts, successes, failures by errno, latency p50 p90 p99 max",
        List.of("latency is in microseconds, from connect() to the connected callback"),
        Builtins::stats);
    t.builtin(
        "log",
        "log [LEVEL]",
        "show the loop's log level, or set it",
        List.of("levels, most severe first: " + LEVELS),
        Builtins::log);
    t.builtin("quit", "quit", "end this session", List.of(), Builtins::quit);
  }

  private static void help(CommandTable t, ControlSession s, List<String> args) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("usage: help [COMMAND]");
    }
    if (args.isEmpty()) {
      int width = t.all().stream().mapToInt(e -> e.usage().length()).max().orElse(0);
      for (CommandTable.Entry e : t.all()) {
        s.println(e.usage() + " ".repeat(width - e.usage().length()) + "  " + e.help());
      }
      return;
    }
    CommandTable.Entry e = t.find(args.getFirst());
    if (e == null) {
      throw new IllegalArgumentException(unknown(args.getFirst()));
    }
    s.println("usage: " + e.usage());
    s.println(e.help());
    e.details().forEach(s::println);
  }

  /** The message for a word that names no command. */
  static String unknown(String word) {
    byte[] b = word.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return "unknown command \"" + Escapes.quote(b, 0, b.length) + "\"; try help";
  }

  private static void fds(ControlSession s, List<String> args) {
    noArgs("fds", args);
    s.stream(new FdsTable(s.loop()));
  }

  private static void stats(ControlSession s, List<String> args) {
    noArgs("stats", args);
    s.loop().stats().lines().forEach(s::println);
  }

  private static void log(ControlSession s, List<String> args) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("usage: log [LEVEL]");
    }
    if (args.size() == 1) {
      LogLevel level = LogLevel.parse(args.getFirst());
      if (level == null) {
        byte[] b = args.getFirst().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        throw new IllegalArgumentException(
            "unknown log level \"" + Escapes.quote(b, 0, b.length) + "\"; levels: " + LEVELS);
      }
      s.loop().logLevel(level);
    }
    s.println(s.loop().logLevel().name().toLowerCase(Locale.ROOT));
  }

  private static void quit(ControlSession s, List<String> args) {
    noArgs("quit", args);
    s.println("bye");
    s.close();
  }

  private static void noArgs(String name, List<String> args) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("usage: " + name + " (no arguments)");
    }
  }
}
