package org.dial4j.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.FdInfo;

/**
 * The {@code fds} command's table: a header line, then one row per {@link FdInfo}, in columns
 * aligned to their widest cell (numbers to the right, text to the left), two spaces apart. Every
 * cell is one word ({@link Escapes#field}), so a script can also split a row on white space.
 */
final class FdsTable {
  private FdsTable() {}

  /** The header cells, which are also the column names {@code help fds} explains. */
  static final List<String> HEADER =
      List.of(
          "fd",
          "name",
          "type",
          "flags",
          "state",
          "local",
          "remote",
          "age_s",
          "bytes_in",
          "bytes_out");

  private static final boolean[] RIGHT = {
    true, false, false, false, false, false, false, true, true, true
  };

  /** What each column means, for {@code help fds}. */
  static final List<String> EXPLAINED =
      List.of(
          "fd: the descriptor number; name: as given to connect/listen (- if none)",
          "type: socket, pipe or other; flags: FdFlags names joined by |",
          "state: connecting, connected, listening, accepted or open",
          "local, remote: IP:port (- if not known); age_s: seconds held, with milliseconds",
          "bytes_in, bytes_out: bytes read and written through the loop");

  /** The header and one row per descriptor, aligned. */
  static List<String> render(List<FdInfo> fds) {
    List<String[]> rows = new ArrayList<>(fds.size() + 1);
    rows.add(HEADER.toArray(String[]::new));
    for (FdInfo f : fds) {
      rows.add(
          new String[] {
            Integer.toString(f.fd()),
            Escapes.field(f.name()),
            Escapes.field(f.type()),
            FdFlags.describe(f.flags()),
            Escapes.field(f.state()),
            Escapes.field(f.local()),
            Escapes.field(f.remote()),
            seconds(f.age()),
            Long.toString(f.bytesIn()),
            Long.toString(f.bytesOut()),
          });
    }
    int[] width = new int[HEADER.size()];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>(rows.size());
    StringBuilder sb = new StringBuilder(128);
    for (String[] r : rows) {
      sb.setLength(0);
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        int pad = width[i] - r[i].length();
        if (RIGHT[i]) {
          sb.repeat(' ', pad).append(r[i]);
        } else if (i < r.length - 1) {
          sb.append(r[i]).repeat(' ', pad);
        } else {
          sb.append(r[i]); // no trailing blanks
        }
      }
      lines.add(sb.toString());
    }
    return lines;
  }

  /** {@code 12.345}: whole seconds, then milliseconds. */
  static String seconds(Duration d) {
    long ms = Math.max(0, d.toMillis());
    long frac = ms % 1000;
    return (ms / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }
}
