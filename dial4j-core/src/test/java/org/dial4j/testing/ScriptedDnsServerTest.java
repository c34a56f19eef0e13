package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The test DNS server answers as scripted, over UDP and TCP, with its faults on request. */
class ScriptedDnsServerTest {
  private static final int WAIT_MS = 2000;

  /** A query for {@code name}/{@code type} with {@code id}, RD set, no EDNS. */
  private static byte[] query(int id, String name, int type) {
    byte[] n = ScriptedDnsServer.encodeName(name);
    ByteBuffer b = ByteBuffer.allocate(12 + n.length + 4);
    b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1);
    b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
    b.put(n).putShort((short) type).putShort((short) 1);
    return b.array();
  }

  /** Sends a query over UDP and waits (bounded) for one datagram; null if none came. */
  private static Reply udp(ScriptedDnsServer s, byte[] query, int waitMs) throws IOException {
    try (DatagramChannel c = DatagramChannel.open()) {
      c.connect(s.address());
      c.write(ByteBuffer.wrap(query));
      c.socket().setSoTimeout(waitMs);
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[4096], 4096);
      try {
        c.socket().receive(p);
      } catch (SocketTimeoutException e) {
        return null;
      }
      return new Reply(java.util.Arrays.copyOf(p.getData(), p.getLength()));
    } catch (java.nio.channels.IllegalBlockingModeException e) {
      throw new AssertionError(e);
    }
  }

  /** An unconnected UDP exchange, to see which address the answer comes from. */
  private static InetSocketAddress udpFrom(ScriptedDnsServer s, byte[] query) throws IOException {
    try (java.net.DatagramSocket c = new java.net.DatagramSocket(0, s.address().getAddress())) {
      c.send(new java.net.DatagramPacket(query, query.length, s.address()));
      c.setSoTimeout(WAIT_MS);
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[4096], 4096);
      c.receive(p);
      return (InetSocketAddress) p.getSocketAddress();
    }
  }

  private static Reply tcp(ScriptedDnsServer s, byte[] query) throws IOException {
    try (SocketChannel c = SocketChannel.open(s.address())) {
      c.socket().setSoTimeout(WAIT_MS);
      ByteBuffer out = ByteBuffer.allocate(2 + query.length);
      out.putShort((short) query.length).put(query).flip();
      c.write(out);
      java.io.DataInputStream in =
          new java.io.DataInputStream(Channels.newInputStream(c.socket().getChannel()));
      byte[] m = new byte[in.readUnsignedShort()];
      in.readFully(m);
      return new Reply(m);
    }
  }

  @SuppressWarnings("ArrayRecordComponent") // a received message, read field by field
  private record Reply(byte[] bytes) {
    int id() {
      return ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
    }

    int rcode() {
      return bytes[3] & 0x0f;
    }

    boolean tc() {
      return (bytes[2] & 0x02) != 0;
    }

    int answers() {
      return ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
    }
  }

  @Test
  @DisplayName(
      "Answers a scripted A over UDP and TCP, NXDOMAIN for a name with no rule, and records every"
          + " query")
  void answersAndRecords() throws IOException {
    try (ScriptedDnsServer s = ScriptedDnsServer.start("127.0.0.1")) {
      s.on("host.test", ScriptedDnsServer.A)
          .answer(ScriptedDnsServer.Rec.a("host.test", "192.0.2.7", 60));
      Reply r = udp(s, query(77, "HOST.test.", ScriptedDnsServer.A), WAIT_MS);
      assertThat(r).isNotNull();
      assertThat(r.id()).isEqualTo(77);
      assertThat(r.rcode()).isZero();
      assertThat(r.answers()).isEqualTo(1);
      assertThat(tcp(s, query(78, "host.test", ScriptedDnsServer.A)).answers()).isEqualTo(1);
      Reply nx = udp(s, query(79, "nothing.test", ScriptedDnsServer.A), WAIT_MS);
      assertThat(nx).isNotNull();
      assertThat(nx.rcode()).isEqualTo(3);
      assertThat(s.queries())
          .extracting(ScriptedDnsServer.Query::name, ScriptedDnsServer.Query::tcp)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("HOST.test", false),
              org.assertj.core.groups.Tuple.tuple("host.test", true),
              org.assertj.core.groups.Tuple.tuple("nothing.test", false));
    }
  }

  @Test
  @DisplayName(
      "Faults on request: TC over UDP (whole over TCP), a dropped query, a wrong ID, another source"
          + " port, garbage, a delay")
  void faults() throws IOException {
    try (ScriptedDnsServer s = ScriptedDnsServer.start("127.0.0.1")) {
      s.on("big.test", ScriptedDnsServer.A)
          .answer(ScriptedDnsServer.Rec.a("big.test", "192.0.2.1", 60))
          .truncate();
      Reply tc = udp(s, query(1, "big.test", ScriptedDnsServer.A), WAIT_MS);
      assertThat(tc).isNotNull();
      assertThat(tc.tc()).isTrue();
      assertThat(tc.answers()).isZero();
      assertThat(tcp(s, query(2, "big.test", ScriptedDnsServer.A)).answers()).isEqualTo(1);

      s.on("silent.test", ScriptedDnsServer.A).drop();
      assertThat(udp(s, query(3, "silent.test", ScriptedDnsServer.A), 200)).isNull();

      s.on("id.test", ScriptedDnsServer.A).wrongId();
      Reply wrong = udp(s, query(4, "id.test", ScriptedDnsServer.A), WAIT_MS);
      assertThat(wrong).isNotNull();
      assertThat(wrong.id()).isEqualTo(5);

      s.on("elsewhere.test", ScriptedDnsServer.A).wrongSource();
      assertThat(udpFrom(s, query(6, "elsewhere.test", ScriptedDnsServer.A)).getPort())
          .isNotEqualTo(s.address().getPort());

      s.on("junk.test", ScriptedDnsServer.A).garbage();
      Reply junk = udp(s, query(7, "junk.test", ScriptedDnsServer.A), WAIT_MS);
      assertThat(junk).isNotNull();
      assertThat(new String(junk.bytes(), java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("this is no DNS message");

      s.on("slow.test", ScriptedDnsServer.AAAA)
          .answer(ScriptedDnsServer.Rec.aaaa("slow.test", "2001:db8::1", 60))
          .delay(Duration.ofMillis(100));
      long t0 = System.nanoTime();
      Reply slow = udp(s, query(8, "slow.test", ScriptedDnsServer.AAAA), WAIT_MS);
      assertThat(slow).isNotNull();
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
  }
}
