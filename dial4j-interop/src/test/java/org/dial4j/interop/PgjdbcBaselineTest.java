package org.dial4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.dial4j.interop.servers.Loopback;
import org.dial4j.interop.servers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc against a real PostgreSQL with the driver's default sockets: the harness the {@code
 * socketFactory=} bridge tests will stand beside.
 */
class PgjdbcBaselineTest {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    Optional<String> why = PostgresServer.unavailable();
    assumeTrue(why.isEmpty(), () -> "PostgreSQL cannot run here: " + why.orElseThrow());
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("SELECT 1 over TCP to 127.0.0.1, as the server sees it (its address, the client's)")
  void selectOne() throws SQLException {
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(""));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT 1, host(inet_server_addr()), inet_server_port(), host(inet_client_addr()),"
                    + " current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getString(2)).isEqualTo("127.0.0.1");
      assertThat(rs.getInt(3)).isEqualTo(server.address().getPort());
      assertThat(rs.getString(4)).isEqualTo("127.0.0.1");
      assertThat(rs.getString(5)).isEqualTo(PostgresServer.USER);
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  @DisplayName("A port nobody listens on: SQLException 08001, caused by ConnectException")
  void refusedPort() throws Exception {
    // A socket bound to the port and not listening holds it: nothing else can listen there, and
    // a connect to it is refused.
    try (Socket holder = new Socket()) {
      holder.bind(new InetSocketAddress(Loopback.IPV4, 0));
      String url =
          "jdbc:postgresql://127.0.0.1:"
              + holder.getLocalPort()
              + "/"
              + PostgresServer.DATABASE
              + "?user="
              + PostgresServer.USER
              + "&connectTimeout=5";
      assertThatThrownBy(() -> DriverManager.getConnection(url).close())
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"))
          .hasMessageContaining("127.0.0.1:" + holder.getLocalPort())
          .hasRootCauseInstanceOf(ConnectException.class);
    }
  }
}
