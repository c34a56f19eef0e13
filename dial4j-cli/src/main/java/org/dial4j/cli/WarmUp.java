package org.dial4j.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dial4j.Endpoint;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.Resolver;
import org.dial4j.error.CanceledException;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LogLevel;
import org.jspecify.annotations.Nullable;

/**
 * What {@code dial4j dial} runs before its dial's clock starts, so that the times it reports are
 * the network's and not the JVM's first use of the code: dials through the same code as the
 * command's ({@link DialCommand#dial}), to a loopback listener of its own, reported as the command
 * will report, the output thrown away. In a fresh JVM the first dial otherwise spends tens of
 * milliseconds loading and initializing classes, linking the FFM downcalls it makes (LinuxSyscalls
 * links each system call on its first use) and spinning their method handle adapters, and
 * formatting its trace.
 *
 * <p>It shares nothing with the command's dial: its own listener, event loop, {@link Dialer} (so no
 * RTT history), resolver and event listener. The command's dial is timed from its own start, as
 * before, and makes every system call of its own (socket, connect, the wait, SO_ERROR): nothing is
 * reused or cached, only the code is warm.
 *
 * <p>{@link Main#main} starts it on a thread of its own as soon as it sees the {@code dial}
 * subcommand, so that it overlaps the parsing of the command line; the command waits for it before
 * its dial ({@link #await}), or runs it itself if nobody started it (a test calling {@link
 * Main#run}). It runs once per JVM and never fails the command: whatever goes wrong (no IPv4
 * loopback, no native access, a descriptor limit) is left for the timed dial to meet and report.
 */
final class WarmUp {
  /** The name the warm-up's own resolver answers (RFC 6761: .invalid is never a real name). */
  static final String NAME = "dial4j-warm-up.invalid";

  /** A bound on each of its dials: they are on loopback, so it is never reached. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private static final Object LOCK = new Object();
  private static @Nullable Thread thread;
  private static boolean started;

  private WarmUp() {}

  /**
   * Which paths the command's dial will take, so that only those are warmed.
   *
   * @param byName a resolution and a race (a host name TARGET, or --resolve), not an IP literal
   * @param trace events printed as they happen (--trace), inside the dial's clock
   * @param json the report as JSON (--json) rather than the one line
   */
  record Plan(boolean byName, boolean trace, boolean json) {
    /**
     * A guess from the words after {@code dial}, before picocli has parsed them: only what is
     * warmed depends on it, never what the command does.
     */
    static Plan guess(List<String> words) {
      boolean byName = false;
      boolean value = false;
      for (String w : words) {
        if (value) {
          value = false;
        } else if (w.startsWith("--resolve")) {
          byName = true;
          value = !w.contains("=");
        } else if (w.equals("--timeout") || w.equals("--source") || w.equals("--happy-delay")) {
          value = true;
        } else if (!w.startsWith("-")) {
          byName |= !isLiteral(w);
        }
      }
      return new Plan(byName, words.contains("--trace"), words.contains("--json"));
    }

    /** Whether {@code target} is an IP literal with a port, which a dial connects to at once. */
    static boolean isLiteral(String target) {
      try {
        Endpoint.parseInet(target);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }

  /** Starts the warm-up for {@code plan} on a daemon thread, unless it was started before. */
  static void start(Plan plan) {
    synchronized (LOCK) {
      if (started) {
        return;
      }
      started = true;
      Thread t = new Thread(() -> run(plan), "dial4j-warm-up");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  /**
   * Returns once the warm-up is over: waits for the one {@link #start} began (within a bound), or
   * runs it for {@code plan} on this thread if none was started. An interrupt (SIGINT) is kept for
   * the dial that follows, which then ends cancelled.
   */
  static void await(Plan plan) {
    Thread t;
    synchronized (LOCK) {
      t = thread;
      if (!started) {
        started = true;
      } else if (t == null) {
        return;
      }
    }
    if (t == null) {
      run(plan);
      return;
    }
    try {
      t.join(BOUND.multipliedBy(3).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The warm-up for {@code plan}, here and now (also for tests); never throws.
   *
   * @return whether its dials connected (false: it was cut short, and the command goes on)
   */
  static boolean run(Plan plan) {
    try {
      return warmUp(plan);
    } catch (CanceledException e) {
      // Interrupted (SIGINT while the command ran it itself): the dial after it is cancelled too.
      Thread.currentThread().interrupt();
    } catch (Exception | LinkageError e) {
      // The timed dial meets the same trouble, if it is real, and reports it.
    }
    return false;
  }

  private static boolean warmUp(Plan plan) throws Exception {
    // The JDK's own listener, not a PosixSocket: bind and listen are calls the command's dial
    // never makes, and linking them would cost more than the java.net classes (in the CDS
    // archive) do. Nothing accepts: the kernel completes the connects into the backlog.
    try (ServerSocket listener = new ServerSocket(0, 4, InetAddress.ofLiteral("127.0.0.1"))) {
      int port = listener.getLocalPort();
      try (EventLoop loop =
          EventLoop.builder()
              .name("dial4j-warm-up")
              .logLevel(LogLevel.ERROR)
              .daemon(true)
              .build()
              .start()) {
        boolean connected = true;
        if (plan.byName()) {
          // ::1 first, as RFC 6724 orders it: refused (nothing of ours listens there) or
          // connected, raced by 127.0.0.1 either way; so both families and a failure run.
          Resolver table =
              Resolver.fixed(
                  Map.of(
                      NAME,
                      List.of(InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("127.0.0.1"))));
          connected = dial(loop, table, NAME + ":" + port, plan);
        }
        return dial(loop, null, "127.0.0.1:" + port, plan) && connected;
      }
    }
  }

  /** One dial as {@link DialCommand} makes and reports it, everything it prints thrown away. */
  private static boolean dial(EventLoop loop, @Nullable Resolver resolver, String target, Plan plan)
      throws Exception {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    DialRecorder recorder = new DialRecorder(plan.trace() ? nowhere : null);
    Dialer.Builder b = Dialer.builder().network("tcp").listener(recorder).timeout(BOUND).loop(loop);
    if (resolver != null) {
      b.resolver(resolver);
    }
    try (Dialer d = b.build()) {
      DialReport report = DialCommand.dial(d, target, "tcp", recorder);
      if (report.error() instanceof CanceledException cancelled) {
        throw cancelled;
      }
      nowhere.println(plan.json() ? report.json() : report.elapsedText());
      return report.outcome() == DialReport.Outcome.CONNECTED;
    }
  }
}
