package org.dial4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server for the command's tests, on 127.0.0.1, UDP and TCP on one port, answering each name
 * as the test scripts it: records of a type, NODATA for a type the name has none of, NXDOMAIN for a
 * name it was told nothing about; {@link #silent()} answers nothing at all. Its own small wire
 * encoding (no compression), so that it shares no code with the resolver under test. (The core's
 * ScriptedDnsServer is in its test sources, which this module cannot see.)
 */
final class DnsAnswerer implements AutoCloseable {
  static final int A = 1;
  static final int CNAME = 5;
  static final int AAAA = 28;
  static final int HTTPS = 65;

  /** One record of an answer (the RDATA as bytes: a test's own, never changed). */
  @SuppressWarnings("ArrayRecordComponent")
  record Rec(String name, int type, int ttl, byte[] rdata) {}

  /** What the server was asked: the name (lower case, no trailing dot), type and transport. */
  record Query(String name, int type, boolean tcp) {}

  private final DatagramChannel udp;
  private final ServerSocketChannel tcp;
  private final Map<String, List<Rec>> names = new ConcurrentHashMap<>();
  private final List<Query> queries = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> dropped = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new ArrayList<>();

  private DnsAnswerer(boolean silent) throws IOException {
    // One port for both: TCP's first (the kernel picks one free for TCP), then UDP on it; a port
    // that UDP has taken meanwhile is given back and another one picked.
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int tries = 1; ; tries++) {
      ServerSocketChannel t = ServerSocketChannel.open().bind(new InetSocketAddress(lo, 0));
      int port = ((InetSocketAddress) t.getLocalAddress()).getPort();
      DatagramChannel u = DatagramChannel.open();
      try {
        u.bind(new InetSocketAddress(lo, port));
      } catch (BindException taken) {
        u.close();
        t.close();
        if (tries == 20) {
          throw taken;
        }
        continue;
      }
      tcp = t;
      udp = u;
      break;
    }
    if (!silent) {
      threads.add(Thread.ofPlatform().daemon().start(this::serveUdp));
      threads.add(Thread.ofPlatform().daemon().start(this::serveTcp));
    }
  }

  /** A server that answers as scripted. */
  static DnsAnswerer start() throws IOException {
    return new DnsAnswerer(false);
  }

  /** A server that takes every query and never answers. */
  static DnsAnswerer silent() throws IOException {
    return new DnsAnswerer(true);
  }

  /** {@code 127.0.0.1:PORT}, for --server and --dns-server. */
  String address() throws IOException {
    return "127.0.0.1:" + ((InetSocketAddress) udp.getLocalAddress()).getPort();
  }

  /** The name exists (NODATA for every type not added). */
  DnsAnswerer name(String name) {
    names.computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>());
    return this;
  }

  /** Queries of this name and type get no answer at all. */
  DnsAnswerer drop(String name, int type) {
    dropped.add(key(name) + "/" + type);
    return this;
  }

  /** Adds a record to the answers for its owner's name and type. */
  DnsAnswerer add(Rec r) {
    names.computeIfAbsent(key(r.name()), k -> new CopyOnWriteArrayList<>()).add(r);
    return this;
  }

  DnsAnswerer a(String name, String ip, int ttl) throws IOException {
    return add(new Rec(name, A, ttl, InetAddress.getByName(ip).getAddress()));
  }

  DnsAnswerer aaaa(String name, String ip, int ttl) throws IOException {
    return add(new Rec(name, AAAA, ttl, InetAddress.getByName(ip).getAddress()));
  }

  /** A CNAME: queries of {@code name} for any type answer it, then the target's records. */
  DnsAnswerer cname(String name, String target, int ttl) {
    return add(new Rec(name, CNAME, ttl, encodeName(target)));
  }

  List<Query> queries() {
    return List.copyOf(queries);
  }

  private static String key(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private void serveUdp() {
    ByteBuffer in = ByteBuffer.allocate(1500);
    try {
      while (true) {
        in.clear();
        SocketAddress from = udp.receive(in);
        in.flip();
        byte[] reply = answer(in, false);
        if (reply != null) {
          udp.send(ByteBuffer.wrap(reply), from);
        }
      }
    } catch (ClosedChannelException closed) {
      // close(): done
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void serveTcp() {
    try {
      while (true) {
        try (SocketChannel c = tcp.accept()) {
          ByteBuffer len = ByteBuffer.allocate(2);
          while (len.hasRemaining() && c.read(len) >= 0) {}
          ByteBuffer in = ByteBuffer.allocate(len.flip().getShort() & 0xffff);
          while (in.hasRemaining() && c.read(in) >= 0) {}
          byte[] reply = answer(in.flip(), true);
          if (reply != null) {
            ByteBuffer out = ByteBuffer.allocate(2 + reply.length);
            out.putShort((short) reply.length).put(reply).flip();
            while (out.hasRemaining()) {
              c.write(out);
            }
          }
        } catch (IOException oneConnection) {
          if (!tcp.isOpen()) {
            return;
          }
        }
      }
    } catch (RuntimeException e) {
      if (tcp.isOpen()) {
        throw e;
      }
    }
  }

  /** The response to one query, or null for a message that is no query. */
  private byte[] answer(ByteBuffer q, boolean overTcp) {
    if (q.remaining() < 12) {
      return null;
    }
    byte[] m = new byte[q.remaining()];
    q.get(m);
    int at = 12;
    StringBuilder name = new StringBuilder();
    while (at < m.length && m[at] != 0) {
      int len = m[at] & 0xff;
      name.append(name.isEmpty() ? "" : ".")
          .append(new String(m, at + 1, len, StandardCharsets.US_ASCII));
      at += 1 + len;
    }
    int questionEnd = at + 5; // the root label, QTYPE, QCLASS
    int type = ((m[at + 1] & 0xff) << 8) | (m[at + 2] & 0xff);
    String asked = key(name.toString());
    queries.add(new Query(asked, type, overTcp));
    if (dropped.contains(asked + "/" + type)) {
      return null;
    }
    List<Rec> answers = new ArrayList<>();
    int rcode = 0;
    String n = asked;
    for (int hops = 0; hops < 8; hops++) {
      List<Rec> records = names.get(n);
      if (records == null) {
        rcode = answers.isEmpty() ? 3 : 0; // NXDOMAIN, unless a CNAME led here
        break;
      }
      Rec alias = null;
      for (Rec r : records) {
        if (r.type() == type) {
          answers.add(r);
        } else if (r.type() == CNAME) {
          alias = r;
        }
      }
      if (alias == null || type == CNAME) {
        break;
      }
      answers.add(alias);
      n = key(decodeName(alias.rdata()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(m, 0, 2); // the ID
    out.write(0x81); // QR, RD
    out.write(0x80 | rcode); // RA, the rcode
    out.writeBytes(new byte[] {0, 1, 0, (byte) answers.size(), 0, 0, 0, 0});
    out.write(m, 12, questionEnd - 12);
    for (Rec r : answers) {
      out.writeBytes(encodeName(r.name()));
      out.writeBytes(
          ByteBuffer.allocate(10)
              .putShort((short) r.type())
              .putShort((short) 1)
              .putInt(r.ttl())
              .putShort((short) r.rdata().length)
              .array());
      out.writeBytes(r.rdata());
    }
    return out.toByteArray();
  }

  /** A name in wire form, uncompressed. */
  static byte[] encodeName(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : key(name).split("\\.", -1)) {
      if (!label.isEmpty()) {
        out.write(label.length());
        out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
      }
    }
    out.write(0);
    return out.toByteArray();
  }

  private static String decodeName(byte[] wire) {
    StringBuilder sb = new StringBuilder();
    int at = 0;
    while (wire[at] != 0) {
      int len = wire[at] & 0xff;
      sb.append(sb.isEmpty() ? "" : ".")
          .append(new String(wire, at + 1, len, StandardCharsets.US_ASCII));
      at += 1 + len;
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
