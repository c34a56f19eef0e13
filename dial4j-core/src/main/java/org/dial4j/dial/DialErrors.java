package org.dial4j.dial;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.jspecify.annotations.Nullable;

/**
 * A dial's failures, kept as they come, and the one error the dial ends with (ARCHITECTURE.md, the
 * error rule): the first attempt's errno, that attempt's own error as the cause ("the first error
 * is the most relevant", Go's dialSerial), every other attempt's error suppressed, each with its
 * target and times, and a message that says how the deadline was spent. Made by a {@link DialRace}
 * at its first failure only: a dial that connects at once never builds one.
 */
final class DialErrors {
  /** What the errors need to know of an attempt. */
  interface Tried {
    int number();

    InetEndpoint target();

    long startedAt();
  }

  /** What the errors need to know of the race at the moment it ends. */
  interface Progress {
    long now();

    /** Attempts started so far. */
    int started();

    /** Addresses skipped for want of a source of their family. */
    int skipped();

    /** Addresses known but not tried. */
    int untried();

    /** When resolution ended (nanoTime), or -1. */
    long resolvedAt();

    /** Attempts still running, in start order. */
    List<? extends Tried> running();
  }

  private record Failed(Tried attempt, @Nullable Errno errno) {}

  private final Network network;
  private final Endpoint shown;
  private final @Nullable String host;
  private final long startedAt;
  private final DialSettings settings;
  private final Progress progress;
  private final List<Failed> failed = new ArrayList<>();
  private final List<IOException> failures = new ArrayList<>();
  private final List<IOException> resolveErrors = new ArrayList<>(2);

  /** The first attempt's own detail, when it failed before its connect (an option, a bind). */
  private @Nullable String firstSetupDetail;

  /**
   * @param host the name being resolved, or null for an IP literal
   */
  DialErrors(
      Network network,
      Endpoint shown,
      @Nullable String host,
      long startedAt,
      DialSettings settings,
      Progress progress) {
    this.network = network;
    this.shown = shown;
    this.host = host;
    this.startedAt = startedAt;
    this.settings = settings;
    this.progress = progress;
  }

  // ---------------------------------------------------------------- as they come

  /** Keeps a family's failed query (as a NetError of operation resolve) and returns it. */
  IOException resolveFailed(Throwable err) {
    Throwable t =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    IOException e;
    if (t instanceof IOException io && t instanceof NetError) {
      e = io;
    } else {
      e =
          NetError.of(
              Errno.ENOENT, Operation.RESOLVE, network, null, shown, "resolver failed: " + t);
      e.initCause(t);
    }
    resolveErrors.add(e);
    return e;
  }

  /** Keeps an attempt's failure, with its target and times, and returns it. */
  IOException attemptFailed(Tried a, Errno errno, IOException error, long now) {
    IOException e = attemptError(a, errno, error, now);
    if (failures.isEmpty() && error instanceof NetError ne && ne.operation() != Operation.CONNECT) {
      // What failed before the connect (an option, a bind, the socket) is named in the dial's own
      // error too, not only in its cause: "setsockopt ...: ENODEV (SO_BINDTODEVICE eth9)".
      firstSetupDetail = ne.detail().orElse(null);
    }
    failed.add(new Failed(a, errno));
    failures.add(e);
    return e;
  }

  // ---------------------------------------------------------------- the dial's error

  /** The deadline passed in {@code phase}. */
  IOException timedOut(Operation phase, long deadline) {
    IOException e =
        dialError(
            Errno.ETIMEDOUT,
            phase,
            "deadline of " + DialRace.ms(deadline - startedAt) + " passed" + spent());
    attach(e, Errno.ETIMEDOUT);
    return e;
  }

  /** The deadline had passed when the dial started: no system call was made. */
  IOException timedOutBeforeStart(Operation phase) {
    return dialError(Errno.ETIMEDOUT, phase, "the deadline had passed before the dial started");
  }

  /** Cancelled in {@code phase}, for {@code why}. */
  IOException cancelled(Operation phase, String why) {
    IOException e =
        dialError(
            Errno.ECANCELED,
            phase,
            "cancelled after " + DialRace.ms(progress.now() - startedAt) + ": " + why + spent());
    attach(e, null);
    return e;
  }

  /** Nothing is left to try: every address failed, or there was none. */
  IOException allFailed() {
    int started = progress.started();
    int skipped = progress.skipped();
    if (started == 0 && skipped > 0) {
      return dialError(
          Errno.EAFNOSUPPORT,
          Operation.CONNECT,
          skipped
              + (skipped == 1 ? " address" : " addresses")
              + " skipped: no source address of its family");
    }
    if (started == 0) {
      // Nothing to try: every family failed or answered with nothing.
      IOException e =
          resolveErrors.isEmpty()
              ? dialError(Errno.ENOENT, Operation.RESOLVE, "no address for " + host)
              : dialError(
                  NetError.errnoOf(resolveErrors.getFirst()).orElse(Errno.ENOENT),
                  Operation.RESOLVE,
                  resolveErrors.getFirst() instanceof NetError ne && ne.detail().isPresent()
                      ? ne.detail().get()
                      : "no address for " + host);
      for (IOException r : resolveErrors) {
        e.addSuppressed(r);
      }
      return e;
    }
    IOException firstFailure = failures.getFirst();
    Errno first = NetError.errnoOf(firstFailure).orElse(Errno.EIO);
    // The first attempt's operation too: EMFILE from socket() or EADDRINUSE from bind() reads
    // "socket ..." or "bind ...", as the loop's named connect says it.
    Operation op = firstFailure instanceof NetError ne ? ne.operation() : Operation.CONNECT;
    IOException e =
        dialError(
            first,
            op,
            (firstSetupDetail != null ? firstSetupDetail + "; " : "")
                + (started == 1
                    ? "the only address failed"
                    : "all " + started + " addresses failed")
                + spent());
    attach(e, null);
    return e;
  }

  /** A bug inside the race: EIO with the bug as the cause. */
  IOException internal(Operation phase, Throwable bug) {
    IOException io = dialError(Errno.EIO, phase, "internal error: " + bug);
    io.initCause(bug);
    return io;
  }

  /**
   * The first attempt's failure becomes the cause, every later one is suppressed; attempts still
   * running at a timeout are added as {@code running} (ETIMEDOUT), each with its target and times.
   */
  private void attach(IOException e, @Nullable Errno running) {
    boolean first = true;
    for (IOException f : failures) {
      if (first) {
        e.initCause(f);
        first = false;
      } else {
        e.addSuppressed(f);
      }
    }
    if (running != null) {
      long now = progress.now();
      for (Tried a : progress.running()) {
        IOException r =
            attemptError(
                a,
                running,
                NetError.of(
                    running,
                    Operation.CONNECT,
                    network,
                    settings.source(a.target().family()),
                    a.target(),
                    null),
                now);
        if (first) {
          e.initCause(r);
          first = false;
        } else {
          e.addSuppressed(r);
        }
      }
    }
    for (IOException r : resolveErrors) {
      e.addSuppressed(r);
    }
  }

  /**
   * How the time went: {@code ; resolve 20 ms; 3 attempts: [::1]:80 ECONNREFUSED from 1 ms, ...}.
   */
  private String spent() {
    StringBuilder sb = new StringBuilder();
    if (host != null) {
      long resolvedAt = progress.resolvedAt();
      sb.append("; resolve ")
          .append(resolvedAt >= 0 ? DialRace.ms(resolvedAt - startedAt) : "not finished");
    }
    int started = progress.started();
    if (started > 0) {
      sb.append("; ").append(started).append(started == 1 ? " attempt: " : " attempts: ");
      List<Failed> all = new ArrayList<>(failed);
      for (Tried a : progress.running()) {
        all.add(new Failed(a, null));
      }
      all.sort(Comparator.comparingInt(f -> f.attempt().number()));
      String sep = "";
      for (Failed f : all) {
        sb.append(sep)
            .append(f.attempt().target())
            .append(' ')
            .append(f.errno() != null ? f.errno().name() : "running")
            .append(" from ")
            .append(DialRace.ms(f.attempt().startedAt() - startedAt));
        sep = ", ";
      }
      if (progress.untried() > 0) {
        sb.append("; ").append(progress.untried()).append(" not tried");
      }
    }
    return sb.toString();
  }

  private IOException attemptError(Tried a, Errno errno, IOException error, long now) {
    String detail = error instanceof NetError ne ? ne.detail().orElse(null) : error.getMessage();
    String timing =
        "attempt "
            + a.number()
            + " from "
            + DialRace.ms(a.startedAt() - startedAt)
            + ", "
            + (errno == Errno.ETIMEDOUT && error instanceof NetError ne2 && ne2.detail().isEmpty()
                ? "still running at the deadline after "
                : "ended after ")
            + DialRace.ms(now - a.startedAt());
    Operation op = error instanceof NetError ne3 ? ne3.operation() : Operation.CONNECT;
    IOException e =
        NetError.of(
            errno,
            op,
            network,
            settings.source(a.target().family()),
            a.target(),
            detail == null || detail.isEmpty() ? timing : detail + "; " + timing);
    if (error.getCause() != null) {
      e.initCause(error.getCause());
    }
    return e;
  }

  private IOException dialError(Errno errno, Operation op, String detail) {
    return NetError.of(errno, op, network, null, shown, detail);
  }
}
