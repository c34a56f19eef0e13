package org.dial4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of the {@code dial4j} command in this JVM, through {@link Main#run}, with what it
 * printed.
 *
 * @param status the exit status
 * @param out what went to standard output
 * @param err what went to standard error
 */
record Dial4jRun(int status, String out, String err) {

  static Dial4jRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(o, e, args);
    }
    return new Dial4jRun(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
