package org.dial4j.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads dial4j's classes (the core's and the tests') in a child JVM before it does what it is for:
 * from a directory on the class path each class is a file to open, which a process at its
 * descriptor limit could not (the class would fail to load, not dial4j), and which would open
 * descriptors between two accountings of the reliability soak.
 */
public final class ClassPreload {
  private ClassPreload() {}

  /**
   * Loads (without initializing) every {@code org.dial4j} class of the class path's directories.
   */
  public static void dial4j() {
    ClassLoader loader = ClassPreload.class.getClassLoader();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      Path root = Path.of(entry);
      Path dir = root.resolve("org/dial4j");
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<String> names;
      try (Stream<Path> files = Files.walk(dir)) {
        names =
            files
                .map(p -> root.relativize(p).toString())
                .filter(n -> n.endsWith(".class") && !n.endsWith("-info.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
      for (String name : names) {
        try {
          Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // A test class whose libraries this child does not have: the soak does not use it.
        }
      }
    }
  }
}
