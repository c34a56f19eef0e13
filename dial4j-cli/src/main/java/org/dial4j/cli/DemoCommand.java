package org.dial4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.socket.ConnectResult;
import org.dial4j.socket.PosixSocket;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dial4j demo}: a non-blocking connect on loopback, one system call per line, the way the
 * Solaris connect(3SOCKET) page performs it (socket, connect with EINPROGRESS, wait for
 * writability, SO_ERROR), against an echo server in this process; then a refused connect and an
 * input check that never reaches the kernel. Needs nothing but loopback.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "A non-blocking TCP connect on loopback, one system call per line.",
    description = {
      "Shows a non-blocking connect on loopback step by step: socket(), connect() ->"
          + " EINPROGRESS, poll for POLLOUT, SO_ERROR, the endpoints, an echo of \""
          + DemoCommand.MESSAGE
          + "\", close(); then a connect to a closed port (ECONNREFUSED) and one to 0.0.0.0:80"
          + " (EDESTADDRREQ, rejected before the system call).",
      "Each line: milliseconds since the scenario began, the call, what it returned, the errno."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the connect to the echo server and the echo worked, and everything was closed",
      "1:they did not, or a socket or the server thread was left behind"
    })
final class DemoCommand implements Callable<Integer> {
  static final String MESSAGE = "hello dial4j";

  /** The longest any one wait may take, so the demo never hangs. */
  private static final Duration BOUND = Duration.ofSeconds(5);

  private static final byte[] LOOPBACK = {127, 0, 0, 1};

  @Spec CommandSpec spec;

  @SuppressWarnings("NullAway.Init") // set first in call(), picocli's entry point
  private PrintWriter out;

  @SuppressWarnings("NullAway.Init") // set first in call(), picocli's entry point
  private Steps steps;

  /** Every client socket the demo opens, to check at the end that each was closed. */
  private final List<PosixSocket> opened = new ArrayList<>();

  /** What the last {@link #connectLikeSolaris} failed with, or null. */
  private @Nullable Errno lastError;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    steps = new Steps(out);
    try {
      return tour();
    } catch (IOException e) {
      // Only what no scenario can go on from: no socket for the echo server, say (EMFILE).
      spec.commandLine().getErr().println("demo: " + e.getMessage());
      return 1;
    }
  }

  private int tour() throws IOException {
    out.println("dial4j demo: a non-blocking TCP connect on loopback, one system call per line");
    out.println("(the procedure of the Solaris connect(3SOCKET) page, Example 1)");

    String happy;
    boolean joined;
    String serverReport;
    EchoServer server = EchoServer.start(BOUND);
    try {
      out.println();
      out.println(
          "1. connect to an echo server: a platform thread listening on "
              + server.endpoint()
              + " in this process");
      steps.header();
      happy = connectAndEcho(server.endpoint());
    } finally {
      joined = server.stop();
      serverReport = server.report();
    }
    out.println(
        "  echo server: " + serverReport + (joined ? "; thread joined" : "; thread did NOT end"));

    out.println();
    Errno refused = refusedConnect();

    out.println();
    Errno checked = inputCheck();

    long open = opened.stream().filter(s -> s.state() != PosixSocket.State.CLOSED).count();
    out.println();
    out.println(
        "summary: "
            + (happy != null ? happy : "the connect to the echo server FAILED")
            + "; closed port: "
            + outcome(refused, Errno.ECONNREFUSED)
            + "; 0.0.0.0:80: "
            + outcome(checked, Errno.EDESTADDRREQ)
            + "; "
            + opened.size()
            + " client sockets opened, "
            + (open == 0 ? "all closed" : open + " NOT closed")
            + (joined ? ", server thread joined" : ", server thread still running"));
    return happy != null && open == 0 && joined ? 0 : 1;
  }

  /**
   * Scenario 1: the Solaris procedure against the echo server, then one round trip.
   *
   * @return a one-line account for the summary, or null if a step failed
   */
  private @Nullable String connectAndEcho(InetEndpoint server) throws IOException {
    steps.restart();
    PosixSocket s = null;
    try {
      s = open();
      PosixSocket c = s;
      String fd = "fd " + s.fd();
      if (!connectLikeSolaris(s, fd, server)) {
        return null;
      }
      double connectedAt = steps.elapsedMillis();
      steps.run("getsockname(" + fd + ")", c::local, String::valueOf);
      steps.run("getpeername(" + fd + ")", c::remote, String::valueOf);
      ByteBuffer hello = ByteBuffer.wrap(MESSAGE.getBytes(StandardCharsets.US_ASCII));
      steps.run(
          "send(" + fd + ", \"" + MESSAGE + "\", " + hello.remaining() + ")",
          () -> sendAll(c, hello),
          n -> n + " bytes");
      ByteBuffer echo = ByteBuffer.allocate(64);
      String echoed =
          steps.run(
              "recv(" + fd + ", " + echo.capacity() + ")",
              () -> recvAtLeast(c, echo, MESSAGE.length()),
              e -> e.length() + " bytes \"" + e + "\"");
      steps.run(
          "close(" + fd + ")",
          () -> {
            c.close();
            return 0;
          },
          String::valueOf);
      if (!echoed.equals(MESSAGE)) {
        steps.say("the echo differs from what was sent");
        return null;
      }
      return String.format(
          Locale.ROOT,
          "connected in %.3f ms (this JVM's first connect: class loading included) and \"%s\""
              + " came back",
          connectedAt,
          MESSAGE);
    } catch (IOException e) {
      return null; // the step has printed its errno and message
    } finally {
      if (s != null) {
        s.close(); // after an early return; a second close does nothing
      }
    }
  }

  /**
   * Scenario 2: a port nobody listens on. A socket bound to 0.0.0.0 with port 0 gets its port from
   * the kernel at once and holds it (dial4j defers the port of a bind to a chosen IP until connect,
   * so the wildcard is what reserves one), and, not listening, has the kernel answer a SYN with
   * RST.
   *
   * @return the errno the connect ended with, or null if it connected
   */
  private @Nullable Errno refusedConnect() throws IOException {
    try (PosixSocket holder = track(PosixSocket.open(Family.INET, Network.SocketType.STREAM))) {
      holder.bind(InetEndpoint.of(new byte[4], 0));
      int port = ((InetEndpoint) Objects.requireNonNull(holder.local())).port();
      InetEndpoint target = InetEndpoint.of(LOOPBACK, port);
      out.println(
          "2. connect to a closed port: "
              + target
              + " (another socket holds port "
              + port
              + ", bound but not listening)");
      steps.header();
      steps.restart();
      try (PosixSocket s = open()) {
        connectLikeSolaris(s, "fd " + s.fd(), target);
        return lastError;
      }
    } catch (IOException e) {
      return NetError.errnoOf(e).orElse(null);
    }
  }

  /**
   * Scenario 3: TargetTCP's input check. A connect to the unspecified address fails with
   * EDESTADDRREQ in dial4j, before the system call, so no packet is sent (bare Linux would connect
   * to a local port instead).
   *
   * @return the errno the connect failed with, or null if it did not fail
   */
  private @Nullable Errno inputCheck() throws IOException {
    InetEndpoint target = InetEndpoint.of(new byte[4], 80);
    out.println("3. connect to " + target + ": an input check (TargetTCP), before any system call");
    steps.header();
    steps.restart();
    try (PosixSocket s = open()) {
      s.setBlocking(false);
      try {
        s.connect(target);
        steps.ok("connect(fd " + s.fd() + ", " + target + ")", "0 (connected!)");
        return null;
      } catch (IOException e) {
        Errno errno = NetError.errnoOf(e).orElseThrow(() -> e);
        steps.errno("connect(fd " + s.fd() + ", " + target + ")", "-1, no packet sent", errno);
        steps.say(e.getMessage());
        return errno;
      }
    }
  }

  /**
   * The page's procedure on a non-blocking socket: connect; on EINPROGRESS (or EINTR) wait for
   * writability and read SO_ERROR. Prints each step and, on failure, the program's message.
   *
   * @return whether the socket is connected
   */
  private boolean connectLikeSolaris(PosixSocket s, String fd, InetEndpoint target)
      throws IOException {
    lastError = null;
    s.setBlocking(false);
    String call = "connect(" + fd + ", " + target + ")";
    ConnectResult r;
    try {
      r = s.connect(target);
    } catch (IOException e) {
      lastError = NetError.errnoOf(e).orElseThrow(() -> e);
      steps.errno(call, "-1, failed at once", lastError);
      steps.say("connect: " + e.getMessage());
      return false;
    }
    if (r == ConnectResult.CONNECTED) {
      steps.ok(call, "0 (connected at once)");
      return true;
    }
    steps.errno(call, "-1, in progress", Errno.EINPROGRESS);
    String poll = "poll(" + fd + ", POLLOUT)";
    if (!steps.attempt(poll, () -> s.awaitWritable(Deadline.after(BOUND)))) {
      lastError = Errno.ETIMEDOUT;
      steps.errno(poll, "0, nothing after " + BOUND.toSeconds() + " s", Errno.ETIMEDOUT);
      return false;
    }
    steps.ok(poll, "1 (writable)");
    String getsockopt = "getsockopt(" + fd + ", SO_ERROR)";
    Optional<Errno> error = steps.attempt(getsockopt, s::takeError);
    if (error.isEmpty()) {
      steps.ok(getsockopt, "0, SO_ERROR 0");
    } else {
      lastError = error.get();
      steps.errno(getsockopt, "0, SO_ERROR " + lastError.number(), lastError);
      steps.say("asynchronous connect: " + lastError.describe());
      return false;
    }
    return true;
  }

  /** {@code socket(AF_INET, SOCK_STREAM)}, printed and tracked. */
  private PosixSocket open() throws IOException {
    PosixSocket s =
        track(
            steps.attempt(
                "socket(AF_INET, SOCK_STREAM)",
                () -> PosixSocket.open(Family.INET, Network.SocketType.STREAM)));
    steps.ok("socket(AF_INET, SOCK_STREAM)", "fd " + s.fd());
    return s;
  }

  private PosixSocket track(PosixSocket s) {
    opened.add(s);
    return s;
  }

  private static int sendAll(PosixSocket s, ByteBuffer b) throws IOException {
    int sent = 0;
    while (b.hasRemaining()) {
      sent += s.send(b, Deadline.after(BOUND));
    }
    return sent;
  }

  private static String recvAtLeast(PosixSocket s, ByteBuffer b, int want) throws IOException {
    while (b.position() < want) {
      if (s.recv(b, Deadline.after(BOUND)) < 0) {
        break; // end of stream before the whole echo
      }
    }
    return new String(b.array(), b.arrayOffset(), b.position(), StandardCharsets.US_ASCII);
  }

  private static String outcome(@Nullable Errno got, Errno expected) {
    if (got == expected) {
      return got.name() + " as expected";
    }
    return (got == null ? "no error" : got.name()) + " (expected " + expected.name() + ")";
  }
}
