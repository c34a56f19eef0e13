package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.googlejavaformat.java.Formatter;
import com.google.googlejavaformat.java.FormatterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The formatter gate: every Java file of the repository (every module, main and test) is as
 * google-java-format writes it, imports ordered and none unused. One style, checked by the build
 * that runs the tests, with the formatter the Java community keeps (a library, not rules written
 * here). The formatter runs on the JDK of the tests (25), since it parses with javac's own classes:
 * a Maven plugin would run it on Maven's JDK, which cannot parse this code.
 *
 * <p>To format the tree: {@code mvn -B test -pl dial4j-core -Dtest=FormatTest
 * -Ddial4j.format=apply}; then this test rewrites the files instead of failing.
 */
class FormatTest {
  /** The repository's root: the tests run in dial4j-core/. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  @DisplayName("Every Java file is as google-java-format writes it (imports ordered, none unused)")
  void everyFileIsFormatted() throws IOException {
    boolean apply = "apply".equals(System.getProperty("dial4j.format"));
    Formatter formatter = new Formatter();
    List<String> unformatted = new ArrayList<>();
    List<Path> files = javaFiles();
    assertThat(files).as("the sources were found under %s", ROOT).hasSizeGreaterThan(100);
    for (Path file : files) {
      String source = Files.readString(file, StandardCharsets.UTF_8);
      String formatted;
      try {
        formatted = formatter.formatSourceAndFixImports(source);
      } catch (FormatterException e) {
        throw new AssertionError(ROOT.relativize(file) + ": " + e.getMessage(), e);
      }
      if (!formatted.equals(source)) {
        if (apply) {
          Files.writeString(file, formatted, StandardCharsets.UTF_8);
        } else {
          unformatted.add(ROOT.relativize(file).toString());
        }
      }
    }
    assertThat(unformatted)
        .as("files google-java-format would change (apply with -Ddial4j.format=apply)")
        .isEmpty();
  }

  private static List<Path> javaFiles() {
    List<Path> files = new ArrayList<>();
    for (String module :
        List.of("dial4j-core", "dial4j-cli", "dial4j-netty", "dial4j-interop", "dial4j-bench")) {
      Path src = ROOT.resolve(module).resolve("src");
      try (Stream<Path> walk = Files.walk(src)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
