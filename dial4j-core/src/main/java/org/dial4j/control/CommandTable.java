package org.dial4j.control;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;

/**
 * The commands of one control port, by name, in name order (the order {@code help} lists them).
 * Applications add commands from any thread while the loop thread looks them up, hence a concurrent
 * map.
 */
final class CommandTable {
  /** A lower-case word: it reads the same typed in any case, and it fits in {@code help}. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /**
   * One command.
   *
   * @param usage the synopsis {@code help NAME} prints
   * @param help one line for {@code help}
   * @param details more lines for {@code help NAME}
   */
  record Entry(
      String name,
      String usage,
      String help,
      List<String> details,
      ControlCommand command,
      boolean builtin) {}

  private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();

  /** Adds a built-in command (at start, before anyone can race it). */
  void builtin(String name, String usage, String help, List<String> details, ControlCommand c) {
    entries.put(name, new Entry(name, usage, help, List.copyOf(details), c, true));
  }

  /** Adds an application command; see {@link ControlPort#addCommand}. */
  void add(String name, String help, ControlCommand command) {
    checkName(name);
    if (help == null || help.isBlank() || help.indexOf('\n') >= 0 || help.indexOf('\r') >= 0) {
      throw new InvalidArgumentException(
          Errno.EINVAL, help, "the help of a command is one non-blank line");
    }
    Entry e = new Entry(name, name, help.strip(), List.of(), command, false);
    Entry there = entries.putIfAbsent(name, e);
    if (there != null) {
      throw new InvalidArgumentException(
          Errno.EEXIST,
          name,
          there.builtin()
              ? "is a built-in command of the control port, which cannot be replaced"
              : "is a command already (removeCommand it first to replace it)");
    }
  }

  /** Removes an application command; see {@link ControlPort#removeCommand}. */
  boolean remove(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      return false;
    }
    if (e.builtin()) {
      throw new InvalidArgumentException(
          Errno.EPERM, name, "is a built-in command, which cannot be removed");
    }
    return entries.remove(name, e);
  }

  /** The command a line's first word names (in any case), or null. */
  @Nullable Entry find(String word) {
    return word.length() > 32 ? null : entries.get(word.toLowerCase(Locale.ROOT));
  }

  /** Every command, in name order. */
  Collection<Entry> all() {
    return entries.values();
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidArgumentException(
          Errno.EINVAL,
          name,
          "a command name is a lower-case word of at most 32 characters: [a-z][a-z0-9_-]*");
    }
  }
}
