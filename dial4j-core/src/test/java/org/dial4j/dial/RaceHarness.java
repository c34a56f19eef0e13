package org.dial4j.dial;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;

/** One race on a {@link FakeDialDriver}, with its events and outcome recorded. */
final class RaceHarness {
  final FakeDialDriver driver = new FakeDialDriver();
  final FakeDialDriver.ScriptedResolver resolver = driver.new ScriptedResolver();
  final List<DialEvent> events = new ArrayList<>();
  long attemptDelayMs = 250;
  long resolutionDelayMs = 50;
  int firstFamilyCount = 1;
  int maxInFlight;
  RttHistory rtt;
  InetEndpoint sourceV4;
  InetEndpoint sourceV6;
  String service;

  /** A resolver to use instead of {@link #resolver} (e.g. one whose answers the test gives). */
  Resolver resolverInstead;

  String won;
  ServiceBinding wonBinding;
  IOException failed;
  long endedAtMs = -1;
  DialRace<String> race;

  DialSettings settings() {
    return new DialSettings(
        resolverInstead != null ? resolverInstead : resolver,
        events::add,
        resolutionDelayMs * 1_000_000L,
        attemptDelayMs * 1_000_000L,
        firstFamilyCount,
        maxInFlight,
        rtt,
        sourceV4,
        sourceV6,
        service,
        SocketSettings.DEFAULT);
  }

  /**
   * Starts a dial of {@code target} on {@code network} with a deadline {@code deadlineMs} away
   * (negative: none).
   */
  RaceHarness dial(String network, String target, long deadlineMs) {
    Deadline d =
        deadlineMs < 0 ? Deadline.NEVER : Deadline.at(driver.nanoTime() + deadlineMs * 1_000_000L);
    race =
        new DialRace<>(
            settings(),
            driver,
            1,
            Network.parse(network),
            Endpoint.parse(target),
            d,
            new DialRace.Outcome<>() {
              @Override
              public void won(String c, ServiceBinding b) {
                if (won != null || failed != null) {
                  throw new AssertionError("second outcome");
                }
                won = c;
                wonBinding = b;
                endedAtMs = driver.ms();
              }

              @Override
              public void failed(IOException e) {
                if (won != null || failed != null) {
                  throw new AssertionError("second outcome");
                }
                failed = e;
                endedAtMs = driver.ms();
              }
            });
    driver.execute(race::start);
    return this;
  }

  RaceHarness run() {
    driver.runAll();
    return this;
  }

  /** The events as {@code "<ms> <describe>"} lines. */
  List<String> timeline() {
    List<String> out = new ArrayList<>();
    for (DialEvent e : events) {
      out.add(e.at().toMillis() + " " + e.describe());
    }
    return out;
  }

  /** Attempt starts as {@code "<ms> <target>"}. */
  List<String> attempts() {
    List<String> out = new ArrayList<>();
    for (DialEvent e : events) {
      if (e instanceof DialEvent.AttemptStart s) {
        out.add(e.at().toMillis() + " " + s.target());
      }
    }
    return out;
  }
}
