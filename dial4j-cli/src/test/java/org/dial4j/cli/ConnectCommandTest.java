package org.dial4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dial4j.InetEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dial4j connect}: Example 1 of the Solaris connect(3SOCKET) page, rule by rule, with the
 * program's messages and exit status, against real loopback sockets.
 */
class ConnectCommandTest {

  @ParameterizedTest(name = "{0} argument(s)")
  @ValueSource(ints = {0, 1, 3})
  @DisplayName(
      "Solaris connect(3SOCKET) example: argc != 3 prints 'connect: <IP> <port>' and exits 1")
  void wrongArgumentCount(int count) {
    String[] args =
        Stream.concat(Stream.of("connect"), Stream.of("127.0.0.1", "80", "extra").limit(count))
            .toArray(String[]::new);
    Dial4jRun r = Dial4jRun.of(args);
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("connect: <IP> <port>\n");
    assertThat(r.out()).isEmpty();
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {"localhost", "[::1]", "127.1", "256.0.0.1", "::1%lo", "01.2.3.4", "", "-x"})
  @DisplayName(
      "Solaris connect(3SOCKET) example: neither inet_pton(AF_INET6) nor inet_pton(AF_INET) reads"
          + " it: 'connect: <arg> is not a valid IPv4 or IPv6 address', exit 1")
  void notAnAddress(String ip) {
    Dial4jRun r = Dial4jRun.of("connect", ip, "80");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("connect: " + ip + " is not a valid IPv4 or IPv6 address\n");
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET) example: the address is checked before the port")
  void addressBeforePort() {
    Dial4jRun r = Dial4jRun.of("connect", "nowhere", "abc");
    assertThat(r.err()).isEqualTo("connect: nowhere is not a valid IPv4 or IPv6 address\n");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"abc", "80x", "80 ", "0x50", "+", " ", "8 0", "99999999999999999999"})
  @DisplayName(
      "Solaris connect(3SOCKET) example: strtol stops before the end or overflows: 'failed to"
          + " parse port <arg>', exit 1")
  void portNotParsed(String port) {
    Dial4jRun r = Dial4jRun.of("connect", "127.0.0.1", port);
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("failed to parse port " + port + "\n");
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {"0|0", "65536|65536", "-5|-5", "-0|0", "'  +70000'|70000", "''|0"})
  @DisplayName(
      "Solaris connect(3SOCKET) example: a value outside 1..65535 prints 'invalid port: <n>',"
          + " exit 1")
  void portOutOfRange(String port, long shown) {
    Dial4jRun r = Dial4jRun.of("connect", "::1", port);
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("invalid port: " + shown + "\n");
  }

  @Test
  @DisplayName(
      "Solaris connect(3SOCKET) example: a closed 127.0.0.1 port: asynchronous ECONNREFUSED, exit"
          + " 1")
  void refused() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint closed = lo.closedPort();
      Dial4jRun r = Dial4jRun.of("connect", "127.0.0.1", Integer.toString(closed.port()));
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      // Loopback answers the SYN at once, but a non-blocking connect still reports EINPROGRESS
      // and the refusal through SO_ERROR; a synchronous refusal would print its own message.
      assertThat(r.err())
          .containsAnyOf(
              "asynchronous connect: ECONNREFUSED (Connection refused)\n", "connect: connect tcp")
          .contains("ECONNREFUSED (Connection refused)");
    }
  }

  @Test
  @DisplayName(
      "Solaris connect(3SOCKET) example: 127.0.0.1 is mapped into IPv6 and connects to a listener"
          + " on 127.0.0.1, exit 0")
  void connectsOverIpv4() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      Dial4jRun r = Dial4jRun.of("connect", "127.0.0.1", Integer.toString(server.port()));
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out())
          .matches(
              "connected \\[::ffff:127\\.0\\.0\\.1]:\\d+ -> \\[::ffff:127\\.0\\.0\\.1]:"
                  + server.port()
                  + "\n");
    }
  }

  @Test
  @DisplayName(
      "Solaris connect(3SOCKET) example: IPv4 given already mapped, ::ffff:127.0.0.1, reads as IPv6"
          + " and connects, exit 0")
  void connectsWithMappedAddress() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      Dial4jRun r = Dial4jRun.of("connect", "::ffff:127.0.0.1", Integer.toString(server.port()));
      assertThat(r.status()).isZero();
      assertThat(r.out()).endsWith(" -> [::ffff:127.0.0.1]:" + server.port() + "\n");
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET) example: ::1 connects to a listener on ::1, exit 0")
  void connectsOverIpv6() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.v6Listener();
      Dial4jRun r = Dial4jRun.of("connect", "::1", Integer.toString(server.port()));
      assertThat(r.err()).isEmpty();
      assertThat(r.status()).isZero();
      assertThat(r.out()).matches("connected \\[::1]:\\d+ -> \\[::1]:" + server.port() + "\n");
    }
  }

  @Test
  @DisplayName(
      "Solaris connect(3SOCKET) example: with --timeout, a connect that stays pending ends with"
          + " ETIMEDOUT naming the timeout, exit 1")
  void timesOut() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint stuck = lo.fullQueue();
      Dial4jRun r =
          Dial4jRun.of("connect", "-t", "200ms", "127.0.0.1", Integer.toString(stuck.port()));
      assertThat(r.status()).isEqualTo(1);
      assertThat(r.err())
          .isEqualTo("connect: ETIMEDOUT (Connection timed out): no answer within 200ms\n");
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET) example: an invalid --timeout is a usage error, exit 2")
  void badTimeout() {
    Dial4jRun r = Dial4jRun.of("connect", "--timeout", "soon", "127.0.0.1", "80");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("'soon' is not a duration");
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET) example: every run closes its socket")
  void closesItsSocket() throws IOException {
    try (Listeners lo = new Listeners()) {
      InetEndpoint server = lo.listener(Listeners.V4_LOOPBACK, 8);
      InetEndpoint closed = lo.closedPort();
      // One run of each first, so that class loading opens what it needs before the count.
      Dial4jRun.of("connect", "127.0.0.1", "" + server.port());
      Dial4jRun.of("connect", "127.0.0.1", "" + closed.port());
      long before = openDescriptors();
      for (int i = 0; i < 5; i++) {
        assertThat(Dial4jRun.of("connect", "127.0.0.1", "" + server.port()).status()).isZero();
        assertThat(Dial4jRun.of("connect", "127.0.0.1", "" + closed.port()).status()).isOne();
      }
      assertThat(openDescriptors()).isEqualTo(before);
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
