package org.dial4j.bench.jmh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/c/acceptd -a 127.0.0.1-8 --close} as a child process: the connect benchmarks' peer,
 * outside the JVM so that its accepts allocate nothing JMH's GC profiler counts. Its path is the
 * system property {@code dial4j.bench.acceptd} (default {@code bench/c/acceptd}, from the
 * repository root, where {@code bench/jmh} runs; {@code make -C bench/c} builds it).
 */
final class AcceptServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private AcceptServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts acceptd and reads its port, the first line it prints. */
  static AcceptServer start() throws IOException {
    Path acceptd = Path.of(System.getProperty("dial4j.bench.acceptd", "bench/c/acceptd"));
    if (!Files.isExecutable(acceptd)) {
      throw new IOException(
          acceptd.toAbsolutePath()
              + " is missing: run make -C bench/c, or set -Ddial4j.bench.acceptd=PATH");
    }
    Process p =
        new ProcessBuilder(acceptd.toString(), "-a", "127.0.0.1-8", "--close")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line = out.readLine();
    if (line == null || !line.matches("[0-9]{1,5}")) {
      p.destroyForcibly();
      throw new IOException("acceptd printed no port but '" + line + "'");
    }
    return new AcceptServer(p, Integer.parseInt(line));
  }

  /** The port acceptd listens on, on 127.0.0.1 to 127.0.0.8. */
  int port() {
    return port;
  }

  /** SIGTERM, then a bounded wait; SIGKILL if it has not ended. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
