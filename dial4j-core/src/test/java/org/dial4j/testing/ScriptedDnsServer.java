package org.dial4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A DNS server for tests, on loopback, UDP and TCP on one port, answering each (name, type) as a
 * test scripts it: records, an rcode, a delay, no answer at all, the TC bit over UDP (the whole
 * answer over TCP), a wrong ID, an answer from another port, or garbage. The shape of curl's test
 * server (tests/server/dnsd.c): small, with its own wire encoding (no name compression), so that it
 * never shares a bug with the resolver it tests. Every query it receives is recorded.
 *
 * <p>Names are matched without regard to case and without a trailing dot; a name with no rule is
 * NXDOMAIN.
 */
public final class ScriptedDnsServer implements AutoCloseable {
  /** RR types. */
  public static final int A = 1;

  /** RR types. */
  public static final int CNAME = 5;

  /** RR types. */
  public static final int SOA = 6;

  /** RR types. */
  public static final int AAAA = 28;

  /** RR types. */
  public static final int SVCB = 64;

  /** RR types. */
  public static final int HTTPS = 65;

  /**
   * One query as received; {@code edns} when it has an additional record (an EDNS0 OPT, which
   * dial4j's resolver sends and glibc's does not without {@code options edns0}).
   */
  public record Query(String name, int type, int id, boolean tcp, long atNanos, boolean edns) {}

  /** One resource record to answer with: owner, type, TTL and RDATA as bytes. */
  @SuppressWarnings("ArrayRecordComponent") // test data, never compared or hashed
  public record Rec(String name, int type, int ttl, byte[] rdata) {
    /** An A record. */
    public static Rec a(String name, String ip, int ttl) {
      return new Rec(name, A, ttl, address(ip, 4));
    }

    /** An AAAA record. */
    public static Rec aaaa(String name, String ip, int ttl) {
      return new Rec(name, AAAA, ttl, address(ip, 16));
    }

    /** A CNAME record. */
    public static Rec cname(String name, String target, int ttl) {
      return new Rec(name, CNAME, ttl, encodeName(target));
    }

    /** An SOA record with {@code minimum} as its MINIMUM (the negative TTL, RFC 2308). */
    public static Rec soa(String zone, int ttl, int minimum) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(encodeName("ns." + zone));
      b.writeBytes(encodeName("hostmaster." + zone));
      for (int v : new int[] {1, 3600, 600, 86400, minimum}) {
        b.writeBytes(int32(v));
      }
      return new Rec(zone, SOA, ttl, b.toByteArray());
    }

    private static byte[] address(String ip, int length) {
      try {
        byte[] a = InetAddress.ofLiteral(ip).getAddress();
        if (a.length != length) {
          throw new IllegalArgumentException(ip + " is not a " + length + "-byte address");
        }
        return a;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not an IP literal: " + ip, e);
      }
    }
  }

  /** How one (name, type) is answered; the setters return the rule, for chaining. */
  public static final class Rule {
    private final List<Rec> answers = new CopyOnWriteArrayList<>();
    private final List<Rec> authority = new CopyOnWriteArrayList<>();
    private volatile int rcode;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean drop;
    private volatile boolean truncate;
    private volatile boolean wrongId;
    private volatile boolean wrongSource;
    private volatile boolean garbage;

    /** Answers with these records (in this order). */
    public Rule answer(Rec... records) {
      answers.addAll(List.of(records));
      return this;
    }

    /** Puts these records in the authority section (an SOA for a negative answer). */
    public Rule authority(Rec... records) {
      authority.addAll(List.of(records));
      return this;
    }

    /** Answers with this rcode (2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED). */
    public Rule rcode(int code) {
      this.rcode = code;
      return this;
    }

    /** Answers after this delay (scheduled: the server goes on answering others meanwhile). */
    public Rule delay(Duration d) {
      this.delay = d;
      return this;
    }

    /** Never answers. */
    public Rule drop() {
      this.drop = true;
      return this;
    }

    /** Over UDP, answers with no records and the TC bit; over TCP, in full. */
    public Rule truncate() {
      this.truncate = true;
      return this;
    }

    /** Answers with an ID one more than the query's. */
    public Rule wrongId() {
      this.wrongId = true;
      return this;
    }

    /** Answers over UDP from another socket (another port). */
    public Rule wrongSource() {
      this.wrongSource = true;
      return this;
    }

    /** Answers with bytes that are no DNS message. */
    public Rule garbage() {
      this.garbage = true;
      return this;
    }
  }

  private final DatagramChannel udp;
  private final DatagramChannel other;
  private final ServerSocketChannel tcp;
  private final Thread udpThread;
  private final Thread tcpThread;
  private final ScheduledExecutorService later;
  private final Map<String, Rule> rules = new ConcurrentHashMap<>();
  private final List<Query> queries = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ScriptedDnsServer(InetAddress bind, int udpPort) throws IOException {
    StandardProtocolFamily family =
        bind.getAddress().length == 4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    // A UDP port the kernel picks may be taken for TCP (by a connection's local port, on a busy
    // machine): then both are closed and another is tried.
    DatagramChannel u = null;
    ServerSocketChannel t = null;
    for (int tries = 0; t == null; tries++) {
      u = DatagramChannel.open(family).bind(new InetSocketAddress(bind, udpPort));
      int port = ((InetSocketAddress) u.getLocalAddress()).getPort();
      ServerSocketChannel candidate = ServerSocketChannel.open(family);
      try {
        t = candidate.bind(new InetSocketAddress(bind, port));
      } catch (java.net.BindException taken) {
        candidate.close();
        u.close();
        if (udpPort != 0 || tries == 20) {
          throw taken;
        }
      }
    }
    udp = u;
    tcp = t;
    other = DatagramChannel.open(family).bind(new InetSocketAddress(bind, 0));
    later =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("scripted-dns-later").daemon().unstarted(r));
    udpThread = Thread.ofPlatform().name("scripted-dns-udp").daemon().start(this::serveUdp);
    tcpThread = Thread.ofPlatform().name("scripted-dns-tcp").daemon().start(this::serveTcp);
  }

  /** A server on {@code bind} (a loopback address), UDP and TCP on one port the kernel picks. */
  public static ScriptedDnsServer start(String bind) throws IOException {
    return new ScriptedDnsServer(InetAddress.ofLiteral(bind), 0);
  }

  /**
   * A server on {@code bind} and {@code port}, UDP and TCP: port 53 for the C library's stub
   * resolver, whose resolv.conf names a server without a port. Only inside a network namespace a
   * test made (port 53 needs root, and the root namespace's loopback is not the test's to take).
   */
  public static ScriptedDnsServer start(String bind, int port) throws IOException {
    return new ScriptedDnsServer(InetAddress.ofLiteral(bind), port);
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) udp.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rule for {@code name} and {@code type}, made if there is none yet. */
  public Rule on(String name, int type) {
    return rules.computeIfAbsent(key(name, type), k -> new Rule());
  }

  /** The queries received so far, in order. */
  public List<Query> queries() {
    return List.copyOf(queries);
  }

  private static String key(String name, int type) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    return n + "/" + type;
  }

  private void serveUdp() {
    ByteBuffer in = ByteBuffer.allocate(65535);
    while (!closed) {
      try {
        in.clear();
        SocketAddress from = udp.receive(in);
        if (from == null) {
          continue;
        }
        in.flip();
        byte[] query = new byte[in.remaining()];
        in.get(query);
        respond(query, false, reply -> send(reply.wrongSource ? other : udp, reply.bytes, from));
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException("scripted DNS server (udp)", e);
        }
      }
    }
  }

  private void send(DatagramChannel via, byte[] bytes, SocketAddress to) {
    try {
      via.send(ByteBuffer.wrap(bytes), to);
    } catch (IOException e) {
      // the test's resolver went away: nothing to tell
    }
  }

  private void serveTcp() {
    while (!closed) {
      SocketChannel c;
      try {
        c = tcp.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.add(c);
      Thread.ofPlatform().name("scripted-dns-tcp-conn").daemon().start(() -> serveTcp(c));
    }
  }

  private void serveTcp(SocketChannel c) {
    try (c) {
      while (!closed) {
        ByteBuffer len = ByteBuffer.allocate(2);
        if (!readFully(c, len)) {
          return;
        }
        ByteBuffer msg = ByteBuffer.allocate(len.flip().getShort() & 0xffff);
        if (!readFully(c, msg)) {
          return;
        }
        respond(
            msg.array(),
            true,
            reply -> {
              ByteBuffer out = ByteBuffer.allocate(2 + reply.bytes.length);
              out.putShort((short) reply.bytes.length).put(reply.bytes).flip();
              try {
                synchronized (c) {
                  while (out.hasRemaining()) {
                    c.write(out);
                  }
                }
              } catch (IOException e) {
                // the resolver closed its connection
              }
            });
      }
    } catch (IOException e) {
      // the connection ended
    } finally {
      connections.remove(c);
    }
  }

  private static boolean readFully(SocketChannel c, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (c.read(b) < 0) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings("ArrayRecordComponent") // a message on its way out, never compared
  private record Reply(byte[] bytes, boolean wrongSource) {}

  private interface Sender {
    void send(Reply reply);
  }

  /** Parses the question, records it, and answers as its rule says. */
  private void respond(byte[] query, boolean overTcp, Sender sender) {
    if (query.length < 12) {
      return;
    }
    int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
    int[] at = {12};
    String name;
    try {
      name = decodeName(query, at);
    } catch (RuntimeException e) {
      return;
    }
    if (at[0] + 4 > query.length) {
      return;
    }
    int type = ((query[at[0]] & 0xff) << 8) | (query[at[0] + 1] & 0xff);
    byte[] question = java.util.Arrays.copyOfRange(query, 12, at[0] + 4);
    boolean edns = ((query[10] & 0xff) << 8 | (query[11] & 0xff)) > 0;
    queries.add(new Query(name, type, id, overTcp, System.nanoTime(), edns));
    Rule rule = rules.get(key(name, type));
    if (rule == null) {
      rule = new Rule().rcode(3);
    }
    if (rule.drop) {
      return;
    }
    byte[] bytes;
    if (rule.garbage) {
      bytes = "this is no DNS message".getBytes(StandardCharsets.US_ASCII);
    } else {
      boolean tc = rule.truncate && !overTcp;
      bytes =
          message(
              rule.wrongId ? (id + 1) & 0xffff : id,
              rule.rcode,
              tc,
              question,
              tc ? List.of() : rule.answers,
              tc ? List.of() : rule.authority);
    }
    Reply reply = new Reply(bytes, rule.wrongSource && !overTcp);
    if (rule.delay.isZero()) {
      sender.send(reply);
    } else {
      var _ = later.schedule(() -> sender.send(reply), rule.delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static byte[] message(
      int id, int rcode, boolean tc, byte[] question, List<Rec> answers, List<Rec> authority) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(int16(id));
    // QR, opcode 0, AA, TC?, RD; RA, rcode.
    b.write(0x80 | 0x04 | (tc ? 0x02 : 0) | 0x01);
    b.write(0x80 | (rcode & 0x0f));
    b.writeBytes(int16(1));
    b.writeBytes(int16(answers.size()));
    b.writeBytes(int16(authority.size()));
    b.writeBytes(int16(0));
    b.writeBytes(question);
    for (List<Rec> section : List.of(answers, authority)) {
      for (Rec r : section) {
        b.writeBytes(encodeName(r.name()));
        b.writeBytes(int16(r.type()));
        b.writeBytes(int16(1));
        b.writeBytes(int32(r.ttl()));
        b.writeBytes(int16(r.rdata().length));
        b.writeBytes(r.rdata());
      }
    }
    return b.toByteArray();
  }

  /** A name in wire form, uncompressed. */
  public static byte[] encodeName(String name) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty()) {
        continue;
      }
      byte[] l = label.getBytes(StandardCharsets.US_ASCII);
      b.write(l.length);
      b.writeBytes(l);
    }
    b.write(0);
    return b.toByteArray();
  }

  private static String decodeName(byte[] m, int[] at) {
    StringBuilder sb = new StringBuilder();
    int i = at[0];
    while (true) {
      int len = m[i] & 0xff;
      i++;
      if (len == 0) {
        break;
      }
      if (len > 63 || i + len > m.length) {
        throw new IllegalArgumentException("bad name in a query");
      }
      if (!sb.isEmpty()) {
        sb.append('.');
      }
      sb.append(new String(m, i, len, StandardCharsets.US_ASCII));
      i += len;
    }
    at[0] = i;
    return sb.toString();
  }

  private static byte[] int16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  private static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** Stops answering and closes every socket; waits for its threads (bounded). */
  @Override
  public void close() throws IOException {
    closed = true;
    later.shutdownNow();
    udp.close();
    other.close();
    tcp.close();
    for (SocketChannel c : new ArrayList<>(connections)) {
      c.close();
    }
    try {
      udpThread.join(Duration.ofSeconds(5));
      tcpThread.join(Duration.ofSeconds(5));
      later.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
