package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.Netns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Source binding that does not exhaust ephemeral ports, proven in a namespace with only four of
 * them: sixteen dials from one source address, four to each of four destinations, all connect. A
 * bind that chose the port at bind time would hold one port per connection and stop at four.
 */
class DialerSourcePortsTest {
  @BeforeEach
  void needsNamespaces() {
    assumeThat(Netns.available()).as(Netns.unavailableReason()).isTrue();
  }

  @Test
  @DisplayName(
      "libut UT_net_connect: a source IP with port 0 (IP_BIND_ADDRESS_NO_PORT): 16 dials over 4"
          + " ephemeral ports")
  void sixteenConnectionsOverFourPorts() {
    try (Netns ns = Netns.create("d4jsrc")) {
      ns.sysctl("net.ipv4.ip_local_port_range", "40000 40003");
      List<String> seen =
          ns.call(
              () -> {
                List<String> out = new ArrayList<>();
                // The loop thread is started here, inside the namespace, so its sockets are too.
                try (Loopback lo = new Loopback();
                    EventLoop loop = EventLoop.start("src-ports");
                    Dialer d = Dialer.builder().loop(loop).source("127.0.0.1").build()) {
                  List<InetEndpoint> targets = new ArrayList<>();
                  for (int p = 5001; p <= 5004; p++) {
                    PosixSocket l = lo.tcp(Family.INET);
                    l.bind(Endpoint.parseInet("127.0.0.1:" + p));
                    l.listen(64);
                    targets.add(Loopback.where(l));
                  }
                  List<Connection> held = new ArrayList<>();
                  try {
                    for (int round = 0; round < 4; round++) {
                      for (InetEndpoint t : targets) {
                        Connection c = d.dial(t.toString());
                        held.add(c);
                        out.add(c.local().port() + "->" + t.port());
                      }
                    }
                  } finally {
                    held.forEach(Connection::close);
                  }
                }
                return out;
              });
      assertThat(seen).hasSize(16).doesNotHaveDuplicates();
      Set<Integer> ports = new HashSet<>();
      for (String s : seen) {
        ports.add(Integer.parseInt(s.substring(0, s.indexOf('-'))));
      }
      assertThat(ports).allMatch(p -> p >= 40000 && p <= 40003);
    }
  }
}
