package org.dial4j.internal.dnsconf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.internal.dnsconf.NsSwitchHosts.Action;
import org.dial4j.internal.dnsconf.NsSwitchHosts.Source;
import org.dial4j.internal.dnsconf.NsSwitchHosts.Status;
import org.jspecify.annotations.Nullable;

/**
 * glibc 2.41's nsswitch.conf reader: {@code process_line} of nss/nss_database.c and {@code
 * nss_action_parse} of nss/nss_action_parse.c, step for step.
 *
 * <p>A line is {@code database} then white space and colons (the colon is optional: {@code hosts
 * dns} is a hosts line), then the services. There is no comment syntax: a line starting with {@code
 * #} names no database glibc knows and is skipped, but a {@code #} after the services is one more
 * service ({@code hosts: files dns # x} asks modules {@code #} and {@code x} after dns, which do
 * not load).
 */
final class NsSwitchParser {
  /** The databases glibc knows (nss/databases.def): only their lines are parsed. */
  private static final Set<String> DATABASES =
      Set.of(
          "aliases",
          "ethers",
          "group",
          "group_compat",
          "gshadow",
          "hosts",
          "initgroups",
          "netgroup",
          "networks",
          "passwd",
          "passwd_compat",
          "protocols",
          "publickey",
          "rpc",
          "services",
          "shadow",
          "shadow_compat");

  private NsSwitchParser() {}

  static NsSwitchHosts parse(String text) {
    List<String> lines = CText.lines(text);
    if (!CText.lastLineEnded(text)) {
      lines = lines.subList(0, lines.size() - 1);
    }
    List<Source> hosts = null;
    int start = 0;
    for (String line : lines) {
      // Every line process_line sees still ends in its '\n' (an unended last line is never
      // parsed), unless a NUL cut it first: "hosts\n" is a hosts line with no services, which
      // finds nothing, while "hosts\0 dns\n" is a syntax error, skipped.
      int end = text.indexOf('\n', start);
      boolean cut = line.length() != end - start;
      start = end + 1;
      List<Source> parsed = line(cut ? line : line + "\n");
      if (parsed != null) {
        hosts = parsed;
      }
    }
    return hosts == null ? NsSwitchHosts.DEFAULT : new NsSwitchHosts(hosts, true);
  }

  /** The hosts line's sources, null for another line; throws where glibc refuses the file. */
  private static @Nullable List<Source> line(String line) {
    int i = 0;
    int n = line.length();
    while (i < n && CText.isSpace(line.charAt(i))) {
      i++;
    }
    int start = i;
    while (i < n && !CText.isSpace(line.charAt(i)) && line.charAt(i) != ':') {
      i++;
    }
    if (i == n || i == start) {
      return null; // "Syntax error.  Skip this line."
    }
    String database = line.substring(start, i);
    while (i < n && (CText.isSpace(line.charAt(i)) || line.charAt(i) == ':')) {
      i++;
    }
    if (!DATABASES.contains(database)) {
      return null;
    }
    List<Source> sources = servicesOf(line, i);
    return database.equals("hosts") ? sources : null;
  }

  /** The services of a line's rest. */
  static List<Source> services(String services) {
    return servicesOf(services, 0);
  }

  private static List<Source> servicesOf(String line, int from) {
    Cursor c = new Cursor(line, from);
    List<Source> out = new ArrayList<>();
    while (true) {
      c.skipSpace();
      if (c.atEnd()) {
        return out;
      }
      int start = c.i;
      while (!c.atEnd() && !CText.isSpace(c.peek()) && c.peek() != '[') {
        c.i++;
      }
      if (c.i == start) {
        return out; // a '[' where a name should be: glibc stops reading the line, no error
      }
      String name = line.substring(start, c.i);
      EnumMap<Status, Action> actions = new EnumMap<>(Source.of(name).actions());
      c.skipSpace();
      if (!c.atEnd() && c.peek() == '[') {
        c.i++;
        c.skipSpace();
        do {
          criterion(c, actions);
          c.skipSpace();
        } while (c.atEnd() || c.peek() != ']');
        c.i++;
      }
      out.add(new Source(name, actions));
    }
  }

  /** One {@code [!]STATUS=ACTION}, applied to {@code actions}. */
  private static void criterion(Cursor c, EnumMap<Status, Action> actions) {
    boolean not = !c.atEnd() && c.peek() == '!';
    if (not) {
      c.i++;
    }
    String word = c.word();
    Status status =
        switch (word.length()) {
          case 7 ->
              is(word, "SUCCESS") ? Status.SUCCESS : is(word, "UNAVAIL") ? Status.UNAVAIL : null;
          case 8 ->
              is(word, "NOTFOUND")
                  ? Status.NOTFOUND
                  : is(word, "TRYAGAIN") ? Status.TRYAGAIN : null;
          default -> null;
        };
    if (status == null) {
      throw c.refused("unknown status \"" + word + "\"");
    }
    c.skipSpace();
    if (c.atEnd() || c.peek() != '=') {
      throw c.refused("no '=' after " + word);
    }
    c.i++;
    c.skipSpace();
    String what = c.word();
    Action action =
        is(what, "RETURN")
            ? Action.RETURN
            : is(what, "CONTINUE") ? Action.CONTINUE : is(what, "MERGE") ? Action.MERGE : null;
    if (action == null) {
      throw c.refused("unknown action \"" + what + "\"");
    }
    if (not) {
      // "all statuses but that one": every action set, then that status's put back
      Action saved = actions.get(status);
      for (Status s : Status.values()) {
        actions.put(s, action);
      }
      if (saved != null) {
        actions.put(status, saved);
      }
    } else {
      actions.put(status, action);
    }
  }

  /** {@code strncasecmp} in the "C" locale, on words of equal length. */
  private static boolean is(String word, String keyword) {
    return CText.equalsAsciiIgnoreCase(word, keyword);
  }

  /** A position in a line, C style: the end reads as NUL. */
  private static final class Cursor {
    final String s;
    int i;

    Cursor(String s, int i) {
      this.s = s;
      this.i = i;
    }

    boolean atEnd() {
      return i >= s.length();
    }

    char peek() {
      return s.charAt(i);
    }

    void skipSpace() {
      while (!atEnd() && CText.isSpace(peek())) {
        i++;
      }
    }

    /** A status or action word: up to white space, {@code =}, {@code ]} or the end. */
    String word() {
      int start = i;
      while (!atEnd() && !CText.isSpace(peek()) && peek() != '=' && peek() != ']') {
        i++;
      }
      return s.substring(start, i);
    }

    InvalidArgumentException refused(String why) {
      return new InvalidArgumentException(
          Errno.EINVAL,
          s,
          "nsswitch.conf: " + why + " at column " + (i + 1) + "; glibc refuses the whole file");
    }
  }
}
