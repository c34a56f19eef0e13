package org.dial4j.dial;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link DialRace} reports its steps, one call per step: {@link DialObserver} turns each
 * into a {@link DialEvent} for the dialer's listener and into the JFR events of {@link DialJfr}.
 * {@link #NONE} when nobody listens and no recording wants the events: then the race builds no
 * argument for it at all (no time, no list copy, no local-address lookup), so a dial on the connect
 * path reports nothing and costs nothing.
 *
 * <p>{@code at} is the time since the dial was asked for, on the dialer's clock; every call comes
 * on the race's driver thread.
 */
interface RaceObserver {
  /** Nobody observes. */
  RaceObserver NONE = new RaceObserver() {};

  default void resolveStart(Duration at, String host, List<Family> families) {}

  default void resolveAnswer(Duration at, Family family, List<InetEndpoint> addresses) {}

  default void resolveFailed(Duration at, Family family, IOException error) {}

  default void resolveCancelled(Duration at, Family family) {}

  default void resolveEnd(Duration at, List<InetEndpoint> plan) {}

  default void attemptStart(
      Duration at, int attempt, @Nullable InetEndpoint source, InetEndpoint target) {}

  default void multipathFallback(Duration at, int attempt, InetEndpoint target, Errno refused) {}

  default void attemptConnected(
      Duration at, int attempt, InetEndpoint target, @Nullable InetEndpoint local, Duration took) {}

  default void attemptFailed(
      Duration at,
      int attempt,
      InetEndpoint target,
      Errno errno,
      IOException error,
      Duration took) {}

  default void attemptCancelled(
      Duration at, int attempt, InetEndpoint target, Duration took, boolean lateSuccess) {}

  default void serviceAnswer(Duration at, List<ServiceBinding> bindings) {}

  default void dnsQuery(Duration at, Family family, DnsQueryEvent query) {}

  default void won(
      Duration at,
      int attempt,
      InetEndpoint target,
      @Nullable InetEndpoint local,
      @Nullable ServiceBinding binding) {}

  default void failed(Duration at, IOException error) {}
}
