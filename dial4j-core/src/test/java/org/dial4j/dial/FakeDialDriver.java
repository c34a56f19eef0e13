package org.dial4j.dial;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;

/**
 * A dial driver on a virtual clock (okhttp's TaskFaker idea): tasks run in time order when the test
 * advances the clock; connects follow a script per address (libdill's tests/happyeyeballs.c steps:
 * a delay, then a result); a log records what the race asked for, at what virtual time.
 */
final class FakeDialDriver implements DialDriver<String> {
  /** What a connect to one address does. errno null: connects after delayMs; HANG: never ends. */
  record Step(long delayMs, Errno errno, boolean hang, boolean ignoresCancel) {
    Step(long delayMs, Errno errno, boolean hang) {
      this(delayMs, errno, hang, false);
    }
  }

  /** Connects after {@code ms} even if cancelled meanwhile (a success already on its way). */
  static Step connectsAnyway(long ms) {
    return new Step(ms, null, false, true);
  }

  static Step connects(long ms) {
    return new Step(ms, null, false);
  }

  static Step fails(long ms, Errno errno) {
    return new Step(ms, errno, false);
  }

  static Step hangs() {
    return new Step(0, null, true);
  }

  @SuppressWarnings("ArrayRecordComponent") // a shared flag: identity is the equality it needs
  private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now = 1_000_000_000_000L; // any origin: the race only uses differences
  private final long origin = now;
  private long seq;
  private final Map<InetEndpoint, Step> script = new HashMap<>();
  private final Map<InetEndpoint, IOException> immediate = new HashMap<>();
  private final Map<InetEndpoint, Errno> refusedMultipath = new HashMap<>();
  final List<String> log = new ArrayList<>();

  /** An address whose connect throws an unexpected RuntimeException (a bug), or null. */
  InetEndpoint step0Bug;

  int inFlight;
  int maxInFlight;

  FakeDialDriver script(String target, Step step) {
    script.put(Endpoint.parseInet(target), step);
    return this;
  }

  /**
   * The connect to {@code target} is made as a socket whose Multipath TCP the kernel refused with
   * {@code errno} (LoopDriver's socket() of IPPROTO_MPTCP answering it), so the attempt hears of
   * the fallback while it starts.
   */
  FakeDialDriver multipathRefused(String target, Errno errno) {
    refusedMultipath.put(Endpoint.parseInet(target), errno);
    return this;
  }

  FakeDialDriver failsAtOnce(String target, Errno errno) {
    InetEndpoint t = Endpoint.parseInet(target);
    immediate.put(t, NetError.of(errno, Operation.CONNECT, null, null, t, null));
    return this;
  }

  long ms() {
    return (now - origin) / 1_000_000L;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(new Task(now, seq++, task, new boolean[1]));
  }

  @Override
  public Cancel schedule(long atNanos, Runnable task) {
    boolean[] cancelled = new boolean[1];
    tasks.add(new Task(Math.max(now, atNanos), seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Schedules {@code task} {@code ms} from now. */
  Cancel after(long ms, Runnable task) {
    return schedule(now + ms * 1_000_000L, task);
  }

  /** An attempt of the fake: its cancel is the one its start made. */
  private static final class FakeAttempt extends DialAttempt<String> {
    Cancel handle;

    FakeAttempt(DialRace<String> race, int number, InetEndpoint target, long startedAt) {
      super(race, number, target, startedAt);
    }

    @Override
    void cancel() {
      if (handle != null) {
        handle.cancel();
      }
    }
  }

  @Override
  public DialAttempt<String> attempt(
      DialRace<String> race, int number, InetEndpoint target, long startedAt) {
    return new FakeAttempt(race, number, target, startedAt);
  }

  @Override
  public void start(String name, InetEndpoint source, DialAttempt<String> a, Deadline deadline)
      throws IOException {
    InetEndpoint target = a.target;
    DialAttempt<String> sink = a;
    log.add(ms() + " connect " + target + (source != null ? " from " + source : ""));
    if (step0Bug != null && step0Bug.equals(target)) {
      throw new IllegalStateException("a bug in the connect primitive");
    }
    Errno refused = refusedMultipath.get(target);
    if (refused != null) {
      sink.multipathRefused(refused);
    }
    IOException now0 = immediate.get(target);
    if (now0 != null) {
      throw now0;
    }
    Step step = script.get(target);
    if (step == null) {
      throw new AssertionError("no script step for " + target);
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    boolean[] over = new boolean[1];
    List<Cancel> timers = new ArrayList<>();
    if (!step.hang()) {
      timers.add(
          after(
              step.delayMs(),
              () -> {
                if (over[0]) {
                  return;
                }
                if (step.errno() == null) {
                  // A success the race may no longer want still counts as this attempt's end.
                  over[0] = true;
                  inFlight--;
                  sink.connected("conn:" + target);
                } else {
                  over[0] = true;
                  inFlight--;
                  sink.failed(
                      NetError.of(step.errno(), Operation.CONNECT, null, null, target, null));
                }
              }));
    }
    if (!deadline.isNever()) {
      timers.add(
          schedule(
              now + deadline.remainingNanos(() -> now),
              () -> {
                if (!over[0]) {
                  over[0] = true;
                  inFlight--;
                  log.add(ms() + " attempt deadline " + target);
                  sink.failed(
                      NetError.of(
                          Errno.ETIMEDOUT,
                          Operation.CONNECT,
                          null,
                          null,
                          target,
                          "connect deadline passed"));
                }
              }));
    }
    ((FakeAttempt) a).handle =
        () -> {
          if (!over[0]) {
            log.add(ms() + " cancel " + target);
            if (step.ignoresCancel()) {
              return;
            }
            over[0] = true;
            inFlight--;
            timers.forEach(Cancel::cancel);
          }
        };
  }

  @Override
  public InetEndpoint local(String connection) {
    return Endpoint.parseInet(connection.contains("[") ? "[::1]:40000" : "127.0.0.1:40000");
  }

  @Override
  public void discard(String connection) {
    log.add(ms() + " discard " + connection);
  }

  /** Runs every task due up to {@code ms} after the start, then sets the clock there. */
  void advanceTo(long ms) {
    long until = origin + ms * 1_000_000L;
    while (!tasks.isEmpty() && tasks.peek().at <= until) {
      Task t = tasks.poll();
      now = t.at;
      if (!t.cancelled[0]) {
        t.run.run();
      }
    }
    now = Math.max(now, until);
  }

  /** Runs until nothing is left to run (bounded, so a runaway race fails the test). */
  void runAll() {
    for (int i = 0; i < 100_000 && !tasks.isEmpty(); i++) {
      Task t = tasks.poll();
      now = t.at;
      if (!t.cancelled[0]) {
        t.run.run();
      }
    }
    if (!tasks.isEmpty()) {
      throw new AssertionError("the race did not settle");
    }
  }

  /** Tasks still queued that are not cancelled (timers left behind). */
  long liveTasks() {
    return tasks.stream().filter(t -> !t.cancelled[0]).count();
  }

  /**
   * A resolver on this clock: each family answers after its delay with its addresses, fails with an
   * errno, or never answers (delay negative); cancellations are logged.
   */
  final class ScriptedResolver implements Resolver {
    private final Map<Family, Long> delay = new HashMap<>();
    private final Map<Family, List<InetAddress>> answer = new HashMap<>();
    private final Map<Family, Errno> failure = new HashMap<>();

    ScriptedResolver answers(Family f, long ms, String... ips) {
      delay.put(f, ms);
      List<InetAddress> list = new ArrayList<>();
      for (String ip : ips) {
        list.add(
            Endpoint.parseInet(ip.contains(":") ? "[" + ip + "]:1" : ip + ":1").toInetAddress());
      }
      answer.put(f, list);
      return this;
    }

    ScriptedResolver fails(Family f, long ms, Errno errno) {
      delay.put(f, ms);
      failure.put(f, errno);
      return this;
    }

    ScriptedResolver hangs(Family f) {
      delay.put(f, -1L);
      return this;
    }

    @Override
    public CompletableFuture<List<InetAddress>> lookup(
        String host, Family family, Deadline deadline) {
      String fam = family == Family.INET ? "A" : "AAAA";
      log.add(ms() + " query " + fam + " " + host);
      CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
      var _ =
          f.whenComplete(
              (r, e) -> {
                if (e instanceof java.util.concurrent.CancellationException) {
                  log.add(ms() + " query " + fam + " cancelled");
                }
              });
      Long d = delay.get(family);
      if (d == null) {
        throw new AssertionError("no script for " + fam);
      }
      if (d >= 0) {
        after(
            d,
            () -> {
              Errno err = failure.get(family);
              if (err != null) {
                f.completeExceptionally(
                    NetError.of(err, Operation.RESOLVE, null, null, null, "scripted"));
              } else {
                f.complete(answer.get(family));
              }
            });
      }
      return f;
    }
  }
}
