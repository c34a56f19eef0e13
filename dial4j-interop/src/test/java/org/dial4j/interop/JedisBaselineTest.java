package org.dial4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import org.dial4j.interop.servers.Loopback;
import org.dial4j.interop.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Jedis against a real Redis with its default sockets: the harness the {@code JedisSocketFactory}
 * bridge tests will stand beside.
 */
class JedisBaselineTest {
  private static RedisServer server;

  @BeforeAll
  static void startServer() throws Exception {
    Optional<String> why = RedisServer.unavailable();
    assumeTrue(why.isEmpty(), () -> "Redis cannot run here: " + why.orElseThrow());
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("SET then GET the value back; the server lists this client from 127.0.0.1")
  void setGet() {
    try (Jedis jedis = new Jedis(server.address().getHostString(), server.address().getPort())) {
      assertThat(jedis.set("dial4j:key", "value-1")).isEqualTo("OK");
      assertThat(jedis.get("dial4j:key")).isEqualTo("value-1");
      assertThat(jedis.get("dial4j:missing")).isNull();
      assertThat(jedis.clientList()).contains("addr=127.0.0.1:");
    }
  }

  @Test
  @DisplayName(
      "A port nobody listens on: JedisConnectionException, the ConnectException suppressed")
  void refusedPort() throws Exception {
    // A socket bound to the port and not listening holds it: a connect to it is refused.
    try (Socket holder = new Socket()) {
      holder.bind(new InetSocketAddress(Loopback.IPV4, 0));
      try (Jedis jedis = new Jedis("127.0.0.1", holder.getLocalPort())) {
        // Jedis tries each address of the host and keeps each failure as a suppressed exception.
        assertThatThrownBy(jedis::ping)
            .isInstanceOf(JedisConnectionException.class)
            .hasMessageContaining("127.0.0.1:" + holder.getLocalPort())
            .satisfies(
                e ->
                    assertThat(e.getSuppressed())
                        .singleElement()
                        .isInstanceOf(ConnectException.class));
      }
    }
  }
}
