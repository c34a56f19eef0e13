package org.dial4j.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.FdInfo;

/**
 * The {@code fds} command's table, streamed: a header line, then one row per descriptor the loop
 * holds ({@link EventLoop#fdsPage(int, int, List)}), in columns aligned to their widest cell
 * (numbers to the right, text to the left), two spaces apart. Every cell is one word ({@link
 * Escapes#field}), so a script can also split a row on white space.
 *
 * <p>A loop may hold tens of thousands of descriptors (one per held connection), and rendering a
 * row costs microseconds, so the table is made {@link #ROWS_PER_PART} rows per turn of the loop: a
 * first pass over the descriptors finds the columns' widths and writes nothing, a second writes the
 * header and the rows. Each pass sees a descriptor as it is when its page is made: a cell that grew
 * between the passes (a longer age) is written whole, one column wider than the rest.
 */
final class FdsTable implements ControlSession.Stream {
  /**
   * Rows made per part, one part per loop turn: at a few microseconds a row, well under a
   * millisecond of the loop's turn (a connect made meanwhile waits at most that long).
   */
  static final int ROWS_PER_PART = 128;

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

  private final EventLoop loop;
  private final int[] width = new int[HEADER.size()];
  private final List<FdInfo> page = new ArrayList<>(ROWS_PER_PART);

  /** The first pass (widths) is running; then the second (rows). */
  private boolean measuring = true;

  /** The descriptor number the next page starts from. */
  private int next;

  FdsTable(EventLoop loop) {
    this.loop = loop;
    widen(HEADER.toArray(String[]::new));
  }

  @Override
  public boolean next(StringBuilder out) {
    page.clear();
    int after = loop.fdsPage(next, ROWS_PER_PART, page);
    if (measuring) {
      for (FdInfo f : page) {
        widen(cells(f));
      }
      if (after < 0) {
        measuring = false;
        next = 0;
        line(HEADER.toArray(String[]::new), out);
      } else {
        next = after;
      }
      return false;
    }
    for (FdInfo f : page) {
      line(cells(f), out);
    }
    next = after;
    return after < 0;
  }

  private static String[] cells(FdInfo f) {
    return new String[] {
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
    };
  }

  private void widen(String[] r) {
    for (int i = 0; i < r.length; i++) {
      width[i] = Math.max(width[i], r[i].length());
    }
  }

  /**
   * One aligned line of {@code r} with its {@code \n}. It is sent as it is: every cell is one word
   * without control characters, and a line begins with the descriptor number or the header's {@code
   * fd}, so none reads as a status line ({@link ControlSession#println}'s two rules).
   */
  private void line(String[] r, StringBuilder out) {
    for (int i = 0; i < r.length; i++) {
      if (i > 0) {
        out.append("  ");
      }
      int pad = Math.max(0, width[i] - r[i].length());
      if (RIGHT[i]) {
        out.repeat(' ', pad).append(r[i]);
      } else if (i < r.length - 1) {
        out.append(r[i]).repeat(' ', pad);
      } else {
        out.append(r[i]); // no trailing blanks
      }
    }
    out.append('\n');
  }

  /** {@code 12.345}: whole seconds, then milliseconds. */
  static String seconds(Duration d) {
    long ms = Math.max(0, d.toMillis());
    long frac = ms % 1000;
    return (ms / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }
}
