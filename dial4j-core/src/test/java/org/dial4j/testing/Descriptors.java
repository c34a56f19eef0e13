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
 * <p>Only sockets, pipes and anonymous inodes (epoll, eventfd, timerfd, ...) are considered: the
 * JVM opens and closes plain files and jars on its own (class loading, /proc reads such as this
 * one), and counting those would report leaks that are not the code under test's.
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
    SortedMap<Integer, String> open = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(FD_DIR)) {
      for (Path entry : entries) {
        String target;
        try {
          target = Files.readSymbolicLink(entry).toString();
        } catch (NoSuchFileException e) {
          // Closed between listing and reading, e.g. by another thread: it is not open.
          continue;
        }
        if (KINDS.stream().anyMatch(target::startsWith)) {
          open.put(Integer.parseInt(entry.getFileName().toString()), target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + FD_DIR, e);
    }
    return Collections.unmodifiableSortedMap(open);
  }

  /** How many socket descriptors this process has open right now. */
  public static int openSockets() {
    return (int) snapshot().values().stream().filter(t -> t.startsWith("socket:")).count();
  }
}
