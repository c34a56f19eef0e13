package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dial4j.testing.ChildResults;
import org.dial4j.testing.Netns;
import org.dial4j.testing.SystemResolverChild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Resolver#system()} against DNS answers a test scripts: each test makes a network namespace
 * (a loopback and nothing else), writes its /etc/netns/NAME/resolv.conf (the namespace's 127.0.0.1)
 * and hosts, and runs {@link SystemResolverChild} in it with {@code ip netns exec}; the child
 * serves DNS on 127.0.0.1:53 there and prints what getaddrinfo answered. No query can reach the
 * machine's own nameserver: the child's resolv.conf does not name it and its namespace has no route
 * to it.
 */
class SystemResolverNetnsTest {
  private static final Duration CHILD_BOUND = Duration.ofSeconds(60);

  @BeforeAll
  static void namespaces() {
    assumeTrue(Netns.available(), Netns.unavailableReason());
  }

  /**
   * Runs {@code scenario} in a namespace of its own: the child's {@code result KEY VALUE} lines.
   */
  private static Map<String, String> run(String scenario) {
    try (Netns ns = Netns.create("d4j-gai")) {
      // One try, a bounded wait: a dropped query fails in 2 s, not in resolv.conf's default 10.
      ns.etc("resolv.conf", "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n");
      ns.etc("hosts", "127.0.0.1 localhost\n::1 localhost\n");
      Map<String, String> results =
          ChildResults.run(ns, CHILD_BOUND, SystemResolverChild.class, List.of(scenario));
      return results;
    }
  }

  @Test
  @DisplayName("Resolver.system: localhost from /etc/hosts per family, ::1 and 127.0.0.1, no query")
  void localhostPerFamily() {
    Map<String, String> r = run("localhost");
    assertThat(r)
        .containsEntry("v6", "ok [::1]")
        .containsEntry("v4", "ok [127.0.0.1]")
        .containsEntry("queries", "0");
  }

  @Test
  @DisplayName("Resolver.system: the A answer completes its future while the AAAA one is delayed")
  void aDoesNotWaitForAaaa() {
    Map<String, String> r = run("order");
    assertThat(r)
        .containsEntry("v4", "ok [192.0.2.1]")
        .containsEntry("v6-done-when-v4-done", "false")
        .containsEntry("v6", "ok [2001:db8::1]")
        .containsEntry("order", "v4,v6");
  }

  @Test
  @DisplayName("Resolver.system: NXDOMAIN is ENOENT, a ResolveException naming the host")
  void nxdomainIsEnoent() {
    assertThat(run("nxdomain").get("v4"))
        .startsWith("error ResolveException ENOENT ")
        .contains("nx.test");
  }

  @Test
  @DisplayName("Resolver.system: a name with A only answers AAAA with an empty list")
  void noAaaaIsEmpty() {
    Map<String, String> r = run("only-a");
    assertThat(r).containsEntry("v6", "ok []").containsEntry("v4", "ok [192.0.2.7]");
  }

  @Test
  @DisplayName("Resolver.system: SERVFAIL is EAGAIN (EAI_AGAIN), naming the host")
  void servfailIsEagain() {
    assertThat(run("servfail").get("v4"))
        .startsWith("error ResolveException EAGAIN ")
        .contains("sf.test");
  }

  @Test
  @DisplayName("Resolver.system: concurrent lookups of one name and family make one query")
  void concurrentLookupsShareOneQuery() {
    Map<String, String> r = run("share");
    assertThat(r)
        .containsEntry("third-cancelled", "true")
        .containsEntry("first", "ok [192.0.2.9]")
        .containsEntry("second", "ok [192.0.2.9]")
        .containsEntry("queries", "1");
  }
}
