package org.dial4j.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.EventLoop;
import org.dial4j.sys.DefaultSyscalls;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.sys.Syscalls;
import org.dial4j.testing.ScriptedDnsServer;
import org.dial4j.testing.ScriptedDnsServer.Rec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One DNS exchange on a real loop against the scripted server: the answer over UDP and TCP, and
 * every way an answer is not one (wrong ID, another source port, garbage) ignored until the
 * deadline; refused, cancelled, and nothing left open.
 */
class DnsExchangeTest {
  private static final long BOUND_S = 5;

  private EventLoop loop;
  private ScriptedDnsServer dns;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("dns-exchange");
    dns = ScriptedDnsServer.start("127.0.0.1");
  }

  @AfterEach
  void stop() throws Exception {
    loop.close();
    assertThat(loop.awaitTermination(Duration.ofSeconds(BOUND_S))).isTrue();
    dns.close();
  }

  /** A query for {@code name}/{@code type} with {@code id}, RD set, no EDNS. */
  static byte[] query(int id, String name, int type) {
    byte[] n = ScriptedDnsServer.encodeName(name);
    ByteBuffer b = ByteBuffer.allocate(12 + n.length + 4);
    b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
    b.put(n).putShort((short) type).putShort((short) 1);
    return b.array();
  }

  /** Matches on the ID alone (the codec's matcher checks the question as well). */
  static DnsExchange.Matcher idIs(int id) {
    return m -> m.length >= 12 && ((m[0] & 0xff) << 8 | (m[1] & 0xff)) == id;
  }

  private InetEndpoint server() {
    return InetEndpoint.of(dns.address().getAddress(), dns.address().getPort());
  }

  /** Runs one exchange; the future completes with the answer or the error, from the loop. */
  private CompletableFuture<byte[]> exchange(
      InetEndpoint to, boolean tcp, byte[] q, Duration within, DnsExchange.Matcher m) {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    loop.execute(
        () ->
            DnsExchange.start(
                loop,
                to,
                tcp,
                q,
                Deadline.after(within),
                m,
                new DnsExchange.Outcome() {
                  @Override
                  public void answered(byte[] message) {
                    assertThat(calls.incrementAndGet()).isOne();
                    f.complete(message);
                  }

                  @Override
                  public void failed(IOException error) {
                    assertThat(calls.incrementAndGet()).isOne();
                    f.completeExceptionally(error);
                  }
                }));
    return f;
  }

  private static IOException failure(CompletableFuture<byte[]> f) throws Exception {
    try {
      f.get(BOUND_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (IOException) e.getCause();
    }
    throw new AssertionError("answered, not failed");
  }

  @Test
  @DisplayName("UDP: the answer whose ID matches comes back as received")
  void udpAnswer() throws Exception {
    dns.on("a.test", ScriptedDnsServer.A).answer(Rec.a("a.test", "192.0.2.1", 60));
    byte[] answer =
        exchange(server(), false, query(0x1234, "a.test", 1), Duration.ofSeconds(2), idIs(0x1234))
            .get(BOUND_S, TimeUnit.SECONDS);
    assertThat(answer[0] & 0xff).isEqualTo(0x12);
    assertThat(answer[3] & 0x0f).as("rcode").isZero();
    assertThat(dns.queries()).singleElement().satisfies(q -> assertThat(q.tcp()).isFalse());
  }

  @Test
  @DisplayName("TCP: the query goes after its length, the answer is read to its length")
  void tcpAnswer() throws Exception {
    dns.on("a.test", ScriptedDnsServer.A).answer(Rec.a("a.test", "192.0.2.1", 60));
    byte[] answer =
        exchange(server(), true, query(77, "a.test", 1), Duration.ofSeconds(2), idIs(77))
            .get(BOUND_S, TimeUnit.SECONDS);
    assertThat(answer).hasSizeGreaterThan(12 + 16);
    assertThat(dns.queries()).singleElement().satisfies(q -> assertThat(q.tcp()).isTrue());
  }

  @Test
  @DisplayName("UDP: a query whose send would block (EAGAIN) goes once the socket is writable")
  void udpSendThatWouldBlockWaits() throws Exception {
    // Found running the suite over FaultySyscalls$Interrupting (-Ddial4j.test.syscalls): the
    // exchange failed with the send's EAGAIN (a full send buffer, on the kernel's part).
    dns.on("a.test", ScriptedDnsServer.A).answer(Rec.a("a.test", "192.0.2.1", 60));
    FaultySyscalls once = FaultySyscalls.linux(1).fail(Call.SEND, 1.0, Errno.EAGAIN).tortureStep(1);
    Syscalls before = DefaultSyscalls.get();
    DefaultSyscalls.replaceForTests(once);
    byte[] answer;
    try {
      answer =
          exchange(server(), false, query(0x4321, "a.test", 1), Duration.ofSeconds(2), idIs(0x4321))
              .get(BOUND_S, TimeUnit.SECONDS);
    } finally {
      DefaultSyscalls.replaceForTests(before);
    }
    assertThat(once.injected(Call.SEND, Errno.EAGAIN)).isOne();
    assertThat(answer).hasSizeGreaterThan(12 + 16);
  }

  @Test
  @DisplayName("UDP: an answer with another ID is not the answer; the exchange times out")
  void wrongIdIgnored() throws Exception {
    dns.on("a.test", ScriptedDnsServer.A).answer(Rec.a("a.test", "192.0.2.1", 60)).wrongId();
    IOException e =
        failure(exchange(server(), false, query(5, "a.test", 1), Duration.ofMillis(300), idIs(5)));
    assertThat(NetError.errnoOf(e)).contains(Errno.ETIMEDOUT);
    assertThat(((NetError) e).operation()).isEqualTo(Operation.RESOLVE);
    assertThat(((NetError) e).target()).contains(server());
  }

  @Test
  @DisplayName("UDP: an answer from another port never reaches the connected socket")
  void wrongSourceIgnored() throws Exception {
    dns.on("a.test", ScriptedDnsServer.A).answer(Rec.a("a.test", "192.0.2.1", 60)).wrongSource();
    AtomicReference<byte[]> seen = new AtomicReference<>();
    IOException e =
        failure(
            exchange(
                server(),
                false,
                query(6, "a.test", 1),
                Duration.ofMillis(300),
                m -> {
                  seen.set(m);
                  return true;
                }));
    assertThat(NetError.errnoOf(e)).contains(Errno.ETIMEDOUT);
    assertThat(seen.get()).as("the kernel dropped it: no datagram reached the matcher").isNull();
  }

  @Test
  @DisplayName("UDP: garbage is not the answer")
  void garbageIgnored() throws Exception {
    dns.on("a.test", ScriptedDnsServer.A).garbage();
    IOException e =
        failure(exchange(server(), false, query(7, "a.test", 1), Duration.ofMillis(300), idIs(7)));
    assertThat(NetError.errnoOf(e)).contains(Errno.ETIMEDOUT);
  }

  @Test
  @DisplayName("UDP to a closed port: ECONNREFUSED, from the ICMP port unreachable")
  void refused() throws Exception {
    int closedPort;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    InetEndpoint to = InetEndpoint.of(InetAddress.getLoopbackAddress(), closedPort);
    IOException e =
        failure(exchange(to, false, query(8, "a.test", 1), Duration.ofSeconds(3), idIs(8)));
    assertThat(NetError.errnoOf(e)).contains(Errno.ECONNREFUSED);
    assertThat(((NetError) e).operation()).isEqualTo(Operation.RESOLVE);
  }

  @Test
  @DisplayName("cancel ends a waiting exchange with ECANCELED, once")
  void cancel() throws Exception {
    dns.on("a.test", ScriptedDnsServer.A).drop();
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    DnsExchange.Outcome outcome =
        new DnsExchange.Outcome() {
          @Override
          public void answered(byte[] message) {
            calls.incrementAndGet();
            f.complete(message);
          }

          @Override
          public void failed(IOException error) {
            calls.incrementAndGet();
            f.completeExceptionally(error);
          }
        };
    loop.submit(
            () -> {
              DnsExchange x =
                  DnsExchange.start(
                      loop,
                      server(),
                      false,
                      query(9, "a.test", 1),
                      Deadline.after(Duration.ofSeconds(30)),
                      idIs(9),
                      outcome);
              x.cancel();
              x.cancel();
              return x;
            })
        .get(BOUND_S, TimeUnit.SECONDS);
    IOException e = failure(f);
    assertThat(NetError.errnoOf(e)).contains(Errno.ECANCELED);
    assertThat(loop.submit(() -> loop.registeredCount()).get(BOUND_S, TimeUnit.SECONDS)).isZero();
    assertThat(loop.submit(() -> loop.timerCount()).get(BOUND_S, TimeUnit.SECONDS)).isZero();
    assertThat(calls).hasValue(1);
  }

  @Test
  @DisplayName("start off the loop thread is refused")
  void offLoop() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                DnsExchange.start(
                    loop,
                    server(),
                    false,
                    query(1, "a.test", 1),
                    Deadline.NEVER,
                    idIs(1),
                    new DnsExchange.Outcome() {
                      @Override
                      public void answered(byte[] message) {}

                      @Override
                      public void failed(IOException error) {}
                    }))
        .isInstanceOf(IllegalStateException.class);
  }
}
