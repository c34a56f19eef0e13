package org.dial4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.DialSocketFactory;
import org.dial4j.dial.Dialer;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.interop.servers.Blackhole;
import org.dial4j.interop.servers.HttpServer;
import org.dial4j.interop.servers.Loopback;
import org.dial4j.interop.servers.PostgresServer;
import org.dial4j.interop.servers.RedisServer;
import org.dial4j.interop.servers.SelfSignedCertificate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The real clients, unchanged but for the socket factory, connecting through dial4j to real servers
 * on loopback: pgjdbc by its {@code socketFactory} property (the class name, made by the driver),
 * Jedis through a {@link JedisSocketFactory}, OkHttp by {@code socketFactory(...)} over HTTP and
 * TLS.
 */
class BridgeClientsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The first dial4j error in {@code t}'s causes, or null. */
  private static NetError netError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NetError ne) {
        return ne;
      }
    }
    return null;
  }

  @Test
  @DisplayName(
      "pgjdbc, socketFactory=org.dial4j.dial.DialSocketFactory: SELECT 1; a refused port's"
          + " SQLException carries ECONNREFUSED in a dial4j error")
  void pgjdbc() throws Exception {
    Optional<String> why = PostgresServer.unavailable();
    assumeTrue(why.isEmpty(), () -> "PostgreSQL cannot run here: " + why.orElseThrow());
    try (PostgresServer server = PostgresServer.start()) {
      Properties p = new Properties();
      p.setProperty("socketFactory", DialSocketFactory.class.getName());
      try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), p);
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT 1, host(inet_client_addr())")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
      }
      try (Socket holder = new Socket()) {
        holder.bind(new InetSocketAddress(Loopback.IPV4, 0));
        String url =
            "jdbc:postgresql://127.0.0.1:"
                + holder.getLocalPort()
                + "/"
                + PostgresServer.DATABASE
                + "?user="
                + PostgresServer.USER;
        assertThatThrownBy(() -> DriverManager.getConnection(url, p).close())
            .isInstanceOf(SQLException.class)
            .satisfies(
                e -> {
                  NetError ne = netError(e);
                  assertThat(ne).isNotNull();
                  assertThat(ne.errno()).isEqualTo(Errno.ECONNREFUSED);
                });
      }
    }
  }

  @Test
  @DisplayName(
      "pgjdbc: a name with a blackholed address and the live one connects through the race"
          + " (socketFactoryArg resolve=, attemptDelay=)")
  void pgjdbcRace() throws Exception {
    Optional<String> why = PostgresServer.unavailable();
    assumeTrue(why.isEmpty(), () -> "PostgreSQL cannot run here: " + why.orElseThrow());
    try (PostgresServer server = PostgresServer.start();
        Blackhole hole = Blackhole.on(server.address().getPort())) {
      // localhost answers (in the factory's own table) the blackholed address first, then the
      // server's: the first attempt hangs, the second starts after the attempt delay and wins.
      // (localhost, not a made-up name: pgjdbc has the JDK resolve the name first, and only
      // /etc/hosts may answer in a test.)
      Properties p = new Properties();
      p.setProperty("socketFactory", DialSocketFactory.class.getName());
      p.setProperty(
          "socketFactoryArg",
          "resolve=localhost="
              + hole.address().getAddress().getHostAddress()
              + "|127.0.0.1,attemptDelay=100ms,network=tcp4");
      p.setProperty("connectTimeout", "10");
      String url =
          "jdbc:postgresql://localhost:"
              + server.address().getPort()
              + "/"
              + PostgresServer.DATABASE
              + "?user="
              + PostgresServer.USER;
      long t0 = System.nanoTime();
      try (Connection c = DriverManager.getConnection(url, p)) {
        // The blackholed attempt held the dial for the attempt delay, then 127.0.0.1 won.
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .isBetween(Duration.ofMillis(90), Duration.ofSeconds(5));
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT host(inet_server_addr())")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
        }
      }
    }
  }

  @Test
  @DisplayName("Jedis through a JedisSocketFactory of dial4j sockets: SET and GET")
  void jedis() throws Exception {
    Optional<String> why = RedisServer.unavailable();
    assumeTrue(why.isEmpty(), () -> "Redis cannot run here: " + why.orElseThrow());
    List<DialEvent> events = new CopyOnWriteArrayList<>();
    try (RedisServer server = RedisServer.start();
        Dialer dialer = Dialer.builder().listener(events::add).build()) {
      DialSocketFactory f = dialer.socketFactory();
      JedisSocketFactory sockets =
          () -> {
            try {
              Socket s =
                  f.createSocket(server.address().getHostString(), server.address().getPort());
              s.setSoTimeout((int) TIMEOUT.toMillis());
              return s;
            } catch (IOException e) {
              throw new JedisConnectionException(e);
            }
          };
      try (Jedis jedis = new Jedis(sockets)) {
        assertThat(jedis.set("dial4j:bridge", "through dial4j")).isEqualTo("OK");
        assertThat(jedis.get("dial4j:bridge")).isEqualTo("through dial4j");
      }
      assertThat(events).anyMatch(e -> e instanceof DialEvent.Won);
    }
  }

  @Test
  @DisplayName("OkHttp with socketFactory(dialer.socketFactory()): GET over HTTP and over TLS")
  void okhttp() throws Exception {
    List<DialEvent> events = new CopyOnWriteArrayList<>();
    try (Dialer dialer = Dialer.builder().listener(events::add).build();
        HttpServer plain = HttpServer.http();
        HttpServer tls = HttpServer.https()) {
      SelfSignedCertificate cert = tls.certificate();
      OkHttpClient client =
          new OkHttpClient.Builder()
              .socketFactory(dialer.socketFactory())
              .sslSocketFactory(cert.clientContext().getSocketFactory(), cert.trustManager())
              .connectTimeout(TIMEOUT)
              .readTimeout(TIMEOUT)
              .callTimeout(TIMEOUT)
              .retryOnConnectionFailure(false)
              .build();
      try {
        for (HttpServer server : List.of(plain, tls)) {
          try (Response r =
              client.newCall(new Request.Builder().url(server.url("/hello")).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo(HttpServer.HELLO);
          }
        }
      } finally {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
      assertThat(events.stream().filter(e -> e instanceof DialEvent.Won)).hasSize(2);
    }
  }
}
