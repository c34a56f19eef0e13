package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.Loopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code java.net.Socket} bridge on real loopback sockets: connect by name and by address, the
 * errors as {@code java.net} types with the dial4j error as cause, streams, SO_TIMEOUT, the
 * options, half closes, and close from another thread ending a connect or a read.
 */
class DialSocketTest {
  private static final long BOUND_S = 10;

  private EventLoop loop;
  private Dialer dialer;
  private DialSocketFactory factory;
  private final Loopback peers = new Loopback();
  private ServerSocket echo;
  private Thread echoThread;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("dial-socket");
    dialer = Dialer.builder().loop(loop).build();
    factory = dialer.socketFactory();
    echo = new ServerSocket(0, 16, java.net.InetAddress.ofLiteral("127.0.0.1"));
    echoThread =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!echo.isClosed()) {
                    try {
                      Socket s = echo.accept();
                      Thread.ofVirtual().start(() -> echoOnce(s));
                    } catch (IOException closed) {
                      return;
                    }
                  }
                });
  }

  private static void echoOnce(Socket s) {
    try (s) {
      s.getInputStream().transferTo(s.getOutputStream());
    } catch (IOException e) {
      // the client went away
    }
  }

  @AfterEach
  void stop() throws Exception {
    echo.close();
    echoThread.join(Duration.ofSeconds(BOUND_S));
    dialer.close();
    loop.close();
    assertThat(loop.awaitTermination(Duration.ofSeconds(BOUND_S))).isTrue();
    peers.close();
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    byte[] b = text.getBytes(StandardCharsets.US_ASCII);
    out.write(b);
    byte[] got = in.readNBytes(b.length);
    return new String(got, StandardCharsets.US_ASCII);
  }

  @Test
  @DisplayName("createSocket(host, port) by name and connect(unresolved, timeout): a round trip")
  void connectAndEcho() throws Exception {
    try (Socket s = factory.createSocket("localhost", echo.getLocalPort())) {
      assertThat(s).isInstanceOf(DialSocket.class);
      assertThat(s.isConnected()).isTrue();
      assertThat(s.getPort()).isEqualTo(echo.getLocalPort());
      assertThat(s.getLocalPort()).isPositive();
      assertThat(roundTrip(s, "hello")).isEqualTo("hello");
    }
    try (Socket s = factory.createSocket()) {
      assertThat(s.isConnected()).isFalse();
      s.connect(InetSocketAddress.createUnresolved("127.0.0.1", echo.getLocalPort()), 2000);
      assertThat(s.getRemoteSocketAddress())
          .isEqualTo(
              new InetSocketAddress(
                  java.net.InetAddress.ofLiteral("127.0.0.1"), echo.getLocalPort()));
      assertThat(roundTrip(s, "again")).isEqualTo("again");
    }
  }

  @Test
  @DisplayName("refused: ConnectException, its cause the dial's error with ECONNREFUSED")
  void refused() throws Exception {
    InetEndpoint closed = peers.closedPort("127.0.0.1");
    assertThatThrownBy(() -> factory.createSocket("127.0.0.1", closed.port()))
        .isInstanceOf(ConnectException.class)
        .cause()
        .isInstanceOfSatisfying(
            NetError.class, e -> assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED));
  }

  @Test
  @DisplayName("a name with no address: UnknownHostException, its cause ENOENT")
  void unknownHost() {
    assertThatThrownBy(() -> factory.createSocket("nothing.invalid", 80))
        .isInstanceOf(UnknownHostException.class)
        .cause()
        .isInstanceOfSatisfying(NetError.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
  }

  @Test
  @DisplayName("the connect timeout is the dial's deadline: SocketTimeoutException, ETIMEDOUT")
  void connectTimeout() throws Exception {
    InetEndpoint stuck = peers.fullQueue("127.0.0.1");
    try (Socket s = factory.createSocket()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> s.connect(stuck.toSocketAddress(), 200))
          .isInstanceOf(SocketTimeoutException.class)
          .cause()
          .isInstanceOfSatisfying(
              NetError.class, e -> assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  @DisplayName(
      "SO_TIMEOUT: a read with nothing to read ends SocketTimeoutException; the socket lives")
  void soTimeout() throws Exception {
    try (Socket s = factory.createSocket("127.0.0.1", echo.getLocalPort())) {
      s.setSoTimeout(100);
      assertThat(s.getSoTimeout()).isEqualTo(100);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(roundTrip(s, "still")).isEqualTo("still");
    }
  }

  @Test
  @DisplayName("close() from another thread ends a blocked read and a pending connect")
  void closeAborts() throws Exception {
    Socket reading = factory.createSocket("127.0.0.1", echo.getLocalPort());
    CompletableFuture<Throwable> readEnd = new CompletableFuture<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    reading.getInputStream().read();
                    readEnd.complete(null);
                  } catch (Throwable t) {
                    readEnd.complete(t);
                  }
                });
    org.dial4j.testing.Await.untilWaiting(reader, Duration.ofSeconds(BOUND_S));
    reading.close();
    assertThat(readEnd.get(BOUND_S, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);

    InetEndpoint stuck = peers.fullQueue("127.0.0.1");
    Socket connecting = factory.createSocket();
    CompletableFuture<Throwable> connectEnd = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    connecting.connect(stuck.toSocketAddress());
                    connectEnd.complete(null);
                  } catch (Throwable e) {
                    connectEnd.complete(e);
                  }
                });
    org.dial4j.testing.Await.until(
        "the connect is out", () -> dialer.inProgress() == 1, Duration.ofSeconds(BOUND_S));
    connecting.close();
    assertThat(connectEnd.get(BOUND_S, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
    t.join(Duration.ofSeconds(BOUND_S));
    org.dial4j.testing.Await.until(
        "the cancelled dial has ended",
        () -> dialer.inProgress() == 0,
        Duration.ofSeconds(BOUND_S));
  }

  @Test
  @DisplayName("options before and after the connect, read back from the connected socket")
  void options() throws Exception {
    try (Socket s = factory.createSocket()) {
      assertThat(s.getTcpNoDelay()).as("the Dialer's default").isTrue();
      s.setKeepAlive(true);
      s.setTcpNoDelay(false);
      s.connect(
          new InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.0.1"), echo.getLocalPort()));
      assertThat(s.getKeepAlive()).isTrue();
      assertThat(s.getTcpNoDelay()).isFalse();
      s.setTcpNoDelay(true);
      assertThat(s.getTcpNoDelay()).isTrue();
      s.setSoLinger(true, 3);
      assertThat(s.getSoLinger()).isEqualTo(3);
      s.setSendBufferSize(65536);
      assertThat(s.getSendBufferSize()).isPositive();
      s.setReceiveBufferSize(65536);
      assertThat(s.getReceiveBufferSize()).isPositive();
      assertThatThrownBy(() -> s.sendUrgentData(1)).isInstanceOf(SocketException.class);
    }
  }

  @Test
  @DisplayName("shutdownOutput: the peer reads end of stream; shutdownInput: reads return -1")
  void halfClose() throws Exception {
    try (Socket s = factory.createSocket("127.0.0.1", echo.getLocalPort())) {
      s.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      assertThat(s.isOutputShutdown()).isTrue();
      // The echo peer sends "bye" back and, at our end of stream, closes: we read it all.
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("bye");
      assertThatThrownBy(() -> s.getOutputStream().write(1)).isInstanceOf(SocketException.class);
      InputStream in = s.getInputStream();
      s.shutdownInput();
      assertThat(in.read()).isEqualTo(-1);
      assertThatThrownBy(s::getInputStream).isInstanceOf(SocketException.class);
    }
  }

  @Test
  @DisplayName("bind takes only the wildcard with port 0; the factory's argument is checked")
  void bindAndConfig() throws Exception {
    try (Socket s = factory.createSocket()) {
      s.bind(new InetSocketAddress(0));
      assertThatThrownBy(
              () -> s.bind(new InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.0.1"), 0)))
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("Dialer.Builder.source");
    }
    assertThat(new DialSocketFactory("timeout=2s, attemptDelay=100ms, network=tcp4").dialer())
        .isNotNull();
    assertThatThrownBy(() -> new DialSocketFactory("timeout=soon"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("timeout=soon");
    assertThatThrownBy(() -> new DialSocketFactory("colour=blue"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unknown key colour");
  }
}
