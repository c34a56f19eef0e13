package org.dial4j.cli;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialCallback;
import org.dial4j.dial.Dialer;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.ConnectStats;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LatencyHistogram;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.loop.Timer;
import org.jspecify.annotations.Nullable;

/**
 * One event loop's share of a storm: cconnect's {@code struct worker} with its {@code refill} and
 * {@code finish}, run entirely inside the loop's own callbacks. It is the {@code data} of every
 * connect it starts, so the one shared {@link #CALLBACK} finds it without a lookup; all its fields
 * belong to the loop thread, and the command reads them only after {@link #finished} counted down
 * (the latch orders those reads after the writes).
 *
 * <p>Per connect it allocates nothing beyond the {@link LoopFd} the loop makes: the endpoints are
 * made once (the loop keeps their kernel form by identity), the name is one constant and the
 * counters are fields. A failure costs more (the loop builds its exception), as in any client.
 */
final class StormWorker {
  /** Every storm connect's name, as {@code fds} on the control port lists it. */
  static final String NAME = "storm";

  /** The one callback of every storm connect; the worker comes in as {@code data}. */
  static final FdCallback CALLBACK = StormWorker::onEvent;

  /** cconnect's words for {@code stopped}. */
  static final String TIME_LIMIT = "time limit";

  static final String TOO_MANY_ERRORS = "too many errors";
  static final String SOCKET_FAILED = "socket() failed";
  static final String SIGNAL = "signal";

  /** With --hold: a limit other than socket()'s stopped the hold (EADDRNOTAVAIL, ENOBUFS...). */
  static final String HOLD_LIMIT = "hold limit";

  private final EventLoop loop;
  private final int id;
  private final int loops;
  private final int concurrency;
  private final long total;
  private final InetEndpoint[] dsts;
  private final InetEndpoint[] srcs;
  private final boolean hold;
  private final long deadlineNanos;
  private final CountDownLatch started;
  private final CountDownLatch finished;

  /** With --hold: counts down once this share holds {@link #pauseAt} (or is over before). */
  private final CountDownLatch paused;

  /** With --hold: where the share waits for {@link #resume()} (the first memory point). */
  private final long pauseAt;

  private boolean resumed;
  private boolean pauseSignalled;

  /** The errno of the immediate failure that stopped the share, or null. */
  private @Nullable Errno stoppedBy;

  /** With {@code --dialer}: per source (or one), else null. */
  private final Dialer @Nullable [] dialers;

  /** With {@code --name}: what every dial dials (over TCP4), instead of {@code dsts}. */
  private final @Nullable Endpoint name;

  /**
   * With {@code --dialer}: one callback per connect in flight, each holding its dial's start time,
   * made once; the free ones are stacked in {@link #freeSlots}. So the dial's own latency (from the
   * dial call to its callback) is measured with no object per dial.
   */
  private final DialSlot[] slots;

  private final int[] freeSlots;
  private int freeCount;

  /** With {@code --dialer}: each successful dial's latency, from the call to its callback. */
  private final LatencyHistogram dialLatency = new LatencyHistogram();

  private long attempts;
  private long ok;
  private long failed;
  private int inflight;
  private @Nullable String stopped;
  private boolean done;

  /** Inside {@link #refill}: a FAILED the loop reports from inside connect() must not recurse. */
  private boolean refilling;

  private @Nullable Timer timeLimit;
  private @Nullable ConnectStats stats;

  /** The loop thread's allocated bytes when the share started and ended ({@code -v} reports). */
  private long allocatedAtStart;

  private long allocatedAtEnd;

  /**
   * @param loop the loop this share runs on
   * @param id the loop's index: it takes connect sequence numbers id, id + loops, ...
   * @param loops how many loops share the addresses
   * @param concurrency this share's connects in flight
   * @param total this share's successes to reach
   * @param deadlineNanos {@link System#nanoTime()} at which the run stops ({@code -t})
   */
  StormWorker(
      EventLoop loop,
      int id,
      int loops,
      int concurrency,
      long total,
      InetEndpoint[] dsts,
      InetEndpoint[] srcs,
      boolean hold,
      long deadlineNanos,
      CountDownLatch started,
      CountDownLatch finished,
      CountDownLatch paused,
      long pauseAt,
      Dialer @Nullable [] dialers,
      @Nullable Endpoint name) {
    this.loop = loop;
    this.id = id;
    this.loops = loops;
    this.concurrency = concurrency;
    this.total = total;
    this.dsts = dsts;
    this.srcs = srcs;
    this.hold = hold;
    this.deadlineNanos = deadlineNanos;
    this.started = started;
    this.finished = finished;
    this.paused = paused;
    this.pauseAt = pauseAt;
    this.resumed = pauseAt <= 0;
    this.dialers = dialers;
    this.name = name;
    int n = dialers == null ? 0 : concurrency;
    this.slots = new DialSlot[n];
    this.freeSlots = new int[n];
    for (int i = 0; i < n; i++) {
      slots[i] = new DialSlot(i);
      freeSlots[i] = n - 1 - i;
    }
    this.freeCount = n;
  }

  /** One connect slot of {@code --dialer}: the callback of the dial in it and when it started. */
  private final class DialSlot implements DialCallback {
    private final int index;
    private long startedAt;

    DialSlot(int index) {
      this.index = index;
    }

    @Override
    public void onDial(@Nullable Connection c, @Nullable IOException e) {
      long now = System.nanoTime();
      freeSlots[freeCount++] = index;
      if (c != null && !done) {
        dialLatency.record(now - startedAt);
      }
      dialed(c);
    }
  }

  /** On the loop: arms the time limit and starts the first {@code concurrency} connects. */
  void start() {
    started.countDown();
    if (done) {
      return; // a signal was handled first
    }
    timeLimit = loop.schedule(() -> stop(TIME_LIMIT), Deadline.at(deadlineNanos));
    allocatedAtStart = Allocation.currentThread();
    refill();
  }

  /** On the loop: ends the share early for {@code reason} (the first reason is kept). */
  void stop(String reason) {
    if (!done) {
      if (stopped == null) {
        stopped = reason;
      }
      finish();
    }
  }

  private static void onEvent(LoopFd fd, String name, int status, @Nullable Object data) {
    StormWorker w = (StormWorker) Objects.requireNonNull(data, "a storm connect's data");
    if ((status & Status.CONNECTED) != 0) {
      w.connected(fd);
    } else if ((status & Status.FAILED) != 0) {
      w.failed();
    }
  }

  private void connected(LoopFd fd) {
    if (done) {
      inflight--;
      fd.close(); // finished while it was in flight: cconnect never looks at it again
      return;
    }
    ok++;
    inflight--;
    if (hold) {
      fd.interest(0); // kept open and registered, but the loop no longer watches it
    } else {
      fd.close();
    }
    refill();
  }

  /** With {@code --dialer}: the dial's end, on the loop thread. */
  private void dialed(@Nullable Connection c) {
    if (c == null) {
      failed();
      return;
    }
    c.close();
    if (done) {
      return;
    }
    ok++;
    inflight--;
    refill();
  }

  private void failed() {
    // The loop counted it under its errno and closes the descriptor after this returns.
    if (done) {
      inflight--;
      return; // an in-flight connect cancelled when the loop closed after the run
    }
    failed++;
    inflight--;
    if (failed > total) {
      stopped = TOO_MANY_ERRORS;
    }
    refill();
  }

  /** cconnect's {@code refill} for every free slot, then its end-of-run test. */
  private void refill() {
    if (refilling) {
      return; // the loop below takes up the freed slot
    }
    refilling = true;
    try {
      long until = resumed ? total : Math.min(total, pauseAt);
      while (stopped == null && inflight < concurrency && ok + inflight < until) {
        // Loop t takes sequence numbers t, t+T, t+2T...: all loops share the addresses.
        long seq = attempts++ * loops + id;
        inflight++;
        try {
          InetEndpoint dst = dsts[(int) (seq % dsts.length)];
          if (dialers != null) {
            // A slot is free: inflight counted this one, and each slot is one in flight.
            DialSlot slot = slots[freeSlots[--freeCount]];
            slot.startedAt = System.nanoTime();
            Network net = name != null ? Network.TCP4 : Network.TCP;
            dialers[srcIndex(seq)].dial(net, name != null ? name : dst, Deadline.NEVER, slot);
          } else {
            loop.connect(NAME, CALLBACK, this, src(seq), dst, Deadline.NEVER);
          }
        } catch (IOException e) {
          // An immediate failure (EADDRNOTAVAIL: out of ephemeral ports, ENETUNREACH, EMFILE):
          // the loop has counted it under its errno; retry as cconnect does, within its limits.
          inflight--;
          failed++;
          Errno errno = e instanceof NetError ne ? ne.errno() : null;
          if (e instanceof NetError ne && ne.operation() == Operation.SOCKET) {
            stopped = SOCKET_FAILED;
            stoppedBy = errno;
          } else if (hold && StormHold.limit(errno, 0) != null) {
            stopped = HOLD_LIMIT; // out of ports or memory: more attempts would only fail
            stoppedBy = errno;
          } else if (failed > total) {
            stopped = TOO_MANY_ERRORS;
          } else if (System.nanoTime() - deadlineNanos > 0) {
            stopped = TIME_LIMIT; // every connect failing at once, e.g. no port left
          }
        }
      }
    } finally {
      refilling = false;
    }
    if (stopped != null || ok == total) {
      finish();
    } else if (!resumed && ok >= pauseAt && inflight == 0) {
      signalPause();
    }
  }

  private void signalPause() {
    if (!pauseSignalled) {
      pauseSignalled = true;
      paused.countDown();
    }
  }

  /** On the loop: goes on past the pause point to TOTAL. */
  void resume() {
    if (!resumed) {
      resumed = true;
      if (!done) {
        refill();
      }
    }
  }

  private @Nullable InetEndpoint src(long seq) {
    return srcs.length == 0 ? null : srcs[srcIndex(seq)];
  }

  /** cconnect's source for connect {@code seq}: the next one each time the destinations wrap. */
  private int srcIndex(long seq) {
    return srcs.length == 0 ? 0 : (int) ((seq / dsts.length) % srcs.length);
  }

  /** The share is over: keep the loop's counters as they are now and tell the command. */
  private void finish() {
    if (done) {
      return;
    }
    done = true;
    signalPause(); // the command waits for no pause any more
    allocatedAtEnd = Allocation.currentThread();
    if (timeLimit != null) {
      timeLimit.cancel();
    }
    // Copied now: connects still in flight are cancelled when the loop closes, and cconnect does
    // not count those either.
    stats = loop.stats().copy();
    if (dialers != null) {
      // After the copy: dials still in flight end with ECANCELED, which cconnect never counts.
      for (Dialer d : dialers) {
        d.close();
      }
    }
    finished.countDown();
  }

  /** The loop this share runs on. */
  EventLoop loop() {
    return loop;
  }

  /** Connects that succeeded (after {@link #finished}). */
  long ok() {
    return ok;
  }

  /** Attempts that failed (after {@link #finished}). */
  long failedCount() {
    return failed;
  }

  /** Connects still in flight (on the loop thread: after the end, until they are closed). */
  int inflight() {
    return inflight;
  }

  /** The errno of the immediate failure that stopped the share, or null (after the end). */
  @Nullable Errno stoppedBy() {
    return stoppedBy;
  }

  /** Why this share stopped early, or null (after {@link #finished}). */
  @Nullable String stopped() {
    return stopped;
  }

  /**
   * Bytes the loop thread allocated during the share (the JVM's per-thread TLAB accounting), or -1
   * if this JVM cannot tell; after {@link #finished}.
   */
  long allocatedBytes() {
    return allocatedAtStart < 0 || allocatedAtEnd < 0 ? -1 : allocatedAtEnd - allocatedAtStart;
  }

  /**
   * With {@code --dialer}: the dials' own latencies, from the dial call to its callback, of the
   * dials that succeeded (after {@link #finished}); else empty.
   */
  LatencyHistogram dialLatency() {
    return dialLatency;
  }

  /** The loop's counters when the share ended (after {@link #finished}). */
  ConnectStats stats() {
    return Objects.requireNonNull(stats, "made as the share finished");
  }
}
