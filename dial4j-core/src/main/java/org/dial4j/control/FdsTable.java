package org.dial4j.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.FdInfo;
import org.jspecify.annotations.Nullable;

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

  /**
   * {@link FdFlags#describe}'s text per flags value met so far, a few of them (a loop's descriptors
   * share a handful of flag sets): made once per value, not once per row and pass.
   */
  private final int[] flagKeys = new int[FLAG_TEXTS];

  private final String[] flagTexts = new String[FLAG_TEXTS];
  private int flagCount;

  /** How many flag sets' texts {@link #flags} keeps; another is made each time it is met. */
  private static final int FLAG_TEXTS = 16;

  /** The first pass (widths) is running; then the second (rows). */
  private boolean measuring = true;

  /** The descriptor number the next page starts from. */
  private int next;

  FdsTable(EventLoop loop) {
    this.loop = loop;
    for (int i = 0; i < HEADER.size(); i++) {
      width[i] = HEADER.get(i).length();
    }
  }

  @Override
  public boolean next(StringBuilder out) {
    page.clear();
    int after = loop.fdsPage(next, ROWS_PER_PART, page);
    if (measuring) {
      for (FdInfo f : page) {
        row(f, null);
      }
      if (after < 0) {
        measuring = false;
        next = 0;
        header(out);
      } else {
        next = after;
      }
      return false;
    }
    for (FdInfo f : page) {
      row(f, out);
    }
    next = after;
    return after < 0;
  }

  /**
   * One row: with {@code out} null, its cells only widen the columns (the first pass); else it is
   * written, aligned, with its {@code \n}. Numbers are counted and appended as they are and the
   * texts are the descriptor's own (an endpoint keeps its text, a flag set's is kept here), so a
   * row makes no string of its own: over tens of thousands of rows, twice, that was most of the
   * garbage {@code fds} made.
   */
  private void row(FdInfo f, @Nullable StringBuilder out) {
    number(0, f.fd(), out);
    text(1, Escapes.field(f.name()), out);
    text(2, Escapes.field(f.type()), out);
    text(3, flags(f.flags()), out);
    text(4, Escapes.field(f.state()), out);
    text(5, Escapes.field(f.local()), out);
    text(6, Escapes.field(f.remote()), out);
    seconds(7, f.age(), out);
    number(8, f.bytesIn(), out);
    number(9, f.bytesOut(), out);
    if (out != null) {
      out.append('\n');
    }
  }

  /** The header line, aligned as the rows. */
  private void header(StringBuilder out) {
    for (int i = 0; i < HEADER.size(); i++) {
      String h = HEADER.get(i);
      if (RIGHT[i]) {
        pad(i, h.length(), out);
        out.append(h);
      } else {
        text(i, h, out);
      }
    }
    out.append('\n');
  }

  private String flags(int flags) {
    for (int i = 0; i < flagCount; i++) {
      if (flagKeys[i] == flags) {
        return flagTexts[i];
      }
    }
    String t = FdFlags.describe(flags);
    if (flagCount < FLAG_TEXTS) {
      flagKeys[flagCount] = flags;
      flagTexts[flagCount++] = t;
    }
    return t;
  }

  /** A left-aligned cell (no trailing blanks in the last column). */
  private void text(int i, String s, @Nullable StringBuilder out) {
    if (out == null) {
      width[i] = Math.max(width[i], s.length());
      return;
    }
    separate(i, out);
    out.append(s);
    if (i < width.length - 1) {
      out.repeat(' ', Math.max(0, width[i] - s.length()));
    }
  }

  /** A right-aligned number. */
  private void number(int i, long v, @Nullable StringBuilder out) {
    int len = digits(v);
    if (out == null) {
      width[i] = Math.max(width[i], len);
      return;
    }
    pad(i, len, out);
    out.append(v);
  }

  /**
   * A right-aligned age, {@code 12.345}: whole seconds, then milliseconds (see {@link #seconds}).
   */
  private void seconds(int i, Duration d, @Nullable StringBuilder out) {
    long ms = Math.max(0, d.toMillis());
    int len = digits(ms / 1000) + 4;
    if (out == null) {
      width[i] = Math.max(width[i], len);
      return;
    }
    pad(i, len, out);
    appendSeconds(ms, out);
  }

  private static StringBuilder appendSeconds(long ms, StringBuilder out) {
    long frac = ms % 1000;
    return out.append(ms / 1000).append(frac < 10 ? ".00" : frac < 100 ? ".0" : ".").append(frac);
  }

  /** The separator before column {@code i}, then the blanks that right-align {@code len}. */
  private void pad(int i, int len, StringBuilder out) {
    separate(i, out);
    out.repeat(' ', Math.max(0, width[i] - len));
  }

  private static void separate(int i, StringBuilder out) {
    if (i > 0) {
      out.append("  ");
    }
  }

  /** The characters of {@code v} in decimal, its sign included. */
  static int digits(long v) {
    if (v < 0) {
      return v == Long.MIN_VALUE ? 20 : 1 + digits(-v);
    }
    int n = 1;
    for (long x = v; x >= 10; x /= 10) {
      n++;
    }
    return n;
  }

  /** {@code 12.345}: whole seconds, then milliseconds, as the {@code age_s} column shows it. */
  static String seconds(Duration d) {
    return appendSeconds(Math.max(0, d.toMillis()), new StringBuilder()).toString();
  }
}
