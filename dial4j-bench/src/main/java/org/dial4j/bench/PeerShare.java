package org.dial4j.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dial4j.loop.LatencyHistogram;
import org.jspecify.annotations.Nullable;

/**
 * One thread's share of a run: cconnect's {@code struct worker} and the bookkeeping of its {@code
 * refill} and {@code finish} ({@code bench/c/cconnect.c}), so that every peer counts, numbers and
 * stops its connects as cconnect does. Not thread-safe: one event loop (or one virtual thread) owns
 * it, and the main thread reads it only after that owner is done.
 *
 * <p>Share {@code id} of {@code threads} takes connect sequence numbers id, id + threads, ..., and
 * connect {@code seq} goes to {@code dsts[seq % dsts.size()]}, so all shares go round-robin over
 * the same destinations.
 */
final class PeerShare {
  /** cconnect's words for {@code stopped}. */
  static final String TIME_LIMIT = "time limit";

  static final String TOO_MANY_ERRORS = "too many errors";
  static final String SOCKET_FAILED = "socket() failed";

  private final int id;
  private final int threads;
  private final int concurrency;
  private final long total;
  private final List<InetSocketAddress> dsts;
  private final long deadlineNanos;
  private final LatencyHistogram latency = new LatencyHistogram();
  private final Map<String, Long> errors = new TreeMap<>();

  private long attempts;
  private long ok;
  private long failed;
  private int inflight;
  private @Nullable String stopped;

  /**
   * Share {@code id} of {@code options} over {@code threads} shares, with cconnect's split of TOTAL
   * and CONCURRENCY; the run stops at {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  PeerShare(PeerOptions options, int id, int threads, long deadlineNanos) {
    this.id = id;
    this.threads = threads;
    this.concurrency = (int) PeerOptions.share(options.concurrency(), threads, id);
    this.total = PeerOptions.share(options.total(), threads, id);
    this.dsts = options.dsts();
    this.deadlineNanos = deadlineNanos;
  }

  /** Whether another connect should start now (cconnect's {@code refill} condition). */
  boolean wantsMore() {
    return stopped == null && inflight < concurrency && ok + inflight < total;
  }

  /** Counts a connect as started and gives its destination. */
  InetSocketAddress start() {
    long seq = attempts++ * threads + id;
    inflight++;
    return dsts.get((int) (seq % dsts.size()));
  }

  /** A connect started at {@code t0} ({@link System#nanoTime()}) is connected. */
  void connected(long t0) {
    latency.record(System.nanoTime() - t0);
    ok++;
    inflight--;
  }

  /** A connect failed with {@code e}: counted under its errno's name, and replaced. */
  void failed(Throwable e) {
    inflight--;
    failed++;
    errors.merge(ErrorNames.of(e), 1L, Long::sum);
    if (failed > total && stopped == null) {
      stopped = TOO_MANY_ERRORS;
    }
  }

  /** Ends the share early for {@code reason}; the first reason is kept. */
  void stop(String reason) {
    if (stopped == null) {
      stopped = reason;
    }
  }

  /** Whether the share is over: TOTAL reached, or stopped (the time limit is checked here). */
  boolean over() {
    if (stopped == null && ok < total && System.nanoTime() - deadlineNanos > 0) {
      stopped = TIME_LIMIT;
    }
    return stopped != null || ok >= total;
  }

  /** Connects in flight. */
  int inflight() {
    return inflight;
  }

  /** This share's connects in flight at most. */
  int concurrency() {
    return concurrency;
  }

  long ok() {
    return ok;
  }

  long failedCount() {
    return failed;
  }

  @Nullable String stopped() {
    return stopped;
  }

  LatencyHistogram latency() {
    return latency;
  }

  Map<String, Long> errors() {
    return errors;
  }
}
