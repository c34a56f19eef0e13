package org.dial4j.internal.dnsconf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.dial4j.MonotonicClock;
import org.jspecify.annotations.Nullable;

/**
 * A configuration file's current value, re-read when the file changes, cheap enough to ask on every
 * lookup: at most once per interval it compares the file's {@link FileStamp} (size, inode, times,
 * as glibc 2.26 and later do on every call, io/file_change_detection.c) with the one it read, and
 * reads and parses again only if they differ. Between checks it answers from memory without a
 * system call. Thread-safe: one thread re-reads while the others keep the value they had.
 *
 * <p>A missing file is a valid state: the parser gets null and makes its defaults, and a file
 * created later is read at the next check. So is a file glibc may not open ({@code EACCES}, {@code
 * EPERM}, ...: {@link ConfFile}): glibc reads such a resolv.conf as no file, with its defaults, not
 * as the last good version, and so does this. A parse that throws (an {@code nsswitch.conf} glibc
 * refuses) is remembered with its stamp and thrown again to every caller until the file changes.
 * Any other failure to read ({@code EISDIR}, {@code EIO}: glibc's load fails and its lookups with
 * it) is thrown, no value kept, and tried again at the next check.
 *
 * @param <T> the parsed value
 */
public final class WatchedFile<T> {
  /** Makes the value from the file's text; null for a file glibc would not open (missing, ...). */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * The value of one version of the file.
     *
     * @param text the text, or null where glibc reads no file
     * @return the value
     */
    T parse(@Nullable String text) throws IOException;
  }

  /**
   * The default least time between two checks: 5 seconds, as Go's resolver re-checks resolv.conf
   * and nsswitch.conf (src/net/dnsclient_unix.go and src/net/nss.go, {@code tryUpdate}); glibc
   * checks on every call.
   */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /**
   * What was read: a value or a failure, the stamp it was read at, when it was checked, and whether
   * the value is kept for good.
   */
  private record Reading<T>(
      @Nullable T value,
      @Nullable Exception failure,
      @Nullable FileStamp stamp,
      long checkedAt,
      boolean frozen) {}

  private final Path path;
  private final Parser<T> parser;
  private final long intervalNanos;
  private final MonotonicClock clock;
  private final Predicate<? super T> frozen;
  private final ReentrantLock reload = new ReentrantLock();
  private volatile @Nullable Reading<T> current;

  private WatchedFile(
      Path path,
      Parser<T> parser,
      Duration interval,
      MonotonicClock clock,
      Predicate<? super T> frozen) {
    this.path = Objects.requireNonNull(path, "path");
    this.frozen = Objects.requireNonNull(frozen, "frozen");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.intervalNanos = interval.toNanos();
    this.clock = Objects.requireNonNull(clock, "clock");
    if (intervalNanos < 0) {
      throw new IllegalArgumentException("a negative interval: " + interval);
    }
  }

  /**
   * A watched file, read on the first {@link #get()}.
   *
   * @param path the file
   * @param parser what makes the value of its text
   * @param interval the least time between two checks; zero checks on every call, as glibc does
   * @param clock the clock the interval is measured on
   */
  public static <T> WatchedFile<T> of(
      Path path, Parser<T> parser, Duration interval, MonotonicClock clock) {
    return new WatchedFile<>(path, parser, interval, clock, value -> false);
  }

  /**
   * A watched file that stops watching once a value says so: glibc's {@code no-reload} option
   * (RES_NORELOAD; resolv_context.c then keeps the configuration it has), which Go honours too.
   *
   * @param path the file
   * @param parser what makes the value of its text
   * @param interval the least time between two checks
   * @param clock the clock the interval is measured on
   * @param frozen true for a value to keep for good, the file never checked again
   */
  public static <T> WatchedFile<T> of(
      Path path,
      Parser<T> parser,
      Duration interval,
      MonotonicClock clock,
      Predicate<? super T> frozen) {
    return new WatchedFile<>(path, parser, interval, clock, frozen);
  }

  /**
   * A watched file checked at most every {@link #DEFAULT_INTERVAL}, read on the first {@link
   * #get()}.
   *
   * @param path the file
   * @param parser what makes the value of its text
   * @param clock the clock the interval is measured on
   */
  public static <T> WatchedFile<T> of(Path path, Parser<T> parser, MonotonicClock clock) {
    return new WatchedFile<>(path, parser, DEFAULT_INTERVAL, clock, value -> false);
  }

  /** The file this watches. */
  public Path path() {
    return path;
  }

  /**
   * The value of the file as last read; reads it again first if the interval has passed since the
   * last check and the file changed since the last read.
   *
   * @throws IOException a {@code ResolveException} if the file could not be read (or what the
   *     parser threw)
   * @throws RuntimeException what the parser threw for this version of the file (an {@code
   *     InvalidArgumentException} for text glibc refuses)
   */
  public T get() throws IOException {
    Reading<T> r = current;
    long now = clock.nanoTime();
    if (r == null || (now - r.checkedAt() >= intervalNanos && !r.frozen())) {
      r = refresh(now);
    }
    return answer(r);
  }

  private Reading<T> refresh(long now) throws IOException {
    reload.lock();
    try {
      Reading<T> r = current;
      if (r != null && (now - r.checkedAt() < intervalNanos || r.frozen())) {
        return r; // another thread checked meanwhile
      }
      FileStamp before;
      try {
        before = FileStamp.of(path);
      } catch (IOException e) {
        r = new Reading<>(null, e, null, now, false);
        current = r;
        return r;
      }
      FileStamp read = r == null ? null : r.stamp();
      if (r != null && read != null && read.sameAs(before)) {
        r = new Reading<>(r.value(), r.failure(), read, now, false);
      } else {
        r = read(before, now);
      }
      current = r;
      return r;
    } finally {
      reload.unlock();
    }
  }

  /** Reads and parses; if the file changed while it was read, the next check reads it again. */
  private Reading<T> read(FileStamp before, long now) {
    T value;
    try {
      value = parser.parse(ConfFile.read(path));
    } catch (IOException e) {
      return new Reading<>(
          null, e, null, now, false); // not remembered: tried again at the next check
    } catch (RuntimeException e) {
      return new Reading<>(null, e, stableStamp(before), now, false);
    }
    return new Reading<>(value, null, stableStamp(before), now, frozen.test(value));
  }

  /**
   * The stamp a reading keeps: the one before it, or NEVER if the file changed while it was read.
   */
  private FileStamp stableStamp(FileStamp before) {
    try {
      return before.sameAs(FileStamp.of(path)) ? before : FileStamp.NEVER;
    } catch (IOException e) {
      return FileStamp.NEVER;
    }
  }

  private T answer(Reading<T> r) throws IOException {
    Exception failure = r.failure();
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    return Objects.requireNonNull(r.value(), "a reading holds a value or a failure");
  }
}
