package org.dial4j.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import org.dial4j.testing.Descriptors;

/**
 * What a process holds at one moment: its open descriptors by kind (/proc/self/fd), its live
 * platform threads of dial4j and of the soak by name (a number after a dash read as {@code #}), and
 * its heap in use after a collection. Two snapshots with nothing in flight between them must hold
 * the same descriptors and threads (and the same files: their paths are kept); the heap may differ
 * by a bound.
 */
record Accounting(
    SortedMap<String, Integer> fds,
    List<String> files,
    SortedMap<String, Integer> threads,
    long heap) {

  /** The thread names counted: dial4j's own and the soak's; the JDK's come and go on their own. */
  private static final List<String> PREFIXES = List.of("dial4j", "soak");

  /** A snapshot now; with {@code gc}, the heap after {@code System.gc()} (else 0). */
  static Accounting take(boolean gc) {
    long heap = 0;
    if (gc) {
      Runtime rt = Runtime.getRuntime();
      // Twice: the first collection may leave what finalization-like cleaners free for the next.
      System.gc();
      System.gc();
      heap = rt.totalMemory() - rt.freeMemory();
    }
    return new Accounting(Descriptors.byKind(), Descriptors.files(), liveThreads(), heap);
  }

  private static SortedMap<String, Integer> liveThreads() {
    SortedMap<String, Integer> byName = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      if (t.isAlive() && PREFIXES.stream().anyMatch(name::startsWith)) {
        byName.merge(name.replaceAll("-[0-9]+", "-#"), 1, Integer::sum);
      }
    }
    return byName;
  }

  /**
   * A snapshot once its descriptors and threads are this one's again (threads end and closes land a
   * moment after what made them returns), or the last taken when {@code bound} has passed.
   */
  Accounting awaitSame(boolean gc, Duration bound) {
    long end = System.nanoTime() + bound.toNanos();
    while (true) {
      Accounting now = take(gc);
      if (differences(now).isEmpty() || System.nanoTime() - end > 0) {
        return now;
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }

  /** How {@code later} differs from this one in descriptors and threads; empty when it does not. */
  List<String> differences(Accounting later) {
    List<String> out = new ArrayList<>();
    compare("descriptors", fds, later.fds, out);
    compare("threads", threads, later.threads, out);
    if (!files.equals(later.files)) {
      List<String> opened = new ArrayList<>(later.files);
      opened.removeAll(files);
      List<String> closed = new ArrayList<>(files);
      closed.removeAll(later.files);
      out.add("files opened " + opened + ", closed " + closed);
    }
    return out;
  }

  private static void compare(
      String what, SortedMap<String, Integer> a, SortedMap<String, Integer> b, List<String> out) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      int x = a.getOrDefault(k, 0);
      int y = b.getOrDefault(k, 0);
      if (x != y) {
        out.add(String.format(Locale.ROOT, "%s %s: %d then %d (%+d)", what, k, x, y, y - x));
      }
    }
  }

  /** Writes this snapshot's figures under {@code point} ({@code start}, {@code before}, ...). */
  void record(Tally tally, Phase phase, String point) {
    fds.forEach((k, v) -> tally.figure(phase, point, "fd " + k, v));
    threads.forEach((k, v) -> tally.figure(phase, point, "thread " + k, v));
    if (heap > 0) {
      tally.figure(phase, point, "heap", heap);
    }
  }
}
