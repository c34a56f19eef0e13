package org.dial4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This process's open sockets, pipes and anon_inode descriptors (epoll, eventfd), from
 * /proc/self/fd: what a storm must give back. Plain files are left out, because the JVM opens and
 * closes those on its own (jars, /proc reads).
 */
final class Descriptors {
  private Descriptors() {}

  /** Those descriptors by number, with link targets such as {@code socket:[123456]}. */
  static SortedMap<Integer, String> snapshot() {
    SortedMap<Integer, String> open = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path entry : entries) {
        String target;
        try {
          target = Files.readSymbolicLink(entry).toString();
        } catch (NoSuchFileException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("socket:")
            || target.startsWith("pipe:")
            || target.startsWith("anon_inode:")) {
          open.put(Integer.parseInt(entry.getFileName().toString()), target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return open;
  }

  /** How many of them are sockets. */
  static long sockets() {
    return snapshot().values().stream().filter(t -> t.startsWith("socket:")).count();
  }
}
