package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.dial.FakeDialDriver.connects;
import static org.dial4j.dial.FakeDialDriver.hangs;

import org.dial4j.Family;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.error.TimedOutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * libdill's tests/happyeyeballs.c, test by test, as timelines on a virtual clock (libdill
 * tcp_connect page; libdill mocks DNS and TCP the same way). Two differences from libdill: the
 * attempt delay (libdill waits 300 ms, RFC 8305 and dial4j 250 ms) shifts later attempt times; and
 * libdill's mock IPv6 addresses {@code 2001::N} are Teredo addresses, which RFC 6724's policy table
 * ranks below IPv4, so these tests use {@code 2001:db8::N} (an ordinary global prefix to the table)
 * to keep libdill's meaning, "the IPv6 answer".
 */
@DisplayName("libdill happyeyeballs.c on a virtual clock")
class HappyEyeballsLibdillTest {
  private final RaceHarness h = new RaceHarness();

  @AfterEach
  void nothingLeft() {
    assertThat(h.driver.liveTasks()).as("timers left behind").isZero();
    assertThat(h.driver.inFlight).as("attempts left running").isZero();
  }

  @Test
  @DisplayName("libdill happyeyeballs.c test1: IPv6 only")
  void ipv6Only() {
    h.resolver.answers(Family.INET6, 10, "2001:db8::1").answers(Family.INET, 10);
    h.driver.script("[2001:db8::1]:80", connects(10));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:80");
    assertThat(h.endedAtMs).isEqualTo(20);
    assertThat(h.driver.log)
        .containsExactly(
            "0 query AAAA www.example.org",
            "0 query A www.example.org",
            "10 connect [2001:db8::1]:80");
  }

  @Test
  @DisplayName("libdill happyeyeballs.c test2: IPv4 only")
  void ipv4Only() {
    h.resolver.answers(Family.INET6, 10).answers(Family.INET, 10, "192.168.0.1");
    h.driver.script("192.168.0.1:80", connects(10));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.168.0.1:80");
    assertThat(h.endedAtMs).isEqualTo(20);
  }

  @Test
  @DisplayName("libdill happyeyeballs.c test3: the slow A query is cancelled when IPv6 connects")
  void slowIpv4QueryCancelled() {
    h.resolver.answers(Family.INET6, 10, "2001:db8::1").answers(Family.INET, 100);
    h.driver.script("[2001:db8::1]:80", connects(10));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:80");
    assertThat(h.driver.log).contains("20 query A cancelled");
    assertThat(h.timeline()).contains("20 resolve cancelled IPv4");
  }

  @Test
  @DisplayName("libdill happyeyeballs.c test4: the slow AAAA query is cancelled when IPv4 connects")
  void slowIpv6QueryCancelled() {
    h.resolver.answers(Family.INET6, 100).answers(Family.INET, 10, "192.168.0.1");
    h.driver.script("192.168.0.1:80", connects(10));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.168.0.1:80");
    // The A answer waited the 50 ms Resolution Delay for AAAA (RFC 8305 section 3).
    assertThat(h.driver.log)
        .containsSubsequence("60 connect 192.168.0.1:80", "70 query AAAA cancelled");
  }

  @Test
  @DisplayName("libdill happyeyeballs.c test5: AAAA at 30 ms after A at 10 ms: IPv6 is used")
  void ipv6WithinResolutionDelay() {
    h.resolver.answers(Family.INET6, 30, "2001:db8::1").answers(Family.INET, 10, "192.168.0.1");
    h.driver.script("[2001:db8::1]:80", connects(10));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:80");
    assertThat(h.attempts()).containsExactly("30 [2001:db8::1]:80");
  }

  @Test
  @DisplayName("libdill happyeyeballs.c test6: AAAA at 100 ms: IPv4 is used")
  void ipv4AfterResolutionDelay() {
    h.resolver.answers(Family.INET6, 100, "2001:db8::1").answers(Family.INET, 10, "192.168.0.1");
    h.driver.script("192.168.0.1:80", connects(100));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.won).isEqualTo("conn:192.168.0.1:80");
    assertThat(h.attempts()).containsExactly("60 192.168.0.1:80");
    assertThat(h.endedAtMs).isEqualTo(160);
  }

  @Test
  @DisplayName(
      "libdill happyeyeballs.c test7: AAAA after the delay but before A: IPv6 is used, A cancelled")
  void ipv6FirstAfterDelay() {
    h.resolver.answers(Family.INET6, 100, "2001:db8::1").answers(Family.INET, 200, "192.168.0.1");
    h.driver.script("[2001:db8::1]:80", connects(10));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:80");
    assertThat(h.driver.log).contains("110 query A cancelled");
  }

  @Test
  @DisplayName(
      "libdill happyeyeballs.c test8: deadline (30 ms) while both queries hang: ETIMEDOUT, both"
          + " cancelled")
  void deadlineDuringResolution() {
    h.resolver.hangs(Family.INET6).hangs(Family.INET);
    h.dial("tcp", "www.example.org:80", 30).run();
    assertThat(h.failed).isInstanceOf(TimedOutException.class);
    NetError ne = (NetError) h.failed;
    assertThat(ne.errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(ne.operation()).isEqualTo(Operation.RESOLVE);
    assertThat(h.endedAtMs).isEqualTo(30);
    assertThat(h.driver.log).contains("30 query AAAA cancelled", "30 query A cancelled");
    assertThat(h.failed.getMessage())
        .contains("www.example.org:80", "deadline of 30 ms passed", "resolve not finished");
  }

  @Test
  @DisplayName(
      "libdill happyeyeballs.c test9: deadline (100 ms) after the resolution delay, queries hang")
  void deadlineAfterResolutionDelay() {
    h.resolver.hangs(Family.INET6).hangs(Family.INET);
    h.dial("tcp", "www.example.org:80", 100).run();
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(h.endedAtMs).isEqualTo(100);
  }

  @Test
  @DisplayName(
      "libdill happyeyeballs.c test10: two addresses per family all hang, deadline 900 ms:"
          + " interleaved attempts, then ETIMEDOUT")
  void interleavedUntilDeadline() {
    h.resolver
        .answers(Family.INET6, 10, "2001:db8::1", "2001:db8::2")
        .answers(Family.INET, 20, "192.168.0.1", "192.168.0.2");
    for (String t :
        new String[] {"[2001:db8::1]:80", "[2001:db8::2]:80", "192.168.0.1:80", "192.168.0.2:80"}) {
      h.driver.script(t, hangs());
    }
    h.dial("tcp", "www.example.org:80", 900).run();
    assertThat(h.attempts())
        .containsExactly(
            "10 [2001:db8::1]:80",
            "260 192.168.0.1:80",
            "510 [2001:db8::2]:80",
            "760 192.168.0.2:80");
    NetError ne = (NetError) h.failed;
    assertThat(ne.errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(ne.operation()).isEqualTo(Operation.CONNECT);
    assertThat(h.endedAtMs).isEqualTo(900);
    // The four attempts still running are attached, each ETIMEDOUT with its own target.
    assertThat(h.failed.getCause()).isInstanceOf(TimedOutException.class);
    assertThat(h.failed.getSuppressed()).hasSize(3);
    assertThat(h.failed.getMessage()).contains("4 attempts", "[2001:db8::1]:80 running from 10 ms");
    assertThat(h.driver.log)
        .containsSubsequence(
            "900 cancel [2001:db8::1]:80",
            "900 cancel 192.168.0.1:80",
            "900 cancel [2001:db8::2]:80",
            "900 cancel 192.168.0.2:80");
  }

  @Test
  @DisplayName(
      "libdill happyeyeballs.c test11: AAAA late: IPv4 first, then alternate once AAAA arrives")
  void lateIpv6JoinsAlternating() {
    h.resolver
        .answers(Family.INET6, 400, "2001:db8::1", "2001:db8::2", "2001:db8::3")
        .answers(Family.INET, 10, "192.168.0.1", "192.168.0.2", "192.168.0.3");
    h.driver
        .script("192.168.0.1:80", hangs())
        .script("192.168.0.2:80", hangs())
        .script("[2001:db8::1]:80", hangs())
        .script("192.168.0.3:80", connects(50));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.attempts())
        .containsExactly(
            "60 192.168.0.1:80",
            "310 192.168.0.2:80",
            "560 [2001:db8::1]:80",
            "810 192.168.0.3:80");
    assertThat(h.won).isEqualTo("conn:192.168.0.3:80");
    assertThat(h.endedAtMs).isEqualTo(860);
  }

  @Test
  @DisplayName("libdill happyeyeballs.c test12: A late: IPv6 first, then alternate once A arrives")
  void lateIpv4JoinsAlternating() {
    h.resolver
        .answers(Family.INET6, 10, "2001:db8::1", "2001:db8::2", "2001:db8::3")
        .answers(Family.INET, 400, "192.168.0.1", "192.168.0.2", "192.168.0.3");
    h.driver
        .script("[2001:db8::1]:80", hangs())
        .script("[2001:db8::2]:80", hangs())
        .script("192.168.0.1:80", hangs())
        .script("[2001:db8::3]:80", connects(50));
    h.dial("tcp", "www.example.org:80", -1).run();
    assertThat(h.attempts())
        .containsExactly(
            "10 [2001:db8::1]:80",
            "260 [2001:db8::2]:80",
            "510 192.168.0.1:80",
            "760 [2001:db8::3]:80");
    assertThat(h.won).isEqualTo("conn:[2001:db8::3]:80");
  }
}
