package org.dial4j.interop.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Redis server for interop tests, Debian's {@code redis-server} (which {@code .ci/run}
 * installs): on 127.0.0.1 at a free port, in the foreground, with no persistence (no RDB snapshots,
 * no append-only file) and a temporary working directory. Ready when it answers {@code PING} with
 * {@code +PONG}. {@link #close()} stops it (SIGTERM) and removes the directory.
 */
public final class RedisServer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/redis-server");
  private static final Duration START_BOUND = Duration.ofSeconds(20);
  private static final int START_TRIES = 3;
  private static final int READ_MILLIS = 500;

  private final Path dir;
  private final ServerProcess process;
  private final InetSocketAddress address;

  private RedisServer(Path dir, ServerProcess process, InetSocketAddress address) {
    this.dir = dir;
    this.process = process;
    this.address = address;
  }

  /** Empty when redis-server is installed; else why not, for an assumption's message. */
  public static Optional<String> unavailable() {
    return Files.isExecutable(BINARY)
        ? Optional.empty()
        : Optional.of("no " + BINARY + " (Debian's redis-server package, which .ci/run installs)");
  }

  /** Starts the server; waits (bounded) until it answers PING. */
  public static RedisServer start() throws IOException {
    Path dir = Files.createTempDirectory("dial4j-redis-");
    try {
      Path log = dir.resolve("redis.log");
      Files.createFile(log);
      IOException last = null;
      for (int i = 0; i < START_TRIES; i++) {
        int port = Loopback.freePort();
        List<String> cmd =
            List.of(
                BINARY.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                Loopback.IPV4.getHostAddress(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                dir.toString());
        ServerProcess p = ServerProcess.start(cmd, dir, log);
        InetSocketAddress address = new InetSocketAddress(Loopback.IPV4, port);
        try {
          p.await("redis-server on " + address, START_BOUND, () -> pong(address));
          return new RedisServer(dir, p, address);
        } catch (IOException e) {
          p.stop("KILL");
          last = e; // most likely the port was taken meanwhile: another one
        }
      }
      throw java.util.Objects.requireNonNull(last);
    } catch (IOException | RuntimeException | Error e) {
      ServerProcess.deleteTree(dir);
      throw e;
    }
  }

  /** Sends an inline PING; true when the answer is +PONG. */
  private static boolean pong(InetSocketAddress address) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(address, READ_MILLIS);
      s.setSoTimeout(READ_MILLIS);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] answer = in.readNBytes(7);
      return new String(answer, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    }
  }

  /** Where it listens: 127.0.0.1 and its port. */
  public InetSocketAddress address() {
    return address;
  }

  /** The server's log so far (its tail), for a failing assertion's message. */
  public String logTail() {
    return process.logTail();
  }

  /** Stops it (SIGTERM; nothing to save) and removes its directory. */
  @Override
  public void close() {
    try {
      process.stop("TERM");
    } finally {
      ServerProcess.deleteTree(dir);
    }
  }
}
