package org.dial4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dial4j.Family;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.error.ResolveException;
import org.dial4j.sys.AddrInfo;
import org.dial4j.sys.FakeSyscalls;
import org.dial4j.sys.SockAddr;
import org.dial4j.sys.Sys;
import org.dial4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PlatformLookup}'s pool and sharing over a fake getaddrinfo ({@link FakeSyscalls}): which
 * calls are made, on which threads, and what each caller gets. No C library, no network.
 */
class PlatformLookupTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** Opened by each test that holds pool threads in the fake, so that none is left blocked. */
  private final CountDownLatch release = new CountDownLatch(1);

  /** The fake's calls, as {@code HOST FAMILY}, with the thread each ran on. */
  private final Queue<String> asked = new ConcurrentLinkedQueue<>();

  private final Queue<Thread> callers = new ConcurrentLinkedQueue<>();

  @AfterEach
  void releaseAll() {
    release.countDown();
  }

  private static SockAddr ip(String literal) {
    byte[] a = InetAddress.ofLiteral(literal).getAddress();
    return a.length == 4 ? new SockAddr.In4(a, 0) : new SockAddr.In6(a, 0, 0, 0);
  }

  /** Every name: A 192.0.2.1 192.0.2.2 192.0.2.1, AAAA 2001:db8::1; "slow*" waits for release. */
  private FakeSyscalls fake() {
    return new FakeSyscalls()
        .onGetaddrinfo(
            (host, family, socktype, flags) -> {
              asked.add(host + " " + family + " " + socktype + " " + flags);
              callers.add(Thread.currentThread());
              if (host.startsWith("slow")) {
                try {
                  if (!release.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                    return AddrInfo.failed(Sys.EAI_AGAIN, 0, "held too long");
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return AddrInfo.failed(Sys.EAI_SYSTEM, Errno.EINTR.number(), "interrupted");
                }
              }
              return family == Sys.AF_INET
                  ? AddrInfo.of(List.of(ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.1")))
                  : AddrInfo.of(List.of(ip("2001:db8::1")));
            });
  }

  private static PlatformLookup lookups(FakeSyscalls sys, int threads, int queue) {
    return new PlatformLookup(sys, threads, queue, Duration.ofSeconds(1));
  }

  private static List<String> text(CompletableFuture<List<InetAddress>> f) throws Exception {
    return f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS).stream()
        .map(a -> org.dial4j.IpLiterals.format(a.getAddress()))
        .toList();
  }

  private static NetError failure(CompletableFuture<List<InetAddress>> f) {
    try {
      f.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ResolveException.class);
      return (NetError) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the lookup did not fail");
  }

  @Test
  @DisplayName(
      "getaddrinfo once per family (SOCK_STREAM, no AI_ADDRCONFIG), in order, without repeats, on a"
          + " daemon platform thread of the pool")
  void perFamilyInOrderWithoutRepeats() throws Exception {
    PlatformLookup p = lookups(fake(), 8, 256);
    assertThat(text(p.lookup("name.test", Family.INET))).containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(text(p.lookup("name.test", Family.INET6))).containsExactly("2001:db8::1");
    assertThat(asked)
        .containsExactly(
            "name.test " + Sys.AF_INET + " " + Sys.SOCK_STREAM + " 0",
            "name.test " + Sys.AF_INET6 + " " + Sys.SOCK_STREAM + " 0");
    assertThat(callers)
        .allSatisfy(
            t -> {
              assertThat(t.isVirtual()).isFalse();
              assertThat(t.isDaemon()).isTrue();
              assertThat(t.getName()).startsWith("dial4j-getaddrinfo-");
            });
  }

  @Test
  @DisplayName("a family with no address is an empty list when the other family has one")
  void familyWithoutAddressIsEmpty() throws Exception {
    FakeSyscalls sys =
        new FakeSyscalls()
            .onGetaddrinfo(
                (host, family, socktype, flags) ->
                    family == Sys.AF_INET
                        ? AddrInfo.of(List.of(ip("192.0.2.1")))
                        : AddrInfo.failed(Sys.EAI_NODATA, 0, "No address associated"));
    PlatformLookup p = lookups(sys, 8, 256);
    // Asked alone, AAAA asks A itself to tell "no AAAA" from "no such name".
    assertThat(text(p.lookup("v4only.test", Family.INET6))).isEmpty();
    assertThat(sys.count("getaddrinfo")).isEqualTo(2);
  }

  @Test
  @DisplayName("no address in either family is ENOENT naming the host and gai_strerror's text")
  void noAddressAtAllIsEnoent() {
    PlatformLookup p = lookups(new FakeSyscalls(), 8, 256);
    NetError e = failure(p.lookup("nx.test", Family.INET6));
    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
    assertThat(e.operation()).isEqualTo(Operation.RESOLVE);
    assertThat(((Exception) e).getMessage()).contains("nx.test", "Name or service not known");
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource({
    "EAI_AGAIN,  0,  EAGAIN",
    "EAI_MEMORY, 0,  ENOMEM",
    "EAI_FAIL,   0,  EIO",
    "EAI_SYSTEM, 24, EMFILE",
    "EAI_NONAME, 0,  ENOENT",
    "EAI_NODATA, 0,  ENOENT",
  })
  @DisplayName("each EAI_* code is its errno, a ResolveException naming the host and the text")
  void eaiCodes(String code, int errno, Errno expected) {
    int status =
        switch (code) {
          case "EAI_AGAIN" -> Sys.EAI_AGAIN;
          case "EAI_MEMORY" -> Sys.EAI_MEMORY;
          case "EAI_FAIL" -> Sys.EAI_FAIL;
          case "EAI_SYSTEM" -> Sys.EAI_SYSTEM;
          case "EAI_NONAME" -> Sys.EAI_NONAME;
          default -> Sys.EAI_NODATA;
        };
    FakeSyscalls sys =
        new FakeSyscalls()
            .onGetaddrinfo((host, family, socktype, flags) -> AddrInfo.failed(status, errno, code));
    NetError e = failure(lookups(sys, 8, 256).lookup("bad.test", Family.INET));
    assertThat(e.errno()).isEqualTo(expected);
    assertThat(e.operation()).isEqualTo(Operation.RESOLVE);
    assertThat(((Exception) e).getMessage()).contains("bad.test", code);
  }

  @Test
  @DisplayName(
      "concurrent lookups of one name and family share one call; a caller that cancels does not"
          + " cancel it for the others")
  void sharedCall() throws Exception {
    FakeSyscalls sys = fake();
    PlatformLookup p = lookups(sys, 8, 256);
    CompletableFuture<List<InetAddress>> first = p.lookup("slow.test", Family.INET);
    Await.until("the first call made", () -> asked.size() == 1, BOUND);
    CompletableFuture<List<InetAddress>> second = p.lookup("slow.test", Family.INET);
    CompletableFuture<List<InetAddress>> third = p.lookup("slow.test", Family.INET);
    assertThat(third.cancel(true)).isTrue();
    release.countDown();
    assertThat(text(first)).containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(text(second)).containsExactly("192.0.2.1", "192.0.2.2");
    assertThat(sys.count("getaddrinfo")).isEqualTo(1);
    assertThat(p.calls()).isEqualTo(1);
  }

  @Test
  @DisplayName("a call still queued when nobody waits for its name any more is not made")
  void abandonedQueuedCallIsSkipped() throws Exception {
    FakeSyscalls sys = fake();
    PlatformLookup p = lookups(sys, 1, 4);
    CompletableFuture<List<InetAddress>> holder = p.lookup("slow.test", Family.INET);
    Await.until("the one thread held", () -> asked.size() == 1, BOUND);
    CompletableFuture<List<InetAddress>> abandoned = p.lookup("gone.test", Family.INET);
    CompletableFuture<List<InetAddress>> after = p.lookup("after.test", Family.INET);
    assertThat(abandoned.cancel(true)).isTrue();
    release.countDown();
    assertThat(text(holder)).isNotEmpty();
    // One thread, first in first out: when "after" is answered, "gone" had its turn.
    assertThat(text(after)).isNotEmpty();
    assertThat(asked).noneMatch(a -> a.startsWith("gone.test "));
    assertThat(p.calls()).isEqualTo(2);
  }

  @Test
  @DisplayName("a full queue fails the lookup at once with EAGAIN, without blocking its caller")
  void fullQueueIsEagain() throws Exception {
    PlatformLookup p = lookups(fake(), 1, 1);
    CompletableFuture<List<InetAddress>> running = p.lookup("slow.test", Family.INET);
    Await.until("the one thread held", () -> asked.size() == 1, BOUND);
    CompletableFuture<List<InetAddress>> queued = p.lookup("queued.test", Family.INET);
    CompletableFuture<List<InetAddress>> refused = p.lookup("refused.test", Family.INET);
    assertThat(refused).isCompletedExceptionally();
    NetError e = failure(refused);
    assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
    assertThat(((Exception) e).getMessage()).contains("refused.test");
    release.countDown();
    assertThat(text(running)).isNotEmpty();
    assertThat(text(queued)).isNotEmpty();
  }

  @Test
  @DisplayName("at most the pool's threads run calls at once; the rest wait in the queue")
  void boundedThreads() throws Exception {
    PlatformLookup p = lookups(fake(), 2, 16);
    List<CompletableFuture<List<InetAddress>>> all =
        List.of(
            p.lookup("slow1.test", Family.INET),
            p.lookup("slow2.test", Family.INET),
            p.lookup("slow3.test", Family.INET),
            p.lookup("slow4.test", Family.INET));
    Await.until("two calls running", () -> asked.size() == 2, BOUND);
    assertThat(p.threads()).isEqualTo(2);
    release.countDown();
    for (CompletableFuture<List<InetAddress>> f : all) {
      assertThat(text(f)).isNotEmpty();
    }
    assertThat(asked).hasSize(4);
    assertThat(p.largestThreads()).isEqualTo(2);
  }
}
