package org.dial4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This process's open descriptors of the kinds a network library can leak, read from /proc/self/fd.
 *
 * <p>{@link #snapshot()}, the leak check's, considers only sockets, pipes and anonymous inodes
 * (epoll, eventfd, timerfd, ...): the JVM opens and closes plain files and jars on its own (class
 * loading, /proc reads such as this one), and counting those would report leaks that are not the
 * code under test's. {@link #byKind()} and {@link #files()} count every descriptor, for a process
 * that opens no file on its own between two counts (the reliability soak's child JVMs).
 */
public final class Descriptors {
  /** Link target prefixes of the descriptors that {@link #snapshot()} reports. */
  public static final List<String> KINDS = List.of("socket:", "pipe:", "anon_inode:");

  private static final Path FD_DIR = Path.of("/proc/self/fd");

  private Descriptors() {}

  /**
   * The open socket, pipe and anon_inode descriptors, by number, with their link targets such as
   * {@code socket:[123456]} (the number in brackets is the inode, unique while it is open).
   */
  public static SortedMap<Integer, String> snapshot() {
    SortedMap<Integer, String> open = all();
    open.values().removeIf(target -> KINDS.stream().noneMatch(target::startsWith));
    return Collections.unmodifiableSortedMap(open);
  }

  /**
   * Every open descriptor counted by kind: {@code socket}, {@code pipe}, each anonymous inode by
   * its name ({@code anon_inode:[eventpoll]}, {@code anon_inode:[eventfd]}, ...), and {@code file}
   * for the rest (regular files, directories, devices).
   */
  public static SortedMap<String, Integer> byKind() {
    SortedMap<String, Integer> kinds = new TreeMap<>();
    all().values().forEach(target -> kinds.merge(kind(target), 1, Integer::sum));
    return Collections.unmodifiableSortedMap(kinds);
  }

  /** The link targets of the descriptors {@link #byKind()} counts as {@code file}, sorted. */
  public static List<String> files() {
    return all().values().stream().filter(t -> kind(t).equals("file")).sorted().toList();
  }

  /** The kind {@link #byKind()} counts a link target as. */
  static String kind(String target) {
    if (target.startsWith("socket:")) {
      return "socket";
    }
    if (target.startsWith("pipe:")) {
      return "pipe";
    }
    if (target.startsWith("anon_inode:")) {
      return target;
    }
    return "file";
  }

  /**
   * Every open descriptor by number with its link target, but the one this reads the directory
   * through (a link to /proc/PID/fd).
   */
  private static SortedMap<Integer, String> all() {
    SortedMap<Integer, String> open = new TreeMap<>();
    String self = "/proc/" + ProcessHandle.current().pid() + "/fd";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(FD_DIR)) {
      for (Path entry : entries) {
        String target;
        try {
          target = Files.readSymbolicLink(entry).toString();
        } catch (NoSuchFileException e) {
          // Closed between listing and reading, e.g. by another thread: it is not open.
          continue;
        }
        if (!target.equals(self)) {
          open.put(Integer.parseInt(entry.getFileName().toString()), target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + FD_DIR, e);
    }
    return open;
  }

  /** How many socket descriptors this process has open right now. */
  public static int openSockets() {
    return (int) snapshot().values().stream().filter(t -> t.startsWith("socket:")).count();
  }
}
