package org.dial4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.ConnectStats;
import org.jspecify.annotations.Nullable;

/**
 * What {@code dial4j storm --hold} measures of the connections it holds, beyond cconnect's line:
 * which limit stopped it, descriptors per held connection ({@code /proc/self/fd}), and the memory
 * each costs the process, taken at two held counts so that only what grows with them counts.
 *
 * <p>At each point: the heap histogram of live objects (the {@code GC.class_histogram} diagnostic
 * command, which runs a full GC first), then {@code VmRSS} and the descriptors. Bytes per held is
 * the difference between the points over the difference in held connections: the histogram's for
 * the heap (with the classes that grew), RSS's for the whole process. RSS counts the heap only as
 * far as its pages were touched; with {@code -Xms} equal to {@code -Xmx} and {@code
 * -XX:+AlwaysPreTouch} every heap page is resident from the start, so RSS growth is then native
 * memory alone ({@link Point#heapFixed}). Kernel memory (socket buffers, {@code struct file}) is in
 * neither.
 */
final class StormHold {
  /**
   * Descriptors kept free while the hold fills the process (opened before, closed after): room to
   * count {@code /proc/self/fd}, serve the control port and a probe, and let {@code jcmd} attach.
   */
  static final int RESERVE = 16;

  private final List<FileChannel> reserve = new ArrayList<>(RESERVE);

  /**
   * Takes the reserve: {@link #RESERVE} descriptors of {@code /dev/null}; and first loads the
   * classes the end of a hold meets with no descriptor free (the EMFILE error and the end's
   * bookkeeping): a class read from a directory (an exploded module, as a test runs it) needs a
   * descriptor to load.
   */
  static StormHold open() throws IOException {
    var _ = NetError.of(Errno.EMFILE, Operation.SOCKET, "loaded before the hold");
    var _ = limit(Errno.EMFILE, 0);
    var _ = new ConnectStats().copy();
    StormHold h = new StormHold();
    try {
      for (int i = 0; i < RESERVE; i++) {
        h.reserve.add(FileChannel.open(Path.of("/dev/null")));
      }
    } catch (IOException e) {
      h.release();
      throw e;
    }
    return h;
  }

  /** Gives the reserve back (idempotent). */
  void release() {
    for (FileChannel c : reserve) {
      try {
        c.close();
      } catch (IOException e) {
        // /dev/null: nothing was written, nothing can be lost
      }
    }
    reserve.clear();
  }

  /**
   * One measuring point.
   *
   * @param held connections held then
   * @param fds descriptors the process had open
   * @param rssKb VmRSS after the histogram's GC
   * @param heapBytes live heap bytes, by the histogram
   * @param byClass live bytes of each class
   * @param heapFixed whether the heap is fixed and pre-touched (so RSS growth is native only)
   */
  record Point(
      long held,
      long fds,
      long rssKb,
      long heapBytes,
      Map<String, Long> byClass,
      boolean heapFixed) {}

  /**
   * The first point, with {@code held} connections held; {@code proc} reads VmRSS. The histogram is
   * taken twice and the second kept: the second is taken while the first's parsed table is live, as
   * the {@link #last} point's is taken while this point's table is, so that the measurement's own
   * tables (a few thousand classes' names and counts) cancel out of the growth.
   */
  Point first(long held, ProcSelf proc) {
    Point warm = last(held, proc);
    try {
      return last(held, proc);
    } finally {
      Reference.reachabilityFence(warm); // live while the second histogram is taken
    }
  }

  /**
   * A point with {@code held} connections held: the histogram, then VmRSS and the descriptors,
   * those of the reserve not counted.
   */
  Point last(long held, ProcSelf proc) {
    String histogram = histogram();
    Map<String, Long> byClass = new HashMap<>();
    long total = parseHistogram(histogram, byClass);
    long fds = openDescriptors() - reserve.size();
    return new Point(held, fds, proc.statusKb("VmRSS:"), total, byClass, heapFixed());
  }

  /** The {@code GC.class_histogram} diagnostic command's text (live objects: a full GC first). */
  static String histogram() {
    return diagnostic("gcClassHistogram");
  }

  /**
   * With {@code -XX:NativeMemoryTracking}: the JVM's native memory by category, as {@code jcmd PID
   * VM.native_memory} prints it ({@code baseline} at the first point, {@code summary.diff} at the
   * last: where RSS growth went); null without it.
   */
  static @Nullable String nativeMemory(String how) {
    boolean tracking =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.startsWith("-XX:NativeMemoryTracking=") && !a.endsWith("=off"));
    return tracking ? diagnostic("vmNativeMemory", how) : null;
  }

  /** One diagnostic command ({@code jcmd}'s, in this process) by its MBean operation name. */
  private static String diagnostic(String operation, String... args) {
    try {
      return (String)
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  operation,
                  new Object[] {args},
                  new String[] {String[].class.getName()});
    } catch (JMException e) {
      throw new IllegalStateException(operation + ": " + e, e);
    }
  }

  /** {@code 1: 20000 2240000 org.dial4j.loop.LoopFd (org.dial4j@0.2.0)}. */
  private static final Pattern ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

  /** Adds each row's bytes to {@code byClass}; returns the sum. */
  static long parseHistogram(String text, Map<String, Long> byClass) {
    Matcher m = ROW.matcher(text);
    long total = 0;
    while (m.find()) {
      long bytes = Long.parseLong(m.group(2));
      byClass.merge(m.group(3), bytes, Long::sum);
      total += bytes;
    }
    return total;
  }

  /** Entries of {@code /proc/self/fd} (the directory's own descriptor among them). */
  static long openDescriptors() {
    long n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path ignored : ds) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /** Initial heap equal to the maximum, and {@code -XX:+AlwaysPreTouch}. */
  static boolean heapFixed() {
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    boolean preTouch =
        ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch");
    return preTouch && heap.getInit() == heap.getMax();
  }

  /**
   * What grew between two points, per held connection.
   *
   * @param from the first point's held count
   * @param to the second's
   * @param fdsPerHeld descriptors per held
   * @param rssBytesPerHeld VmRSS growth per held
   * @param heapBytesPerHeld live heap growth per held
   * @param classes the classes whose live bytes grew by at least half a byte per held, with their
   *     bytes per held, largest first
   * @param heapFixed both points had a fixed, pre-touched heap
   */
  record Growth(
      long from,
      long to,
      double fdsPerHeld,
      double rssBytesPerHeld,
      double heapBytesPerHeld,
      List<Map.Entry<String, Double>> classes,
      boolean heapFixed) {}

  /** The growth from {@code a} to {@code b}, or null if they held the same count. */
  static @Nullable Growth growth(Point a, Point b) {
    long d = b.held() - a.held();
    if (d <= 0) {
      return null;
    }
    List<Map.Entry<String, Double>> classes = new ArrayList<>();
    for (Map.Entry<String, Long> e : b.byClass().entrySet()) {
      double per = (e.getValue() - a.byClass().getOrDefault(e.getKey(), 0L)) / (double) d;
      if (per >= 0.5) {
        classes.add(Map.entry(e.getKey(), per));
      }
    }
    classes.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    return new Growth(
        a.held(),
        b.held(),
        (b.fds() - a.fds()) / (double) d,
        (b.rssKb() - a.rssKb()) * 1024.0 / d,
        (b.heapBytes() - a.heapBytes()) / (double) d,
        List.copyOf(classes),
        a.heapFixed() && b.heapFixed());
  }

  /**
   * The limit an errno that stopped the hold stands for, or null for one that is no limit: EMFILE
   * the process's RLIMIT_NOFILE, ENFILE the system's file table, EADDRNOTAVAIL the ephemeral ports
   * of a source and destination pair, ENOBUFS and ENOMEM the kernel's memory.
   */
  static @Nullable String limit(@Nullable Errno errno, long nofile) {
    if (errno == null) {
      return null;
    }
    return switch (errno) {
      case EMFILE -> "EMFILE: the process's descriptor limit (RLIMIT_NOFILE " + nofile + ")";
      case ENFILE -> "ENFILE: the system's open file table (fs.file-max)";
      case EADDRNOTAVAIL ->
          "EADDRNOTAVAIL: the ephemeral ports of a source/destination pair"
              + " (net.ipv4.ip_local_port_range)";
      case ENOBUFS, ENOMEM -> errno.name() + ": the kernel's memory";
      default -> null;
    };
  }
}
