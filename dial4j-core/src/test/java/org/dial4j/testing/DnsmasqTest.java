package org.dial4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The interop server starts on loopback, answers what it was given, and leaves nothing behind. */
class DnsmasqTest {
  @Test
  @DisplayName(
      "dnsmasq on loopback: A and AAAA of a name it holds, NODATA for a missing family, NXDOMAIN"
          + " for an unknown .test name")
  void answers() throws IOException {
    Assumptions.assumeTrue(Dnsmasq.installed(), "dnsmasq is not installed (.ci/run installs it)");
    try (Dnsmasq d =
        Dnsmasq.start(
            List.of(
                "--host-record=both.test,192.0.2.10,2001:db8::10",
                "--host-record=v4only.test,192.0.2.11"))) {
      assertThat(rcodeAndCount(d, "both.test", 1)).containsExactly(0, 1);
      assertThat(rcodeAndCount(d, "both.test", 28)).containsExactly(0, 1);
      assertThat(rcodeAndCount(d, "v4only.test", 28)).containsExactly(0, 0);
      assertThat(rcodeAndCount(d, "nothing.test", 1)).containsExactly(3, 0);
    }
  }

  private static int[] rcodeAndCount(Dnsmasq d, String name, int type) throws IOException {
    byte[] n = ScriptedDnsServer.encodeName(name);
    ByteBuffer q = ByteBuffer.allocate(12 + n.length + 4);
    q.putShort((short) 9).putShort((short) 0x0100).putShort((short) 1);
    q.putShort((short) 0).putShort((short) 0).putShort((short) 0);
    q.put(n).putShort((short) type).putShort((short) 1);
    try (DatagramChannel c = DatagramChannel.open()) {
      c.connect(d.address());
      c.write(ByteBuffer.wrap(q.array()));
      c.socket().setSoTimeout(2000);
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
      c.socket().receive(p);
      byte[] r = p.getData();
      return new int[] {r[3] & 0x0f, ((r[6] & 0xff) << 8) | (r[7] & 0xff)};
    }
  }
}
