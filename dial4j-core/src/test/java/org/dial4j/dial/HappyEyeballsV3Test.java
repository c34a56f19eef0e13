package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.dial.FakeDialDriver.connects;
import static org.dial4j.dial.FakeDialDriver.fails;
import static org.dial4j.dial.FakeDialDriver.hangs;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Happy Eyeballs version 3 (draft-ietf-happy-happyeyeballs-v3-04) on a virtual clock: the draft's
 * section 4.2.2 examples E1 to E8 as timelines, then the service bindings' planning (priority
 * groups, the port, hints and their supersession, the bindings TCP cannot use), a failed bindings
 * query, the winning binding, and what the race cancels when it ends. Each answer comes at the
 * virtual time the test gives; addresses are documentation prefixes; nothing is sent anywhere.
 */
@DisplayName("Happy Eyeballs v3 on a virtual clock")
class HappyEyeballsV3Test {
  private static final String NAME = "hev3.test";
  private static final String ALT = "alt.test";

  private final RaceHarness h = new RaceHarness();
  private final HandResolver r = new HandResolver();

  @BeforeEach
  void serviceOn() {
    h.service = "https";
    h.resolverInstead = r;
  }

  @AfterEach
  void nothingLeft() {
    assertThat(h.driver.liveTasks()).as("timers left behind").isZero();
    assertThat(h.driver.inFlight).as("attempts left running").isZero();
    assertThat(r.all()).as("futures the race left out").allMatch(CompletableFuture::isDone);
  }

  // ------------------------------------------------------------ the draft's section 4.2.2

  @Test
  @DisplayName(
      "E1: HTTPS (no hints) and AAAA at 30 ms -> IPv6 starts at 30; A at 32 -> IPv4 joins the plan")
  void e1() {
    hangAll();
    services(30, binding(1, NAME, "alpn=h2"));
    aaaa(30, NAME, "2001:db8::1", "2001:db8::2");
    a(32, NAME, "192.0.2.1", "192.0.2.2");
    endAt(600);
    assertThat(h.attempts())
        .containsExactly("30 [2001:db8::1]:443", "280 192.0.2.1:443", "530 [2001:db8::2]:443");
    assertThat(plan())
        .isEqualTo("32 [[2001:db8::1]:443, 192.0.2.1:443, [2001:db8::2]:443, 192.0.2.2:443]");
  }

  @Test
  @DisplayName(
      "E2: HTTPS and A at 30 ms -> the Resolution Delay runs; AAAA at 40 -> IPv6 and IPv4 start at"
          + " 40")
  void e2() {
    hangAll();
    services(30, binding(1, NAME, "alpn=h2"));
    a(30, NAME, "192.0.2.1", "192.0.2.2");
    aaaa(40, NAME, "2001:db8::1", "2001:db8::2");
    endAt(300);
    assertThat(h.attempts()).containsExactly("40 [2001:db8::1]:443", "290 192.0.2.1:443");
    assertThat(plan())
        .isEqualTo("40 [[2001:db8::1]:443, 192.0.2.1:443, [2001:db8::2]:443, 192.0.2.2:443]");
  }

  @Test
  @DisplayName(
      "E3: HTTPS and A at 30 ms, no AAAA -> IPv4 starts at 80 (the Resolution Delay); AAAA at 180"
          + " joins and is tried next")
  void e3() {
    hangAll();
    services(30, binding(1, NAME, "alpn=h2"));
    a(30, NAME, "192.0.2.1", "192.0.2.2");
    aaaa(180, NAME, "2001:db8::1", "2001:db8::2");
    endAt(400);
    assertThat(h.attempts()).containsExactly("80 192.0.2.1:443", "330 [2001:db8::1]:443");
    assertThat(plan())
        .isEqualTo("180 [192.0.2.1:443, [2001:db8::1]:443, 192.0.2.2:443, [2001:db8::2]:443]");
  }

  @Test
  @DisplayName(
      "E4: AAAA and A at 30 ms, HTTPS out -> the Resolution Delay runs; HTTPS at 40 -> start at 40,"
          + " the winner carries its binding")
  void e4() {
    hangAll();
    h.driver.script("[2001:db8::1]:443", connects(5));
    ServiceBinding b = binding(1, NAME, "alpn=h2");
    aaaa(30, NAME, "2001:db8::1", "2001:db8::2");
    a(30, NAME, "192.0.2.1", "192.0.2.2");
    services(40, b);
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("40 [2001:db8::1]:443");
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:443");
    assertThat(h.wonBinding).isEqualTo(b);
    assertThat(h.timeline())
        .containsSubsequence(
            "40 service answer [1 hev3.test. alpn=h2]",
            "40 attempt 1 start IPv6 [2001:db8::1]:443",
            "45 winner attempt 1 [2001:db8::1]:443 local [::1]:40000 service 1 hev3.test. alpn=h2");
    assertThat(event(DialEvent.ServiceAnswer.class).bindings()).containsExactly(b);
    assertThat(event(DialEvent.Won.class).binding()).isEqualTo(b);
  }

  @Test
  @DisplayName(
      "E5: AAAA and A at 30 ms, HTTPS never -> start at 80; the bindings query is cancelled at the"
          + " end")
  void e5() {
    hangAll();
    h.driver.script("[2001:db8::1]:443", connects(5));
    aaaa(30, NAME, "2001:db8::1", "2001:db8::2");
    a(30, NAME, "192.0.2.1", "192.0.2.2");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("80 [2001:db8::1]:443");
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:443");
    assertThat(h.wonBinding).as("the name's plain address: no binding").isNull();
    assertThat(event(DialEvent.Won.class).binding()).isNull();
    assertThat(r.servicesQuery().isCancelled()).as("the bindings query, cancelled").isTrue();
    assertThat(h.events).noneMatch(e -> e instanceof DialEvent.ServiceAnswer);
  }

  @Test
  @DisplayName("E6: an HTTPS answer with ipv4hint and ipv6hint alone at 30 ms -> the hints start")
  void e6() {
    hangAll();
    services(30, binding(1, NAME, "alpn=h2 ipv4hint=192.0.2.10 ipv6hint=2001:db8::10"));
    endAt(300);
    assertThat(h.attempts()).containsExactly("30 [2001:db8::10]:443", "280 192.0.2.10:443");
    assertThat(r.lookup("AAAA", NAME).isCancelled()).isTrue();
    assertThat(r.lookup("A", NAME).isCancelled()).isTrue();
  }

  @Test
  @DisplayName(
      "E7: HTTPS '.' and 'alt' with AAAA and A at 30 ms -> start at 30; alt's AAAA and A, asked"
          + " then, join at 60 behind the name's")
  void e7() {
    h.attemptDelayMs = 10;
    hangAll();
    h.driver.script("[2001:db8::a1]:443", connects(5));
    ServiceBinding alt = binding(2, ALT, "alpn=h2");
    services(30, binding(1, NAME, "alpn=h2"), alt);
    aaaa(30, NAME, "2001:db8::1", "2001:db8::2");
    a(30, NAME, "192.0.2.1", "192.0.2.2");
    aaaa(60, ALT, "2001:db8::a1");
    a(60, ALT, "192.0.2.101");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(r.asked)
        .containsExactly(
            "0 AAAA hev3.test",
            "0 A hev3.test",
            "0 services hev3.test 443 https",
            "30 AAAA alt.test",
            "30 A alt.test");
    assertThat(h.attempts())
        .containsExactly(
            "30 [2001:db8::1]:443",
            "40 192.0.2.1:443",
            "50 [2001:db8::2]:443",
            "60 192.0.2.2:443",
            "70 [2001:db8::a1]:443");
    assertThat(plan())
        .isEqualTo(
            "60 [[2001:db8::1]:443, 192.0.2.1:443, [2001:db8::2]:443, 192.0.2.2:443,"
                + " [2001:db8::a1]:443, 192.0.2.101:443]");
    assertThat(h.wonBinding).isEqualTo(alt);
  }

  @Test
  @DisplayName(
      "E8: tcp4: HTTPS and A only; A at 30 ms -> the Resolution Delay runs; HTTPS at 40 -> IPv4"
          + " starts at 40")
  void e8() {
    hangAll();
    h.driver.script("192.0.2.1:443", connects(5));
    services(40, binding(1, NAME, "alpn=h2"));
    a(30, NAME, "192.0.2.1", "192.0.2.2");
    h.dial("tcp4", NAME + ":443", -1).run();
    assertThat(r.asked).containsExactly("0 A hev3.test", "0 services hev3.test 443 https");
    assertThat(h.attempts()).containsExactly("40 192.0.2.1:443");
    assertThat(h.won).isEqualTo("conn:192.0.2.1:443");
  }

  // ------------------------------------------------------------ planning

  @Test
  @DisplayName(
      "priority: binding 1 'alt' before binding 2 '.': alt's endpoints, then the name's, then"
          + " nothing else")
  void priorityGroups() {
    h.attemptDelayMs = 10;
    refuseAll();
    services(10, binding(1, ALT, "alpn=h2"), binding(2, NAME, "alpn=h2"));
    aaaa(20, ALT, "2001:db8::a1");
    a(20, ALT, "192.0.2.101");
    aaaa(30, NAME, "2001:db8::1", "2001:db8::2");
    a(30, NAME, "192.0.2.1", "192.0.2.2");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts())
        .containsExactly(
            "30 [2001:db8::a1]:443",
            "31 192.0.2.101:443",
            "32 [2001:db8::1]:443",
            "33 192.0.2.1:443",
            "34 [2001:db8::2]:443",
            "35 192.0.2.2:443");
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ECONNREFUSED);
    assertThat(h.failed.getMessage()).contains("all 6 addresses failed");
  }

  @Test
  @DisplayName(
      "fallback: with one binding to another target, the name's plain addresses come after it,"
          + " and a plain winner has no binding")
  void plainAddressesLast() {
    h.attemptDelayMs = 10;
    refuseAll();
    h.driver.script("[2001:db8::1]:443", connects(5));
    services(10, binding(1, ALT, "alpn=h2"));
    aaaa(15, ALT, "2001:db8::a1");
    a(15, ALT, "192.0.2.101");
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts())
        .containsExactly("20 [2001:db8::a1]:443", "21 192.0.2.101:443", "22 [2001:db8::1]:443");
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:443");
    assertThat(h.wonBinding).isNull();
  }

  @Test
  @DisplayName(
      "another target's addresses are not waited for: the name's plain address starts; alt's,"
          + " coming later, go before the plain ones left")
  void otherTargetNotWaitedFor() {
    hangAll();
    services(10, binding(1, ALT, "alpn=h2"));
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1");
    aaaa(40, ALT, "2001:db8::a1");
    a(40, ALT, "192.0.2.101");
    endAt(300);
    assertThat(h.attempts()).containsExactly("20 [2001:db8::1]:443", "270 192.0.2.101:443");
    assertThat(plan())
        .isEqualTo("40 [[2001:db8::1]:443, 192.0.2.101:443, [2001:db8::a1]:443, 192.0.2.1:443]");
  }

  @Test
  @DisplayName("port: a binding '.' with port=8443, the bindings first -> the endpoints on 8443")
  void bindingPortBindingsFirst() {
    h.attemptDelayMs = 10;
    refuseAll();
    ServiceBinding b = binding(1, NAME, "alpn=h2 port=8443");
    h.driver.script("192.0.2.2:8443", connects(5));
    services(10, b);
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1", "192.0.2.2");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts())
        .containsExactly("20 [2001:db8::1]:8443", "21 192.0.2.1:8443", "22 192.0.2.2:8443");
    assertThat(h.wonBinding).isEqualTo(b);
    assertThat(h.wonBinding.port()).hasValue(8443);
  }

  @Test
  @DisplayName(
      "port: a binding '.' with port=8443, the addresses first (within the Resolution Delay) ->"
          + " the same endpoints on 8443 first, the dial's port only as the fallback, last")
  void bindingPortAddressesFirst() {
    h.attemptDelayMs = 10;
    refuseAll();
    services(30, binding(1, NAME, "alpn=h2 port=8443"));
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1", "192.0.2.2");
    h.dial("tcp", NAME + ":443", -1).run();
    // RFC 9460 section 3: once every binding has failed, the origin's own addresses.
    assertThat(h.attempts())
        .containsExactly(
            "30 [2001:db8::1]:8443",
            "31 192.0.2.1:8443",
            "32 192.0.2.2:8443",
            "33 [2001:db8::1]:443",
            "34 192.0.2.1:443",
            "35 192.0.2.2:443");
    assertThat(h.failed.getMessage()).contains("all 6 addresses failed");
  }

  @Test
  @DisplayName(
      "port: a binding '.' with port=8443 after the Resolution Delay started the dial's port ->"
          + " that attempt runs on, the untried ones give way to 8443")
  void bindingPortAfterStart() {
    hangAll();
    ServiceBinding b = binding(1, NAME, "alpn=h2 port=8443");
    h.driver.script("192.0.2.1:8443", connects(5));
    aaaa(10, NAME, "2001:db8::1");
    a(10, NAME, "192.0.2.1", "192.0.2.2");
    services(100, b);
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("60 [2001:db8::1]:443", "310 192.0.2.1:8443");
    assertThat(h.driver.log)
        .filteredOn(l -> l.contains("cancel"))
        .containsExactly("315 cancel [2001:db8::1]:443");
    assertThat(h.wonBinding).isEqualTo(b);
  }

  @Test
  @DisplayName(
      "hints: ipv6hint ::98,::99 start the race; the AAAA answer without them drops ::99 (not"
          + " started) and leaves ::98 (started) running")
  void hintsSupersededWhileRacing() {
    hangAll();
    h.driver.script("192.0.2.1:443", connects(5));
    services(10, binding(1, NAME, "alpn=h2 ipv6hint=2001:db8::98,2001:db8::99"));
    aaaa(20, NAME, "2001:db8::1", "2001:db8::2");
    a(20, NAME, "192.0.2.1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("10 [2001:db8::98]:443", "260 192.0.2.1:443");
    assertThat(plan())
        .isEqualTo("20 [[2001:db8::98]:443, 192.0.2.1:443, [2001:db8::1]:443, [2001:db8::2]:443]");
    assertThat(h.driver.log)
        .as("the started hint runs until the race is won")
        .filteredOn(l -> l.contains("cancel"))
        .containsExactly("265 cancel [2001:db8::98]:443");
    assertThat(h.won).isEqualTo("conn:192.0.2.1:443");
  }

  @Test
  @DisplayName(
      "hints: an ipv4hint held for the Resolution Delay is dropped when the A answer comes"
          + " without it")
  void heldHintSuperseded() {
    hangAll();
    services(10, binding(1, NAME, "alpn=h2 ipv4hint=192.0.2.99"));
    a(20, NAME, "192.0.2.1");
    aaaa(30, NAME, "2001:db8::1");
    endAt(400);
    assertThat(h.attempts()).containsExactly("30 [2001:db8::1]:443", "280 192.0.2.1:443");
    assertThat(plan()).isEqualTo("30 [[2001:db8::1]:443, 192.0.2.1:443]");
  }

  @Test
  @DisplayName(
      "hints: a hint the real answer also has stays, with its binding (tried once, not twice)")
  void hintConfirmed() {
    hangAll();
    ServiceBinding b = binding(1, NAME, "alpn=h2 ipv6hint=2001:db8::1");
    h.driver.script("[2001:db8::1]:443", connects(300));
    services(10, b);
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("10 [2001:db8::1]:443", "260 192.0.2.1:443");
    assertThat(h.wonBinding).isEqualTo(b);
  }

  @Test
  @DisplayName(
      "alpn: a binding of h3 only with no-default-alpn is left out (TCP cannot use it), hints"
          + " and all")
  void h3OnlyBindingSkipped() {
    hangAll();
    h.driver.script("[2001:db8::1]:443", connects(5));
    ServiceBinding quic =
        binding(1, NAME, "alpn=h3 no-default-alpn ipv4hint=192.0.2.77 ipv6hint=2001:db8::77");
    ServiceBinding tcp = binding(2, NAME, "alpn=h2");
    services(10, quic, tcp);
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("20 [2001:db8::1]:443");
    assertThat(h.wonBinding).isEqualTo(tcp);
    assertThat(event(DialEvent.ServiceAnswer.class).bindings()).containsExactly(quic, tcp);
  }

  @Test
  @DisplayName("alpn: which bindings a TCP connection can use (RFC 9460 section 7.1.2)")
  void usableOverTcp() {
    assertThat(ServicePlan.usableOverTcp(binding(1, NAME, "alpn=h3 no-default-alpn"))).isFalse();
    assertThat(ServicePlan.usableOverTcp(binding(1, NAME, "alpn=h3,h3-29 no-default-alpn")))
        .isFalse();
    assertThat(ServicePlan.usableOverTcp(binding(1, NAME, "alpn=h3")))
        .as("http/1.1 by default")
        .isTrue();
    assertThat(ServicePlan.usableOverTcp(binding(1, NAME, "alpn=h3,h2 no-default-alpn"))).isTrue();
    assertThat(ServicePlan.usableOverTcp(binding(1, NAME, ""))).isTrue();
  }

  // ------------------------------------------------------------ the bindings query

  @Test
  @DisplayName("a failed bindings query counts as no bindings: the dial goes on without waiting")
  void servicesFail() {
    hangAll();
    h.driver.script("[2001:db8::1]:443", connects(5));
    h.driver.after(10, () -> r.servicesQuery().completeExceptionally(new IOException("SERVFAIL")));
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("20 [2001:db8::1]:443");
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:443");
    assertThat(h.wonBinding).isNull();
    assertThat(h.timeline()).contains("10 service answer []");
  }

  @Test
  @DisplayName("a resolver whose services() throws: no bindings, the dial goes on")
  void servicesThrows() {
    r.servicesThrow = true;
    hangAll();
    h.driver.script("[2001:db8::1]:443", connects(5));
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.attempts()).containsExactly("20 [2001:db8::1]:443");
    assertThat(h.wonBinding).isNull();
  }

  @Test
  @DisplayName("no service configured: services() is never asked, RFC 8305 as before")
  void noService() {
    h.service = null;
    hangAll();
    h.driver.script("192.0.2.1:443", connects(5));
    a(20, NAME, "192.0.2.1");
    aaaa(200, NAME, "2001:db8::1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(r.asked).containsExactly("0 AAAA hev3.test", "0 A hev3.test");
    assertThat(h.attempts())
        .as("the A answer waited 50 ms for AAAA")
        .containsExactly("70 192.0.2.1:443");
    assertThat(h.wonBinding).isNull();
    assertThat(h.events).noneMatch(e -> e instanceof DialEvent.ServiceAnswer);
  }

  // ------------------------------------------------------------ the end cancels what is out

  @Test
  @DisplayName("a win cancels the bindings of other targets still being looked up")
  void winCancelsTargetLookups() {
    hangAll();
    h.driver.script("[2001:db8::1]:443", connects(5));
    services(10, binding(1, NAME, "alpn=h2"), binding(2, ALT, "alpn=h2"));
    aaaa(20, NAME, "2001:db8::1");
    a(20, NAME, "192.0.2.1");
    h.dial("tcp", NAME + ":443", -1).run();
    assertThat(h.won).isEqualTo("conn:[2001:db8::1]:443");
    assertThat(h.endedAtMs).isEqualTo(25);
    assertThat(r.lookup("AAAA", ALT).isCancelled()).isTrue();
    assertThat(r.lookup("A", ALT).isCancelled()).isTrue();
  }

  @Test
  @DisplayName(
      "the deadline cancels every query still out: the name's, the bindings', the targets'")
  void deadlineCancelsEverything() {
    services(10, binding(1, ALT, "alpn=h2"));
    h.dial("tcp", NAME + ":443", 100).run();
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ETIMEDOUT);
    assertThat(h.endedAtMs).isEqualTo(100);
    for (String name : List.of(NAME, ALT)) {
      assertThat(r.lookup("AAAA", name).isCancelled()).as("AAAA " + name).isTrue();
      assertThat(r.lookup("A", name).isCancelled()).as("A " + name).isTrue();
    }
  }

  @Test
  @DisplayName("cancelling the dial before the bindings come cancels their query")
  void cancelCancelsServices() {
    h.dial("tcp", NAME + ":443", -1);
    h.driver.after(30, () -> h.race.cancel("test"));
    h.run();
    assertThat(((NetError) h.failed).errno()).isEqualTo(Errno.ECANCELED);
    assertThat(r.servicesQuery().isCancelled()).isTrue();
    assertThat(r.all()).hasSize(3).allMatch(CompletableFuture::isCancelled);
  }

  // ------------------------------------------------------------ helpers

  /** Starts the dial of NAME:443, runs it, and cancels it at {@code ms} if still running. */
  private void endAt(long ms) {
    h.dial("tcp", NAME + ":443", -1);
    h.driver.after(ms, () -> h.race.cancel("the test has seen enough"));
    h.run();
  }

  /** Every address the tests use hangs unless scripted again. */
  private void hangAll() {
    for (String t : addresses()) {
      h.driver.script(t, hangs());
    }
  }

  /** Every address the tests use is refused after 1 ms unless scripted again. */
  private void refuseAll() {
    for (String t : addresses()) {
      h.driver.script(t, fails(1, Errno.ECONNREFUSED));
    }
  }

  private static List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (String ip :
        List.of(
            "[2001:db8::1]",
            "[2001:db8::2]",
            "[2001:db8::a1]",
            "[2001:db8::10]",
            "[2001:db8::77]",
            "[2001:db8::98]",
            "[2001:db8::99]",
            "192.0.2.1",
            "192.0.2.2",
            "192.0.2.10",
            "192.0.2.77",
            "192.0.2.99",
            "192.0.2.101")) {
      out.add(ip + ":443");
      out.add(ip + ":8443");
    }
    return out;
  }

  /** The last resolve-end event's whole plan, as {@code "<ms> <plan>"}. */
  private String plan() {
    DialEvent.ResolveEnd e = null;
    for (DialEvent ev : h.events) {
      if (ev instanceof DialEvent.ResolveEnd re) {
        e = re;
      }
    }
    assertThat(e).as("a resolve end").isNotNull();
    return e.at().toMillis() + " " + e.plan();
  }

  private <E extends DialEvent> E event(Class<E> type) {
    return h.events.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  private void services(long ms, ServiceBinding... bindings) {
    h.driver.after(ms, () -> r.servicesQuery().complete(List.of(bindings)));
  }

  private void aaaa(long ms, String name, String... ips) {
    h.driver.after(ms, () -> r.lookup("AAAA", name).complete(ips(ips)));
  }

  private void a(long ms, String name, String... ips) {
    h.driver.after(ms, () -> r.lookup("A", name).complete(ips(ips)));
  }

  private static List<InetAddress> ips(String... ips) {
    List<InetAddress> out = new ArrayList<>();
    for (String ip : ips) {
      out.add(InetAddress.ofLiteral(ip));
    }
    return out;
  }

  /**
   * A binding in the zone file's form: {@code params} of alpn=, no-default-alpn, port=, ipv4hint=
   * and ipv6hint=; the target absolute, as a resolver gives it ("." already its owner).
   */
  static ServiceBinding binding(int priority, String target, String params) {
    OptionalInt port = OptionalInt.empty();
    List<String> alpn = List.of();
    boolean noDefault = false;
    List<InetAddress> v4 = List.of();
    List<InetAddress> v6 = List.of();
    for (String p : params.split(" ", -1)) {
      if (p.isEmpty()) {
        continue;
      }
      String[] kv = p.split("=", 2);
      switch (kv[0]) {
        case "alpn" -> alpn = List.of(kv[1].split(",", -1));
        case "no-default-alpn" -> noDefault = true;
        case "port" -> port = OptionalInt.of(Integer.parseInt(kv[1]));
        case "ipv4hint" -> v4 = ips(kv[1].split(",", -1));
        case "ipv6hint" -> v6 = ips(kv[1].split(",", -1));
        default -> throw new IllegalArgumentException(p);
      }
    }
    return new ServiceBinding(priority, target + ".", port, alpn, noDefault, v4, v6, null);
  }

  /**
   * A resolver whose answers the test gives: each lookup and the bindings query is a future kept
   * here, which the test completes at a virtual time (or never), and checks for cancellation.
   */
  private final class HandResolver implements Resolver {
    /** What the race asked, as {@code "<ms> <TYPE> <name>"}, the name without a trailing dot. */
    final List<String> asked = new ArrayList<>();

    private final Map<String, CompletableFuture<List<InetAddress>>> lookups = new LinkedHashMap<>();
    private final List<CompletableFuture<List<ServiceBinding>>> services = new ArrayList<>();
    boolean servicesThrow;

    @Override
    public CompletableFuture<List<InetAddress>> lookup(
        String host, Family family, Deadline deadline) {
      String key = (family == Family.INET ? "A " : "AAAA ") + strip(host);
      asked.add(h.driver.ms() + " " + key);
      CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
      if (lookups.putIfAbsent(key, f) != null) {
        throw new AssertionError("asked twice: " + key);
      }
      return f;
    }

    @Override
    public CompletableFuture<List<ServiceBinding>> services(
        String host, int port, String scheme, Deadline deadline) {
      asked.add(h.driver.ms() + " services " + strip(host) + " " + port + " " + scheme);
      if (servicesThrow) {
        throw new IllegalStateException("a resolver bug");
      }
      CompletableFuture<List<ServiceBinding>> f = new CompletableFuture<>();
      services.add(f);
      return f;
    }

    CompletableFuture<List<InetAddress>> lookup(String type, String name) {
      CompletableFuture<List<InetAddress>> f = lookups.get(type + " " + name);
      if (f == null) {
        throw new AssertionError("never asked: " + type + " " + name + "; asked " + asked);
      }
      return f;
    }

    CompletableFuture<List<ServiceBinding>> servicesQuery() {
      assertThat(services).as("one bindings query").hasSize(1);
      return services.getFirst();
    }

    List<CompletableFuture<?>> all() {
      List<CompletableFuture<?>> out = new ArrayList<>(lookups.values());
      out.addAll(services);
      return out;
    }

    private static String strip(String name) {
      return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
  }
}
