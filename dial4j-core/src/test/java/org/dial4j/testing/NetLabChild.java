package org.dial4j.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dial4j.Deadline;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.Resolver;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;

/**
 * A child JVM that dials from inside a {@link NetLab}'s client namespace (run there by {@code ip
 * netns exec}, so every thread and socket of this JVM is in it and nothing it sends can leave the
 * lab): the {@link Dialer}s it makes race the lab's addresses, and it prints what happened as
 * {@link ChildResults} lines for the test to assert.
 *
 * <p>Arguments:
 *
 * <ul>
 *   <li>{@code --name NAME=IP,IP,...} (repeatable): the names a {@link Resolver#fixed} table gives.
 *   <li>{@code --dial LABEL=HOST:PORT} (repeatable): one dial, on a {@link Dialer} of its own with
 *       a listener; all start at once, on one event loop.
 *   <li>{@code --attempt-delay MS}, {@code --max-in-flight N}, {@code --timeout MS} (10 s by
 *       default): every dialer's settings.
 *   <li>{@code --exchange}: after a dial connects, a send of one byte, a receive of one, a send of
 *       one (for a {@link ResettingPeer}, which resets after the first byte).
 *   <li>{@code --fault COMMAND...} (the last option: the rest of the arguments): run once the first
 *       attempt of every dial has started.
 * </ul>
 *
 * <p>It prints, per dial: {@code LABEL.outcome} ({@code connected REMOTE} or {@code failed CLASS
 * ERRNO OPERATION}); {@code LABEL.attempts}, how each attempt ended, in order ({@code 1 TARGET
 * failed ERRNO OPERATION; 2 TARGET connected}, or {@code cancelled}); {@code LABEL.events}, the
 * trace with times; with {@code --exchange}, {@code LABEL.first-send}, {@code LABEL.recv} and
 * {@code LABEL.send} ({@code ok} or {@code ERRNO OPERATION}). Then {@code fault} ({@code exit
 * STATUS after MS ms}) and {@code fds} ({@code balanced}, or the descriptors left open after every
 * dialer, connection and the loop were closed). It exits 1 on bad arguments.
 */
public final class NetLabChild {
  private static final Duration BOUND = Duration.ofSeconds(30);

  private NetLabChild() {}

  /** One dial's target, its dialer's events and its future. */
  private record Dial(
      String label,
      String target,
      Queue<DialEvent> events,
      CompletableFuture<Void> started,
      CompletableFuture<Connection> outcome) {}

  /** Dials as the arguments say and prints the results. */
  public static void main(String[] args) throws Exception {
    Map<String, List<InetAddress>> names = new HashMap<>();
    Map<String, String> targets = new LinkedHashMap<>();
    Dialer.Builder settings = Dialer.builder().timeout(Duration.ofSeconds(10));
    boolean exchange = false;
    List<String> fault = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--name" -> {
          String[] kv = args[++i].split("=", 2);
          List<InetAddress> list = new ArrayList<>();
          for (String ip : kv[1].split(",", -1)) {
            list.add(InetAddress.ofLiteral(ip));
          }
          names.put(kv[0], list);
        }
        case "--dial" -> {
          String[] kv = args[++i].split("=", 2);
          targets.put(kv[0], kv[1]);
        }
        case "--attempt-delay" ->
            settings.attemptDelay(Duration.ofMillis(Long.parseLong(args[++i])));
        case "--max-in-flight" -> settings.maxAttemptsInFlight(Integer.parseInt(args[++i]));
        case "--timeout" -> settings.timeout(Duration.ofMillis(Long.parseLong(args[++i])));
        case "--exchange" -> exchange = true;
        case "--fault" -> {
          fault = List.of(args).subList(i + 1, args.length);
          i = args.length;
        }
        default -> {
          System.out.println("unknown argument " + args[i]);
          System.exit(1);
        }
      }
    }
    SortedMap<Integer, String> before = Descriptors.snapshot();
    run(settings.resolver(Resolver.fixed(names)), targets, exchange, fault);
    SortedMap<Integer, String> after = Descriptors.snapshot();
    ChildResults.print(
        "fds", after.equals(before) ? "balanced" : "before " + before + " after " + after);
    System.out.flush();
  }

  private static void run(
      Dialer.Builder settings, Map<String, String> targets, boolean exchange, List<String> fault)
      throws Exception {
    List<Dial> dials = new ArrayList<>();
    List<Dialer> dialers = new ArrayList<>();
    try (EventLoop loop = EventLoop.builder().name("netlab-child").build().start()) {
      long start = System.nanoTime();
      for (Map.Entry<String, String> t : targets.entrySet()) {
        Queue<DialEvent> events = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Dialer d =
            settings
                .loop(loop)
                .listener(
                    e -> {
                      events.add(e);
                      if (e instanceof DialEvent.AttemptStart s && s.attempt() == 1) {
                        started.complete(null);
                      }
                    })
                .build();
        dialers.add(d);
        dials.add(new Dial(t.getKey(), t.getValue(), events, started, d.dialAsync(t.getValue())));
      }
      if (!fault.isEmpty()) {
        CompletableFuture.allOf(dials.stream().map(Dial::started).toArray(CompletableFuture[]::new))
            .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        Process p = new ProcessBuilder(fault).inheritIO().start();
        boolean ended = p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        ChildResults.print(
            "fault",
            (ended ? "exit " + p.exitValue() : "still running")
                + " after "
                + (System.nanoTime() - start) / 1_000_000
                + " ms");
      }
      for (Dial dial : dials) {
        report(dial, exchange);
      }
    } finally {
      dialers.forEach(Dialer::close);
    }
  }

  /** Waits for {@code dial} and prints its outcome, attempts, events and exchange. */
  private static void report(Dial dial, boolean exchange) throws InterruptedException {
    String label = dial.label();
    Connection c = null;
    try {
      c = dial.outcome().get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      ChildResults.print(label + ".outcome", "connected " + c.remote());
    } catch (ExecutionException e) {
      ChildResults.print(label + ".outcome", "failed " + describe(e.getCause()));
    } catch (java.util.concurrent.TimeoutException e) {
      ChildResults.print(label + ".outcome", "no outcome within " + BOUND);
    }
    if (c != null) {
      try (Connection connection = c) {
        if (exchange) {
          ChildResults.print(
              label + ".first-send",
              outcome(() -> connection.send(new byte[] {0}, Deadline.after(BOUND))));
          ChildResults.print(
              label + ".recv", outcome(() -> connection.recv(1, Deadline.after(BOUND))));
          ChildResults.print(
              label + ".send",
              outcome(() -> connection.send(new byte[] {1}, Deadline.after(BOUND))));
        }
      }
    }
    // The Won or Failed event comes before the future completes: the trace is whole here.
    ChildResults.print(label + ".attempts", attempts(dial.events()));
    ChildResults.print(
        label + ".events",
        dial.events().stream()
            .map(e -> e.at().toMillis() + "ms " + e.describe())
            .collect(Collectors.joining(" | ")));
  }

  /** A call that may fail. */
  private interface Call {
    void run() throws IOException;
  }

  private static String outcome(Call call) {
    try {
      call.run();
      return "ok";
    } catch (IOException e) {
      return e instanceof NetError ne
          ? ne.errno().name() + " " + ne.operation().label()
          : e.toString();
    }
  }

  private static String describe(Throwable t) {
    return t instanceof NetError ne
        ? t.getClass().getSimpleName() + " " + ne.errno().name() + " " + ne.operation().label()
        : String.valueOf(t);
  }

  /** Each attempt's end, in the order the attempts started. */
  private static String attempts(Queue<DialEvent> events) {
    Map<Integer, String> ends = new LinkedHashMap<>();
    for (DialEvent e : events) {
      switch (e) {
        case DialEvent.AttemptStart s -> ends.put(s.attempt(), s.attempt() + " " + s.target());
        case DialEvent.AttemptFailed f ->
            ends.merge(
                f.attempt(), " failed " + f.errno().name() + " " + operation(f), String::concat);
        case DialEvent.AttemptConnected c -> ends.merge(c.attempt(), " connected", String::concat);
        case DialEvent.AttemptCancelled c ->
            ends.merge(
                c.attempt(), c.lateSuccess() ? " late success" : " cancelled", String::concat);
        default -> {}
      }
    }
    return String.join("; ", ends.values());
  }

  private static String operation(DialEvent.AttemptFailed f) {
    return f.error() instanceof NetError ne ? ne.operation().label() : "?";
  }
}
