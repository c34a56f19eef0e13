package org.dial4j.interop.servers;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external server or command: standard input from /dev/null, standard output and error into a
 * log file (never a pipe, which nobody would drain), every wait bounded.
 */
final class ServerProcess {
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final int LOG_TAIL = 4000;
  private static final int POLL_MILLIS = 20;
  private static final int CONNECT_MILLIS = 200;

  private final Process process;
  private final Path log;

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code directory}, its output appended to {@code log}. */
  static ServerProcess start(List<String> command, Path directory, Path log) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectErrorStream(true)
            .start();
    return new ServerProcess(p, log);
  }

  /**
   * Runs {@code command} to its end, at most {@code bound}, and fails unless it exits with status
   * 0; its output goes to {@code log}.
   */
  static void check(List<String> command, Path directory, Path log, Duration bound)
      throws IOException {
    ServerProcess p = start(command, directory, log);
    if (!p.waitFor(bound)) {
      p.kill();
      throw new IOException(
          "timed out after " + bound.toSeconds() + " s running " + command + "\n" + p.logTail());
    }
    int status = p.process.exitValue();
    if (status != 0) {
      throw new IOException(command + " exited with status " + status + "\n" + p.logTail());
    }
  }

  /**
   * Waits (bounded) until {@code ready} holds: it is asked, then the process is waited for {@value
   * #POLL_MILLIS} ms (an end of the process fails the wait at once, with its log), and so on. No
   * sleep: the pause between two tries is a wait for the process's end.
   *
   * @throws IOException when the process ends first, or {@code bound} passes, naming {@code what}
   *     and the last failure of {@code ready}, with the log's tail
   */
  void await(String what, Duration bound, Probe ready) throws IOException {
    long end = System.nanoTime() + bound.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (ready.ready()) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        last = e;
      }
      if (waitFor(Duration.ofMillis(POLL_MILLIS))) {
        IOException ended =
            new IOException(what + " exited with status " + process.exitValue() + "\n" + logTail());
        if (last != null) {
          ended.addSuppressed(last);
        }
        throw ended;
      }
      if (System.nanoTime() - end >= 0) {
        IOException timedOut =
            new IOException(
                what + " was not ready within " + bound.toSeconds() + " s\n" + logTail());
        if (last != null) {
          timedOut.addSuppressed(last);
        }
        throw timedOut;
      }
    }
  }

  /**
   * Waits (bounded) until a TCP connect to {@code address} succeeds ({@link #await}, each connect
   * with a timeout of its own).
   */
  void awaitAccepting(String what, InetSocketAddress address, Duration bound) throws IOException {
    await(
        what + " on " + address,
        bound,
        () -> {
          try (Socket s = new Socket()) {
            s.connect(address, CONNECT_MILLIS);
            return true;
          }
        });
  }

  /** A readiness check: true when ready, false or an exception (kept for the message) if not. */
  @FunctionalInterface
  interface Probe {
    boolean ready() throws IOException;
  }

  /** The end of its log, for a failure's message. */
  String logTail() {
    try {
      String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      return "--- " + log + " ---\n" + text.substring(Math.max(0, text.length() - LOG_TAIL));
    } catch (IOException e) {
      return "<log " + log + " unreadable: " + e + ">";
    }
  }

  /**
   * Sends {@code signal} (a name {@code kill -s} knows, e.g. INT), then waits (bounded) for the
   * end; SIGKILL (it and its descendants) when it does not end in time.
   */
  void stop(String signal) {
    if (process.isAlive()) {
      try {
        new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(true)
            .start()
            .waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (IOException e) {
        process.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!waitFor(STOP_WAIT)) {
      kill();
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    waitFor(STOP_WAIT);
  }

  private boolean waitFor(Duration bound) {
    try {
      return process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Removes {@code dir} and everything under it (best effort: a leftover is only litter). */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // litter in the temporary directory; the test's outcome matters more
    }
  }
}
