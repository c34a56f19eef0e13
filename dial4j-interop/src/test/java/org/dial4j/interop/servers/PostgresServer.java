package org.dial4j.interop.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server for interop tests, Debian's {@code postgresql} package (which {@code
 * .ci/run} installs): a new cluster made by {@code initdb} in a temporary directory, {@code
 * postgres} started on 127.0.0.1 at a free port (its Unix socket in the cluster's directory, none
 * in /var/run), trust authentication for 127.0.0.1 and that socket only, fsync off. {@link
 * #close()} stops it (fast shutdown) and removes the directory.
 *
 * <p>PostgreSQL refuses to run as root, and the tests run as root here: then {@code initdb} and
 * {@code postgres} run as the {@code postgres} user (made by the package), through {@code setpriv}
 * (util-linux), which changes the real and effective ids and execs, so the process this class waits
 * for and signals is the server itself.
 */
public final class PostgresServer implements AutoCloseable {
  /** The superuser initdb makes, the one the tests connect as. */
  public static final String USER = "postgres";

  /** The database initdb makes. */
  public static final String DATABASE = "postgres";

  private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
  private static final String RUN_AS = "postgres";
  private static final Duration INITDB_BOUND = Duration.ofSeconds(60);
  private static final Duration START_BOUND = Duration.ofSeconds(30);
  private static final int START_TRIES = 3;

  private final Path base;
  private final ServerProcess process;
  private final InetSocketAddress address;

  private PostgresServer(Path base, ServerProcess process, InetSocketAddress address) {
    this.base = base;
    this.process = process;
    this.address = address;
  }

  /**
   * Empty when a server can be started here; else why not, for an assumption's message: the
   * binaries are missing (install Debian's {@code postgresql}), or the tests run as root and there
   * is no {@code postgres} user to run it as.
   */
  public static Optional<String> unavailable() {
    if (binaries().isEmpty()) {
      return Optional.of(
          "no PostgreSQL server binaries under "
              + VERSIONS
              + "/<version>/bin (Debian's postgresql package, which .ci/run installs)");
    }
    if (isRoot() && !userExists(RUN_AS)) {
      return Optional.of(
          "the tests run as root, which PostgreSQL refuses, and there is no '"
              + RUN_AS
              + "' user to run it as (Debian's postgresql package makes it)");
    }
    return Optional.empty();
  }

  /** Makes a cluster and starts the server; waits (bounded) until it accepts connections. */
  public static PostgresServer start() throws IOException {
    Path bin =
        binaries()
            .orElseThrow(() -> new IOException(unavailable().orElse("no PostgreSQL binaries")));
    Path base = Files.createTempDirectory("dial4j-pg-");
    try {
      // base: root's, readable by all (the postgres user must reach data/); the log is root's.
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path data = Files.createDirectory(base.resolve("data"));
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      if (isRoot()) {
        chown(data, RUN_AS);
      }
      Path log = base.resolve("postgres.log");
      Files.createFile(log);
      List<String> initdb = asServerUser(bin.resolve("initdb").toString());
      initdb.addAll(
          List.of(
              "-D",
              data.toString(),
              "-U",
              USER,
              "--auth=trust",
              "--encoding=UTF8",
              "--locale=C",
              "--no-sync",
              "--no-instructions"));
      ServerProcess.check(initdb, base, log, INITDB_BOUND);
      // Trust for the cluster's own socket and 127.0.0.1, nothing else (initdb's file also
      // trusts ::1 and replication).
      Files.writeString(
          data.resolve("pg_hba.conf"),
          """
          # dial4j interop tests: trust on loopback only
          local all all trust
          host  all all 127.0.0.1/32 trust
          """,
          StandardCharsets.UTF_8);
      IOException last = null;
      for (int i = 0; i < START_TRIES; i++) {
        try {
          return startOn(bin, base, data, log, Loopback.freePort());
        } catch (PortTaken e) {
          last = e; // another process took the port between its check and the bind: another one
        }
      }
      throw java.util.Objects.requireNonNull(last);
    } catch (IOException | RuntimeException | Error e) {
      ServerProcess.deleteTree(base);
      throw e;
    }
  }

  private static PostgresServer startOn(Path bin, Path base, Path data, Path log, int port)
      throws IOException {
    List<String> cmd = asServerUser(bin.resolve("postgres").toString());
    cmd.addAll(
        List.of(
            "-D",
            data.toString(),
            "-k",
            data.toString(),
            "-h",
            Loopback.IPV4.getHostAddress(),
            "-p",
            Integer.toString(port),
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=20",
            "-c",
            "shared_buffers=16MB",
            "-c",
            "logging_collector=off"));
    long logStart = Files.size(log);
    ServerProcess p = ServerProcess.start(cmd, base, log);
    InetSocketAddress address = new InetSocketAddress(Loopback.IPV4, port);
    PostgresServer server = new PostgresServer(base, p, address);
    try {
      // Ready: the postmaster says so in postmaster.pid (its 8th line, PM_STATUS_READY, written
      // once it accepts connections, after recovery), and a TCP connect succeeds.
      p.await("postgres on " + address, START_BOUND, () -> server.pidFileSaysReady());
      p.awaitAccepting("postgres", address, START_BOUND);
    } catch (IOException e) {
      p.stop("KILL");
      String text = Files.readString(log, StandardCharsets.UTF_8);
      if (text.substring((int) Math.min(logStart, text.length()))
          .contains("Address already in use")) {
        throw new PortTaken(e);
      }
      throw e;
    }
    return server;
  }

  private boolean pidFileSaysReady() throws IOException {
    Path pid = base.resolve("data").resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return false;
    }
    List<String> lines = Files.readAllLines(pid, StandardCharsets.UTF_8);
    return lines.size() >= 8 && lines.get(7).strip().equals("ready");
  }

  /** Where it listens: 127.0.0.1 and its port. */
  public InetSocketAddress address() {
    return address;
  }

  /** A pgjdbc URL for {@link #DATABASE} on {@link #address()}, with {@code params} appended. */
  public String jdbcUrl(String params) {
    String url =
        "jdbc:postgresql://"
            + address.getAddress().getHostAddress()
            + ":"
            + address.getPort()
            + "/"
            + DATABASE
            + "?user="
            + USER;
    return params.isEmpty() ? url : url + "&" + params;
  }

  /** The server's log so far (its tail), for a failing assertion's message. */
  public String logTail() {
    return process.logTail();
  }

  /** Fast shutdown (SIGINT: clients disconnected, no wait for them), then the directory removed. */
  @Override
  public void close() {
    try {
      process.stop("INT");
    } finally {
      ServerProcess.deleteTree(base);
    }
  }

  /** The server binaries of the newest PostgreSQL installed, if any. */
  private static Optional<Path> binaries() {
    if (!Files.isDirectory(VERSIONS)) {
      return Optional.empty();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(VERSIONS)) {
      for (Path v : versions) {
        Path bin = v.resolve("bin");
        if (Files.isExecutable(bin.resolve("postgres"))
            && Files.isExecutable(bin.resolve("initdb"))
            && v.getFileName().toString().matches("\\d+")) {
          found.add(bin);
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return found.stream()
        .max(
            Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString())));
  }

  private static List<String> asServerUser(String program) {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(
          List.of("setpriv", "--reuid=" + RUN_AS, "--regid=" + RUN_AS, "--clear-groups", "--"));
    }
    cmd.add(program);
    return cmd;
  }

  /** Whether the JVM runs as root: /proc/self belongs to the process's effective uid. */
  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean userExists(String name) {
    try {
      Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void chown(Path path, String user) throws IOException {
    UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName(user));
    GroupPrincipal group = users.lookupPrincipalByGroupName(user);
    view.setGroup(group);
  }

  /** The server could not bind its port: another one is tried. */
  private static final class PortTaken extends IOException {
    private static final long serialVersionUID = 1L;

    PortTaken(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
