package org.dial4j.dial;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * One dial's {@link RaceObserver}: each step becomes a {@link DialEvent} for the listener (if there
 * is one) and, while a recording enables them, a JFR event (one per family query, one per attempt,
 * each timed from its start to its end; see {@link DialJfr}). The one place that knows both, so a
 * step is reported once by the race.
 */
final class DialObserver implements RaceObserver {
  private final DialListener listener;

  /** Whether the listener is a real one: without, no DialEvent is built. */
  private final boolean listening;

  private final long dial;
  private final String name;
  private final boolean recording;
  private final Map<Family, DialJfr.ResolveEvent> resolves = new EnumMap<>(Family.class);
  private final List<DialJfr.@Nullable AttemptEvent> attempts = new ArrayList<>(2);

  private DialObserver(DialListener listener, long dial, String name, boolean recording) {
    this.listener = listener;
    this.listening = listener != DialListener.NONE;
    this.dial = dial;
    this.name = name;
    this.recording = recording;
  }

  /**
   * The observer of dial {@code dial}, or {@link RaceObserver#NONE} when {@code listener} is {@link
   * DialListener#NONE} and no recording enables the JFR events now (a recording started later sees
   * the dials that start after it; while no JFR class is loaded, whether one is gets looked at once
   * a millisecond at most, so a dial in the first millisecond of the process's first recording may
   * miss it).
   *
   * @param name the dial's name, as the JFR attempt events carry it
   */
  static RaceObserver open(DialListener listener, long dial, String name) {
    boolean recording = DialJfr.enabled();
    if (listener == DialListener.NONE && !recording) {
      return NONE;
    }
    return new DialObserver(listener, dial, name, recording);
  }

  @Override
  public void resolveStart(Duration at, String host, List<Family> families) {
    if (listening) {
      emit(new DialEvent.ResolveStart(at, dial, host, List.copyOf(families)));
    }
    if (recording) {
      for (Family f : families) {
        DialJfr.ResolveEvent e = DialJfr.resolveBegin(host, f);
        if (e != null) {
          resolves.put(f, e);
        }
      }
    }
  }

  @Override
  public void resolveAnswer(Duration at, Family family, List<InetEndpoint> addresses) {
    if (listening) {
      emit(new DialEvent.ResolveAnswer(at, dial, family, List.copyOf(addresses)));
    }
    DialJfr.resolveEnd(resolves.remove(family), addresses.size(), null);
  }

  @Override
  public void resolveFailed(Duration at, Family family, IOException error) {
    if (listening) {
      emit(new DialEvent.ResolveFailed(at, dial, family, error));
    }
    DialJfr.resolveEnd(resolves.remove(family), 0, error);
  }

  @Override
  public void resolveCancelled(Duration at, Family family) {
    if (listening) {
      emit(new DialEvent.ResolveCancelled(at, dial, family));
    }
    DialJfr.resolveEnd(resolves.remove(family), 0, null);
  }

  @Override
  public void resolveEnd(Duration at, List<InetEndpoint> plan) {
    if (listening) {
      emit(new DialEvent.ResolveEnd(at, dial, List.copyOf(plan)));
    }
  }

  @Override
  public void attemptStart(
      Duration at, int attempt, @Nullable InetEndpoint source, InetEndpoint target) {
    if (listening) {
      emit(new DialEvent.AttemptStart(at, dial, attempt, source, target));
    }
    if (recording) {
      while (attempts.size() < attempt) {
        attempts.add(null);
      }
      attempts.set(attempt - 1, DialJfr.attemptBegin(name, attempt, target));
    }
  }

  @Override
  public void multipathFallback(Duration at, int attempt, InetEndpoint target, Errno refused) {
    if (listening) {
      emit(new DialEvent.MultipathFallback(at, dial, attempt, target, refused));
    }
  }

  @Override
  public void attemptConnected(
      Duration at, int attempt, InetEndpoint target, @Nullable InetEndpoint local, Duration took) {
    if (listening) {
      emit(new DialEvent.AttemptConnected(at, dial, attempt, target, local, took));
    }
    DialJfr.attemptEnd(takeAttempt(attempt), "connected", null);
  }

  @Override
  public void attemptFailed(
      Duration at,
      int attempt,
      InetEndpoint target,
      Errno errno,
      IOException error,
      Duration took) {
    if (listening) {
      emit(new DialEvent.AttemptFailed(at, dial, attempt, target, errno, error, took));
    }
    DialJfr.attemptEnd(takeAttempt(attempt), "failed", errno);
  }

  @Override
  public void attemptCancelled(
      Duration at, int attempt, InetEndpoint target, Duration took, boolean lateSuccess) {
    if (listening) {
      emit(new DialEvent.AttemptCancelled(at, dial, attempt, target, took, lateSuccess));
    }
    DialJfr.attemptEnd(
        takeAttempt(attempt), lateSuccess ? "late success closed" : "cancelled", null);
  }

  @Override
  public void dnsQuery(Duration at, Family family, DnsQueryEvent query) {
    if (listening) {
      emit(new DialEvent.DnsQuery(at, dial, family, query));
    }
  }

  @Override
  public void serviceAnswer(Duration at, List<ServiceBinding> bindings) {
    if (listening) {
      emit(new DialEvent.ServiceAnswer(at, dial, List.copyOf(bindings)));
    }
  }

  @Override
  public void won(
      Duration at,
      int attempt,
      InetEndpoint target,
      @Nullable InetEndpoint local,
      @Nullable ServiceBinding binding) {
    if (listening) {
      emit(new DialEvent.Won(at, dial, attempt, target, local, binding));
    }
  }

  @Override
  public void failed(Duration at, IOException error) {
    if (listening) {
      emit(new DialEvent.Failed(at, dial, error));
    }
  }

  /** The attempt's JFR event, once: a late success after a cancel ends nothing twice. */
  private DialJfr.@Nullable AttemptEvent takeAttempt(int attempt) {
    if (attempt < 1 || attempt > attempts.size()) {
      return null;
    }
    return attempts.set(attempt - 1, null);
  }

  /** What the listener throws is logged; the dial goes on. */
  private void emit(DialEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      System.getLogger(Dialer.class.getName())
          .log(System.Logger.Level.WARNING, "dial listener failed on " + event, e);
    }
  }
}
