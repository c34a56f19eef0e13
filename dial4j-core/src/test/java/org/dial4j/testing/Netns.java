package org.dial4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace that a test creates and removes, with its loopback up and nothing else: no
 * interface leads out, so whatever a test does inside cannot reach a real network.
 *
 * <p>Code runs inside it through {@link #call}: Linux keeps the network namespace per thread and a
 * socket keeps the namespace it was created in, so sockets created in the body belong to the
 * namespace even when other threads use them later. Typical use:
 *
 * <pre>{@code
 * assumeTrue(Netns.available(), Netns.unavailableReason());
 * try (Netns ns = Netns.create("d4j")) {
 *   ns.route("add", "unreachable", "203.0.113.0/24");
 *   int errno = ns.call(() -> connectAndReturnErrno(...));
 * }
 * }</pre>
 */
public final class Netns implements AutoCloseable {
  private static final Duration CALL_BOUND = Duration.ofSeconds(60);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final long PID = ProcessHandle.current().pid();

  /** Null until the probe ran; then the empty string when namespaces work, else the reason. */
  private static String unavailable;

  private final String name;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Netns(String name) {
    this.name = name;
  }

  /**
   * Creates the namespace {@code prefix-<pid>-<n>} and brings its loopback up.
   *
   * <p>The pid and counter keep names unique across concurrent test JVMs and within one, and let a
   * leftover namespace be traced to the run that made it.
   *
   * @throws AssertionError when {@code ip} fails; nothing is left behind in that case
   */
  public static Netns create(String prefix) {
    Netns ns = new Netns(prefix + "-" + PID + "-" + COUNTER.incrementAndGet());
    ProcessRunner.check(ipCommand(), "netns", "add", ns.name);
    try {
      ns.ip("link", "set", "lo", "up");
    } catch (RuntimeException | Error e) {
      try {
        ns.close();
      } catch (RuntimeException | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return ns;
  }

  /**
   * Whether this process can create network namespaces and join them: it runs as root, finds {@code
   * ip}, and a probe namespace can be added, joined and deleted. Probed once and cached.
   */
  public static boolean available() {
    return probe().isEmpty();
  }

  /**
   * Why {@link #available()} is false, for {@code assumeTrue(Netns.available(),
   * Netns.unavailableReason())}; a short confirmation when it is true.
   */
  public static String unavailableReason() {
    String reason = probe();
    return reason.isEmpty() ? "network namespaces are available" : reason;
  }

  private static synchronized String probe() {
    if (unavailable == null) {
      unavailable = computeUnavailable();
    }
    return unavailable;
  }

  private static String computeUnavailable() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (!Integer.valueOf(0).equals(uid)) {
        return "network namespaces need root; running as uid " + uid;
      }
    } catch (IOException | UnsupportedOperationException e) {
      return "cannot tell the effective uid (not Linux?): " + e;
    }
    if (findIp() == null) {
      return "no ip command (iproute2) in /usr/sbin or on PATH";
    }
    try (Netns probe = create("d4j-probe")) {
      // Joining matters as much as creating: a container may allow one and not the other.
      probe.call(() -> null);
      return "";
    } catch (RuntimeException | AssertionError e) {
      return "cannot create and join a network namespace: " + e.getMessage();
    }
  }

  /** The absolute path of {@code ip}. */
  static String ipCommand() {
    String ip = findIp();
    if (ip == null) {
      throw new AssertionError("no ip command (iproute2) in /usr/sbin or on PATH");
    }
    return ip;
  }

  /** The absolute path of {@code ip}, preferring /usr/sbin/ip, or null when there is none. */
  private static String findIp() {
    return findTool("ip");
  }

  /**
   * The absolute path of the system tool {@code name} (ip, nft, iptables, ...), looked for in
   * /usr/sbin and /sbin first (root's tools, which a test JVM's PATH may lack), then on PATH; null
   * when there is none.
   */
  static String findTool(String name) {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("/usr/sbin", name));
    candidates.add(Path.of("/sbin", name));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":", -1)) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  /** The namespace's name, as {@code ip netns list} shows it. */
  public String name() {
    return name;
  }

  /**
   * Runs {@code ip -n NAME args...} and fails unless it succeeds.
   *
   * @throws AssertionError with the command and its output when it fails
   */
  public ProcessRunner.Result ip(String... args) {
    List<String> command = new ArrayList<>(List.of(ipCommand(), "-n", name));
    command.addAll(List.of(args));
    return ProcessRunner.check(ProcessRunner.DEFAULT_TIMEOUT, command);
  }

  /**
   * Runs {@code ip -n NAME -batch -} with {@code commands}, one {@code ip} command a line without
   * the leading {@code ip} (e.g. {@code addr add 198.18.0.3/24 dev d4jv2b}), in one process, and
   * fails unless every line succeeds.
   *
   * @throws AssertionError with the failing line's message otherwise
   */
  public ProcessRunner.Result ipBatch(List<String> commands) {
    List<String> command = List.of(ipCommand(), "-n", name, "-batch", "-");
    ProcessRunner.Result r =
        ProcessRunner.run(
            ProcessRunner.DEFAULT_TIMEOUT, command, String.join("\n", commands) + "\n");
    if (r.exitCode() != 0) {
      throw new AssertionError(
          "ip -n " + name + " -batch failed with " + r.exitCode() + ":\n" + r.output());
    }
    return r;
  }

  /**
   * Runs {@code ip -n NAME route args...}, e.g. {@code route("add", "unreachable",
   * "203.0.113.0/24")}, and fails unless it succeeds.
   */
  public ProcessRunner.Result route(String... args) {
    List<String> command = new ArrayList<>(List.of("route"));
    command.addAll(List.of(args));
    return ip(command.toArray(String[]::new));
  }

  /**
   * Runs {@code command} in the namespace with {@code ip netns exec NAME command...}, returning its
   * result whatever the exit status.
   */
  public ProcessRunner.Result exec(String... command) {
    List<String> commandLine = new ArrayList<>(List.of(ipCommand(), "netns", "exec", name));
    commandLine.addAll(List.of(command));
    return ProcessRunner.run(ProcessRunner.DEFAULT_TIMEOUT, commandLine);
  }

  /**
   * Runs {@code command} in the namespace with {@code ip netns exec NAME command...}, waiting at
   * most {@code timeout}, and returns its result whatever the exit status. The command sees the
   * files {@link #etc} wrote in place of /etc's own.
   *
   * @throws AssertionError when it does not finish in time (it is killed) or cannot start
   */
  public ProcessRunner.Result exec(Duration timeout, List<String> command) {
    List<String> commandLine = new ArrayList<>(List.of(ipCommand(), "netns", "exec", name));
    commandLine.addAll(command);
    return ProcessRunner.run(timeout, commandLine);
  }

  /**
   * Like {@link #exec(Duration, List)}, the command reading {@code input} on its standard input.
   */
  public ProcessRunner.Result exec(Duration timeout, List<String> command, String input) {
    List<String> commandLine = new ArrayList<>(List.of(ipCommand(), "netns", "exec", name));
    commandLine.addAll(command);
    return ProcessRunner.run(timeout, commandLine, input);
  }

  /**
   * Writes {@code content} to /etc/netns/NAME/{@code file}, which {@code ip netns exec} (so {@link
   * #exec}) bind-mounts over /etc/{@code file} for the command it runs: a {@code resolv.conf}
   * naming a DNS server on this namespace's loopback, a {@code hosts} of the test's own. {@link
   * #close} removes the directory. Threads in {@link #call} do not see them (no mount namespace).
   */
  public void etc(String file, String content) {
    if (file.contains("/") || file.startsWith(".")) {
      throw new IllegalArgumentException("not a file name in /etc: " + file);
    }
    try {
      Path dir = Files.createDirectories(etcDir());
      Files.writeString(dir.resolve(file), content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write /etc/netns/" + name + "/" + file, e);
    }
  }

  private Path etcDir() {
    return Path.of("/etc/netns", name);
  }

  /**
   * Sets the sysctl {@code key} to {@code value} in this namespace only, e.g. {@code
   * sysctl("net.ipv4.ip_local_port_range", "40000 40003")}, and fails unless it succeeds.
   */
  public void sysctl(String key, String value) {
    ProcessRunner.Result result = exec("sysctl", "-qw", key + "=" + value);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "sysctl "
              + key
              + "="
              + value
              + " in "
              + name
              + " failed with "
              + result.exitCode()
              + ":\n"
              + result.output());
    }
  }

  /**
   * Links this namespace to {@code peer} with a veth pair, gives the ends the addresses {@code
   * localCidr} (here) and {@code peerCidr} (in peer), e.g. "198.18.0.1/30" and "198.18.0.2/30", and
   * brings both up. The pair lives only between the two namespaces, never in the root one, and
   * disappears with either namespace.
   *
   * @return the interface names, this namespace's end first
   */
  public List<String> addVethPair(Netns peer, String localCidr, String peerCidr) {
    // Interface names are limited to 15 bytes; the counter keeps them unique in the process.
    int n = COUNTER.incrementAndGet();
    String local = "d4jv" + n + "a";
    String remote = "d4jv" + n + "b";
    ip("link", "add", local, "type", "veth", "peer", "name", remote, "netns", peer.name);
    ip("addr", "add", localCidr, "dev", local);
    ip("link", "set", local, "up");
    peer.ip("addr", "add", peerCidr, "dev", remote);
    peer.ip("link", "set", remote, "up");
    return List.of(local, remote);
  }

  /**
   * Runs {@code body} inside this namespace and returns its result.
   *
   * <p>The body runs on a new platform thread that opens its current namespace
   * (/proc/thread-self/ns/net) and this one (/run/netns/NAME), joins this one with {@code setns(fd,
   * CLONE_NEWNET)}, runs the body, joins the original one again and closes both descriptors. Only
   * the dedicated thread is inside: threads the body starts, virtual threads and executors run in
   * whatever namespace their own thread has, so sockets must be created on the body's thread itself
   * (they can be used anywhere afterwards).
   *
   * @throws IllegalStateException naming the errno when opening or joining a namespace fails
   * @throws java.util.concurrent.CompletionException wrapping a checked exception of the body;
   *     unchecked ones and errors are rethrown as they are
   * @throws AssertionError when the body does not finish within 60 s
   */
  public <T> T call(Callable<T> body) {
    if (closed.get()) {
      throw new IllegalStateException("namespace " + name + " is closed");
    }
    return DedicatedThread.call("netns-" + name, CALL_BOUND, () -> inNamespace(body));
  }

  private <T> T inNamespace(Callable<T> body) throws Exception {
    // Opened before joining: afterwards /proc/thread-self/ns/net would be the new namespace.
    int original = Libc.openReadOnly("/proc/thread-self/ns/net");
    try {
      int target = Libc.openReadOnly("/run/netns/" + name);
      try {
        join(target, "join namespace " + name);
        T value;
        try {
          value = body.call();
        } catch (Throwable e) {
          try {
            join(original, "return from namespace " + name);
          } catch (IllegalStateException restore) {
            e.addSuppressed(restore);
          }
          throw e;
        }
        join(original, "return from namespace " + name);
        return value;
      } finally {
        Libc.close(target);
      }
    } finally {
      Libc.close(original);
    }
  }

  private static void join(int fd, String what) {
    Libc.Result result = Libc.setns(fd, Libc.CLONE_NEWNET);
    if (result.failed()) {
      throw new IllegalStateException(
          "setns(CLONE_NEWNET) to " + what + " failed: errno " + result.errno());
    }
  }

  /**
   * Deletes the namespace with {@code ip netns del NAME}. Only the first call acts, so it is safe
   * in both a finally block and try-with-resources; a namespace already deleted by other means
   * counts as closed. Sockets still open in the namespace keep it alive, unnamed, until they are
   * closed.
   *
   * @throws AssertionError when {@code ip} fails to delete it
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      removeEtc();
      ProcessRunner.Result result = ProcessRunner.run(ipCommand(), "netns", "del", name);
      // Gone already (deleted by hand or by the test itself) is the state close() wants.
      if (result.exitCode() != 0 && Files.exists(Path.of("/run/netns", name))) {
        throw new AssertionError(
            "ip netns del " + name + " failed with " + result.exitCode() + ":\n" + result.output());
      }
    }
  }

  /** Removes /etc/netns/NAME and what {@link #etc} wrote in it, if it is there. */
  private void removeEtc() {
    Path dir = etcDir();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "Netns[" + name + "]";
  }
}
