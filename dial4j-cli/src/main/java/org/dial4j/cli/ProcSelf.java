package org.dial4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What cconnect reports about its own process, read from Linux's {@code /proc/self}: CPU time
 * ({@code stat}), resident memory ({@code status}) and the descriptor limit ({@code limits}). Each
 * figure covers the whole JVM (GC and JIT threads included), as {@code getrusage(RUSAGE_SELF)}
 * covers all of cconnect's threads.
 *
 * <p>{@code stat} and {@code status} are opened once and re-read from offset 0, as cconnect's
 * {@code status_kb} does, so that the figures can still be read once the run has used up every
 * descriptor the process may have (EMFILE).
 */
final class ProcSelf implements AutoCloseable {
  /**
   * The unit of {@code utime} and {@code stime} in {@code /proc/self/stat}: USER_HZ, which Linux
   * fixes at 100 for user space whatever the kernel's own HZ ({@code getconf CLK_TCK} says 100 on
   * this machine; only alpha and ia64 differ). Java cannot call {@code sysconf} without native
   * access, which this module does not have.
   */
  static final int CLOCK_TICKS_PER_SECOND = 100;

  private final FileChannel stat;
  private final FileChannel status;

  /** /proc files report size 0 and are short; 16 KiB holds either. */
  private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024);

  private ProcSelf(FileChannel stat, FileChannel status) {
    this.stat = stat;
    this.status = status;
  }

  /** Opens {@code /proc/self/stat} and {@code /proc/self/status} for repeated reading. */
  static ProcSelf open() throws IOException {
    FileChannel stat = FileChannel.open(Path.of("/proc/self/stat"));
    try {
      return new ProcSelf(stat, FileChannel.open(Path.of("/proc/self/status")));
    } catch (IOException e) {
      stat.close();
      throw e;
    }
  }

  /** User and system CPU seconds of this process. */
  record Cpu(double userSeconds, double systemSeconds) {}

  /** This process's CPU time so far. */
  Cpu cpu() {
    return cpuFromStat(reread(stat));
  }

  /**
   * Fields 14 ({@code utime}) and 15 ({@code stime}) of a {@code /proc/PID/stat} line, counted
   * after the last {@code ')'} because field 2, the command name in parentheses, may itself hold
   * spaces and parentheses.
   */
  static Cpu cpuFromStat(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
    // f[0] is field 3 (state), so field N is f[N - 3].
    return new Cpu(
        Long.parseLong(f[14 - 3]) / (double) CLOCK_TICKS_PER_SECOND,
        Long.parseLong(f[15 - 3]) / (double) CLOCK_TICKS_PER_SECOND);
  }

  /** {@code VmRSS} (now) or {@code VmHWM} (peak) of {@code /proc/self/status} in KiB, or -1. */
  long statusKb(String key) {
    return statusKb(reread(status), key);
  }

  /** The value of the line {@code key} ({@code "VmRSS:"}) in KiB, or -1 as cconnect gives. */
  static long statusKb(String status, String key) {
    for (String line : status.split("\n", -1)) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.substring(key.length()).trim().split("\\s+", -1)[0]);
      }
    }
    return -1;
  }

  private String reread(FileChannel ch) {
    buf.clear();
    try {
      // Positional reads from offset 0, until end of file or a full buffer.
      while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {}
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    try (stat;
        status) {
      // closes both, the first failure thrown
    }
  }
}
