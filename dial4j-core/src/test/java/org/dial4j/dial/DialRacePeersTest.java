package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.dial.FakeDialDriver.connects;
import static org.dial4j.dial.FakeDialDriver.connectsAnyway;
import static org.dial4j.dial.FakeDialDriver.fails;
import static org.dial4j.dial.FakeDialDriver.hangs;

import java.time.Duration;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.HostEndpoint;
import org.dial4j.error.CanceledException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.error.RefusedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The peers' own race cases (Go's net/dial_test.go, Python asyncio's test_staggered, curl's
 * unit2600), as timelines on a virtual clock. Addresses are documentation prefixes; nothing is sent
 * anywhere.
 */
class DialRacePeersTest {
  private final RaceHarness h = new RaceHarness();

  @AfterEach
  void nothingLeft() {
    assertThat(h.driver.liveTasks()).as("timers left behind").isZero();
    assertThat(h.driver.inFlight).as("attempts left running").isZero();
  }

  private void dualStack(String v6, String v4) {
    h.resolver.answers(Family.INET6, 0, v6).answers(Family.INET, 0, v4);
  }

  @Test
  @DisplayName(
      "Go TestDialParallel: primary refused at once, fallback connects at once (no attempt delay)")
  void primaryRefusedFallbackAtOnce() {
    dualStack("2001:db8::1", "192.0.2.1");
    h.driver
        .script("[2001:db8::1]:80", fails(1, Errno.ECONNREFUSED))
        .script("192.0.2.1:80", connects(1));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.0.2.1:80");
    assertThat(h.attempts()).containsExactly("0 [2001:db8::1]:80", "1 192.0.2.1:80");
    assertThat(h.endedAtMs).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "Go TestDialParallel: primary slow, fallback wins after the attempt delay; the primary is"
          + " cancelled")
  void primarySlowFallbackWins() {
    dualStack("2001:db8::1", "192.0.2.1");
    h.driver.script("[2001:db8::1]:80", connects(400)).script("192.0.2.1:80", connects(10));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.0.2.1:80");
    assertThat(h.endedAtMs).isEqualTo(260);
    assertThat(h.driver.log).contains("260 cancel [2001:db8::1]:80");
    assertThat(h.timeline()).contains("260 attempt 1 cancelled [2001:db8::1]:80 after 260 ms");
  }

  @Test
  @DisplayName(
      "Go TestDialParallel: both refused: the primary's error is primary, the other suppressed")
  void bothRefused() {
    dualStack("2001:db8::1", "192.0.2.1");
    h.driver
        .script("[2001:db8::1]:80", fails(3, Errno.ECONNREFUSED))
        .script("192.0.2.1:80", fails(2, Errno.ECONNREFUSED));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.failed).isInstanceOf(RefusedException.class);
    assertThat(((NetError) h.failed).target()).contains(new HostEndpoint("dual.test", 80));
    assertThat(((NetError) h.failed.getCause()).target())
        .contains(Endpoint.parseInet("[2001:db8::1]:80"));
    assertThat(h.failed.getSuppressed()).hasSize(1);
    assertThat(((NetError) h.failed.getSuppressed()[0]).target())
        .contains(Endpoint.parseInet("192.0.2.1:80"));
    assertThat(h.failed.getMessage())
        .startsWith("connect tcp dual.test:80: ECONNREFUSED")
        .contains(
            "all 2 addresses failed",
            "[2001:db8::1]:80 ECONNREFUSED from 0 ms",
            "192.0.2.1:80 ECONNREFUSED from 3 ms");
    assertThat(h.failed.getSuppressed()[0].getMessage())
        .contains("attempt 2 from 3 ms, ended after 2 ms");
  }

  @Test
  @DisplayName(
      "Go TestDialerFallbackDelay: the fallback starts exactly one attempt delay after the primary")
  void fallbackDelay() {
    h.attemptDelayMs = 100;
    dualStack("2001:db8::1", "192.0.2.1");
    h.driver.script("[2001:db8::1]:80", hangs()).script("192.0.2.1:80", connects(0));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.attempts()).containsExactly("0 [2001:db8::1]:80", "100 192.0.2.1:80");
    assertThat(h.endedAtMs).isEqualTo(100);
  }

  @Test
  @DisplayName(
      "Go TestDialerFallbackDelay: the attempt delay is clamped to RFC 8305's 10 ms .. 2 s")
  void attemptDelayClamped() {
    assertThat(Dialer.clampAttemptDelay(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
    assertThat(Dialer.clampAttemptDelay(Duration.ZERO)).isEqualTo(Duration.ofMillis(10));
    assertThat(Dialer.clampAttemptDelay(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(2));
    assertThat(Dialer.clampAttemptDelay(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  @DisplayName("Go TestDialerPartialDeadline: the dial's budget as each attempt sees it")
  void partialDeadlineOnAttempts() {
    // Three addresses of one family, a 9 s deadline, a cap of one attempt at a time: each attempt
    // gets remaining / addresses left, never below 2 s; the last gets all that is left.
    h.maxInFlight = 1;
    h.resolver
        .answers(Family.INET6, 0)
        .answers(Family.INET, 0, "192.0.2.1", "192.0.2.2", "192.0.2.3");
    h.driver
        .script("192.0.2.1:80", hangs())
        .script("192.0.2.2:80", hangs())
        .script("192.0.2.3:80", hangs());
    h.dial("tcp", "three.test:80", 9000).run();
    assertThat(h.attempts())
        .containsExactly("0 192.0.2.1:80", "3000 192.0.2.2:80", "6000 192.0.2.3:80");
    assertThat(h.driver.log)
        .contains("3000 attempt deadline 192.0.2.1:80", "6000 attempt deadline 192.0.2.2:80");
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(h.endedAtMs).isEqualTo(9000);
  }

  @Test
  @DisplayName(
      "Go TestDialCancel: cancelling a dial to a blackholed address ends it with ECANCELED at once")
  void cancel() {
    h.driver.script("192.0.2.1:80", hangs());
    h.dial("tcp", "192.0.2.1:80", -1);
    h.driver.advanceTo(50);
    h.race.cancel("test cancel");
    h.run();
    assertThat(h.failed).isInstanceOf(CanceledException.class);
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ECANCELED);
    assertThat(h.endedAtMs).isEqualTo(50);
    assertThat(h.driver.log).containsExactly("0 connect 192.0.2.1:80", "50 cancel 192.0.2.1:80");
  }

  @Test
  @DisplayName(
      "Go TestDialParallelSpuriousConnection: a second success after the winner is closed, never"
          + " returned")
  void spuriousSecondSuccess() {
    dualStack("2001:db8::1", "192.0.2.1");
    h.driver.script("[2001:db8::1]:80", connects(260)).script("192.0.2.1:80", connectsAnyway(10));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:80");
    assertThat(h.driver.log).contains("260 cancel 192.0.2.1:80", "260 discard conn:192.0.2.1:80");
    assertThat(h.timeline()).contains("260 attempt 2 late success closed 192.0.2.1:80 after 10 ms");
  }

  @Test
  @DisplayName(
      "asyncio test_staggered: every attempt fails at once: all are tried back to back, errors in"
          + " order")
  void staggeredAllFail() {
    h.resolver
        .answers(Family.INET6, 0)
        .answers(Family.INET, 0, "192.0.2.1", "192.0.2.2", "192.0.2.3");
    h.driver
        .failsAtOnce("192.0.2.1:80", Errno.ENETUNREACH)
        .failsAtOnce("192.0.2.2:80", Errno.EHOSTUNREACH)
        .script("192.0.2.3:80", fails(5, Errno.ECONNREFUSED));
    h.dial("tcp", "three.test:80", -1).run();
    assertThat(h.attempts()).containsExactly("0 192.0.2.1:80", "0 192.0.2.2:80", "0 192.0.2.3:80");
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ENETUNREACH);
    assertThat(((NetError) h.failed.getSuppressed()[0]).errno()).isEqualTo(Errno.EHOSTUNREACH);
    assertThat(((NetError) h.failed.getSuppressed()[1]).errno()).isEqualTo(Errno.ECONNREFUSED);
  }

  @Test
  @DisplayName(
      "asyncio test_staggered: the second wins while the first still runs; the first is cancelled")
  void staggeredSecondWins() {
    h.resolver.answers(Family.INET6, 0).answers(Family.INET, 0, "192.0.2.1", "192.0.2.2");
    h.driver.script("192.0.2.1:80", connects(1000)).script("192.0.2.2:80", connects(100));
    h.dial("tcp", "two.test:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.0.2.2:80");
    assertThat(h.endedAtMs).isEqualTo(350);
  }

  @Test
  @DisplayName("RFC 8305 section 4 interleave: First Address Family Count 2")
  void firstAddressFamilyCountTwo() {
    h.firstFamilyCount = 2;
    h.attemptDelayMs = 10;
    h.resolver
        .answers(Family.INET6, 0, "2001:db8::1", "2001:db8::2", "2001:db8::3")
        .answers(Family.INET, 0, "192.0.2.1", "192.0.2.2");
    for (String t :
        new String[] {
          "[2001:db8::1]:80", "[2001:db8::2]:80", "[2001:db8::3]:80", "192.0.2.1:80", "192.0.2.2:80"
        }) {
      h.driver.script(t, fails(100, Errno.ECONNREFUSED));
    }
    h.dial("tcp", "five.test:80", -1).run();
    assertThat(h.attempts())
        .extracting(s -> s.substring(s.indexOf(' ') + 1))
        .containsExactly(
            "[2001:db8::1]:80",
            "[2001:db8::2]:80",
            "192.0.2.1:80",
            "[2001:db8::3]:80",
            "192.0.2.2:80");
  }

  @Test
  @DisplayName("curl unit2600: attempts are spaced by the attempt delay")
  void attemptSpacing() {
    h.attemptDelayMs = 200;
    h.resolver
        .answers(Family.INET6, 0)
        .answers(Family.INET, 0, "192.0.2.1", "192.0.2.2", "192.0.2.3");
    h.driver
        .script("192.0.2.1:80", hangs())
        .script("192.0.2.2:80", hangs())
        .script("192.0.2.3:80", connects(50));
    h.dial("tcp", "three.test:80", -1).run();
    assertThat(h.attempts())
        .containsExactly("0 192.0.2.1:80", "200 192.0.2.2:80", "400 192.0.2.3:80");
    assertThat(h.endedAtMs).isEqualTo(450);
  }

  @Test
  @DisplayName("curl unit2600: family restriction: tcp4 asks only for A and tries only IPv4")
  void familyRestriction() {
    h.resolver.answers(Family.INET, 0, "192.0.2.1");
    h.driver.script("192.0.2.1:80", connects(5));
    h.dial("tcp4", "dual.test:80", -1).run();
    assertThat(h.driver.log).containsExactly("0 query A dual.test", "0 connect 192.0.2.1:80");
    assertThat(h.won).isEqualTo("conn:192.0.2.1:80");
  }

  @Test
  @DisplayName("curl unit2600: a cap on attempts in flight holds the next address until one fails")
  void capOnAttemptsInFlight() {
    h.maxInFlight = 2;
    h.resolver
        .answers(Family.INET6, 0)
        .answers(Family.INET, 0, "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
    h.driver
        .script("192.0.2.1:80", fails(1000, Errno.ECONNREFUSED))
        .script("192.0.2.2:80", hangs())
        .script("192.0.2.3:80", hangs())
        .script("192.0.2.4:80", hangs());
    h.dial("tcp", "four.test:80", 5000).run();
    // .1 fails at 1000 and frees a slot for .3; .2 (started at 250 with 3 addresses left: 4750 / 3
    // is under the 2 s floor, so 2 s) ends at 2250 and frees one for .4, which gets all that is
    // left.
    assertThat(h.attempts())
        .containsExactly(
            "0 192.0.2.1:80", "250 192.0.2.2:80", "1000 192.0.2.3:80", "2250 192.0.2.4:80");
    assertThat(h.endedAtMs).isEqualTo(5000);
    assertThat(h.driver.maxInFlight).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "RFC 8305 section 5: an immediate failure (EADDRNOTAVAIL) moves to the next address at once")
  void immediateFailure() {
    h.resolver.answers(Family.INET6, 0, "2001:db8::1").answers(Family.INET, 0, "192.0.2.1");
    h.driver
        .failsAtOnce("[2001:db8::1]:80", Errno.EADDRNOTAVAIL)
        .script("192.0.2.1:80", connects(3));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.0.2.1:80");
    assertThat(h.timeline()).contains("0 attempt 1 failed [2001:db8::1]:80 EADDRNOTAVAIL in 0 ms");
  }

  @Test
  @DisplayName("Resolution: both families fail: ENOENT from resolve, both errors kept")
  void resolutionFails() {
    h.resolver.fails(Family.INET6, 5, Errno.ENOENT).fails(Family.INET, 7, Errno.ENOENT);
    h.dial("tcp", "nowhere.test:80", -1).run();
    NetError ne = (NetError) h.failed;
    assertThat(ne.errno()).isEqualTo(Errno.ENOENT);
    assertThat(ne.operation()).isEqualTo(Operation.RESOLVE);
    assertThat(h.failed.getSuppressed()).hasSize(2);
    assertThat(h.endedAtMs).isEqualTo(7);
  }

  @Test
  @DisplayName("Resolution: empty answers for both families: ENOENT, no address")
  void noAddress() {
    h.resolver.answers(Family.INET6, 1).answers(Family.INET, 2);
    h.dial("tcp", "empty.test:80", -1).run();
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ENOENT);
    assertThat(h.failed.getMessage()).contains("no address for empty.test");
  }

  @Test
  @DisplayName("Resolution: one family fails, the other answers: the dial goes on")
  void oneFamilyFails() {
    h.resolver.fails(Family.INET6, 1, Errno.EAGAIN).answers(Family.INET, 2, "192.0.2.1");
    h.driver.script("192.0.2.1:80", connects(1));
    h.dial("tcp", "half.test:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.0.2.1:80");
    assertThat(h.timeline()).anyMatch(l -> l.startsWith("1 resolve failed IPv6"));
  }

  @Test
  @DisplayName("An IP literal needs no lookup")
  void literal() {
    h.driver.script("[2001:db8::7]:443", connects(4));
    h.dial("tcp", "[2001:db8::7]:443", 1000).run();
    assertThat(h.driver.log).containsExactly("0 connect [2001:db8::7]:443");
    assertThat(h.won).isEqualTo("conn:[2001:db8::7]:443");
  }

  @Test
  @DisplayName(
      "RTT history: a known fast address shortens the attempt delay (2 x srtt, at least 10 ms)")
  void rttHistoryShortensDelay() {
    h.rtt = new RttHistory();
    h.rtt.record(Endpoint.parseInet("[2001:db8::1]:80"), 4_000_000L);
    dualStack("2001:db8::1", "192.0.2.1");
    h.driver.script("[2001:db8::1]:80", hangs()).script("192.0.2.1:80", connects(1));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.attempts()).containsExactly("0 [2001:db8::1]:80", "10 192.0.2.1:80");
  }

  @Test
  @DisplayName("The listener sees the whole dial in order")
  void eventOrder() {
    h.resolver.answers(Family.INET6, 10, "2001:db8::1").answers(Family.INET, 20, "192.0.2.1");
    h.driver.script("[2001:db8::1]:80", connects(30));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.timeline())
        .containsExactly(
            "0 resolve start dual.test [IPv6, IPv4]",
            "10 resolve answer IPv6 [[2001:db8::1]:80]",
            "10 attempt 1 start IPv6 [2001:db8::1]:80",
            "20 resolve answer IPv4 [192.0.2.1:80]",
            "20 resolve end [[2001:db8::1]:80, 192.0.2.1:80]",
            "40 attempt 1 connected [2001:db8::1]:80 local [::1]:40000 in 30 ms",
            "40 winner attempt 1 [2001:db8::1]:80 local [::1]:40000");
  }

  @Test
  @DisplayName("Source per family: with an IPv4 source only, IPv6 addresses are skipped")
  void sourceOfOneFamily() {
    h.sourceV4 = Endpoint.parseInet("192.0.2.100:0");
    dualStack("2001:db8::1", "192.0.2.1");
    h.driver.script("192.0.2.1:80", connects(2));
    h.dial("tcp", "dual.test:80", -1).run();
    assertThat(h.driver.log).contains("0 connect 192.0.2.1:80 from 192.0.2.100:0");
    assertThat(h.driver.log).noneMatch(l -> l.contains("2001:db8::1]:80") && l.contains("connect"));
    assertThat(h.won).isEqualTo("conn:192.0.2.1:80");
  }

  @Test
  @DisplayName(
      "Source per family: a literal of the other family fails with EAFNOSUPPORT, nothing opened")
  void sourceExcludesLiteral() {
    h.sourceV4 = Endpoint.parseInet("192.0.2.100:0");
    h.dial("tcp", "[2001:db8::1]:80", -1).run();
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.EAFNOSUPPORT);
    assertThat(h.driver.log).isEmpty();
  }

  @Test
  @DisplayName(
      "A bug that throws inside the race ends the dial with EIO (the cause attached), never a hang")
  void internalErrorEndsTheDial() {
    h.driver.step0Bug = Endpoint.parseInet("192.0.2.1:80");
    h.dial("tcp", "192.0.2.1:80", 1000).run();
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.EIO);
    assertThat(h.failed.getCause()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName(
      "libdill deadlines: a dial whose deadline has passed already fails with ETIMEDOUT before any"
          + " attempt or query")
  void expiredDeadlineMakesNoAttempt() {
    h.driver.script("192.0.2.1:80", connects(1));
    h.dial("tcp", "192.0.2.1:80", 0).run();
    assertThat(h.won).isNull();
    assertThat(h.failed)
        .isInstanceOf(org.dial4j.error.TimedOutException.class)
        .hasMessageContaining("the deadline had passed before the dial started");
    assertThat(h.driver.log).isEmpty();
    assertThat(h.attempts()).isEmpty();
    assertThat(h.endedAtMs).isZero();

    RaceHarness named = new RaceHarness();
    named.resolver.answers(Family.INET, 0, "192.0.2.1");
    named.dial("tcp", "host.test:80", 0).run();
    assertThat(named.failed)
        .isInstanceOf(org.dial4j.error.TimedOutException.class)
        .satisfies(e -> assertThat(((NetError) e).operation()).isEqualTo(Operation.RESOLVE));
    assertThat(named.timeline()).noneMatch(l -> l.contains("resolve start"));
  }
}
