package org.dial4j.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.Resolver;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Dial4jNetty#connect}: dial4j dials, Netty's epoll transport runs the channel. A Netty echo
 * server (epoll) on 127.0.0.1 is the peer; every wait is a future's, with a bound.
 */
class Dial4jNettyTest {
  private static final long BOUND_S = 10;
  private static final InetAddress V4 = InetAddress.ofLiteral("127.0.0.1");
  private static final InetAddress V6 = InetAddress.ofLiteral("::1");

  private static EventLoopGroup group;
  private static Channel server;
  private static int port;

  /** The server's side of each connection it accepted, in order. */
  private static final java.util.concurrent.BlockingQueue<Channel> accepted =
      new java.util.concurrent.LinkedBlockingQueue<>();

  @BeforeAll
  static void startEchoServer() throws Exception {
    Epoll.ensureAvailability();
    group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    server =
        new ServerBootstrap()
            .group(group)
            .channel(EpollServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    accepted.add(ch);
                    ch.pipeline()
                        .addLast(
                            new ChannelInboundHandlerAdapter() {
                              @Override
                              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                var _ = ctx.writeAndFlush(msg);
                              }
                            });
                  }
                })
            .bind(V4, 0)
            .sync()
            .channel();
    port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close().await(BOUND_S, TimeUnit.SECONDS);
    }
    if (group != null) {
      group.shutdownGracefully(0, BOUND_S, TimeUnit.SECONDS).await(BOUND_S, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("dials the echo server, the pipeline echoes a message, the addresses are right")
  void echo() throws Exception {
    Dialer dialer = Dialer.builder().build();
    Echo echo = new Echo();
    Channel ch = await(Dial4jNetty.connect(dialer, "127.0.0.1:" + port, group, echo.init()));
    try {
      assertThat(ch).isInstanceOf(EpollSocketChannel.class);
      assertThat(ch.isActive()).isTrue();
      assertThat(ch.eventLoop().parent()).isSameAs(group);
      Channel peer = accepted.poll(BOUND_S, TimeUnit.SECONDS);
      assertThat(peer).isNotNull();
      assertThat(ch.remoteAddress()).isEqualTo(new InetSocketAddress(V4, port));
      assertThat(ch.localAddress()).isEqualTo(peer.remoteAddress());
      assertThat(echo.roundTrip(ch, "hello through dial4j")).isEqualTo("hello through dial4j");
    } finally {
      ch.close().await(BOUND_S, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a refused port: the future fails with dial4j's NetError, ECONNREFUSED")
  void refused() throws Exception {
    // A port bound but not listening: nothing else can take it while the socket holds it.
    try (Socket holder = new Socket()) {
      holder.bind(new InetSocketAddress(V4, 0));
      Future<Channel> f =
          Dial4jNetty.connect(
              Dialer.builder().build(),
              "127.0.0.1:" + holder.getLocalPort(),
              Deadline.after(java.time.Duration.ofSeconds(BOUND_S)),
              group,
              new Echo().init());
      assertThat(f.await(BOUND_S, TimeUnit.SECONDS)).as("the future completed").isTrue();
      assertThat(f.isSuccess()).isFalse();
      assertThat(f.cause())
          .isInstanceOf(ConnectException.class)
          .isInstanceOfSatisfying(
              NetError.class, e -> assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED));
    }
  }

  @Test
  @DisplayName(
      "a name with ::1 and 127.0.0.1, the server on 127.0.0.1 only: Happy Eyeballs connects")
  void happyEyeballs() throws Exception {
    // [::1]:port held bound but not listening, so the IPv6 attempt is refused whatever else runs.
    try (Socket v6 = new Socket()) {
      bindIfFree(v6, new InetSocketAddress(V6, port));
      Dialer dialer =
          Dialer.builder().resolver(Resolver.fixed(Map.of("echo.test", List.of(V6, V4)))).build();
      Echo echo = new Echo();
      Channel ch = await(Dial4jNetty.connect(dialer, "echo.test:" + port, group, echo.init()));
      try {
        assertThat(accepted.poll(BOUND_S, TimeUnit.SECONDS)).isNotNull();
        assertThat(ch.remoteAddress()).isEqualTo(new InetSocketAddress(V4, port));
        assertThat(echo.roundTrip(ch, "eyeballs")).isEqualTo("eyeballs");
      } finally {
        ch.close().await(BOUND_S, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("closing the channel closes the descriptor: no socket left behind")
  void closingTheChannelClosesTheDescriptor() throws Exception {
    Dialer dialer = Dialer.builder().build();
    roundTripAndClose(dialer); // the dialer's loop and both sides' lazy set-up, before counting
    long before = sockets();

    Echo echo = new Echo();
    Channel ch = await(Dial4jNetty.connect(dialer, "127.0.0.1:" + port, group, echo.init()));
    Channel peer = accepted.poll(BOUND_S, TimeUnit.SECONDS);
    assertThat(peer).isNotNull();
    int fd = ((EpollSocketChannel) ch).fd().intValue();
    assertThat(Path.of("/proc/self/fd/" + fd)).exists();
    assertThat(sockets()).isEqualTo(before + 2); // this channel and the server's side of it
    assertThat(echo.roundTrip(ch, "x")).isEqualTo("x");

    assertThat(ch.close().await(BOUND_S, TimeUnit.SECONDS)).isTrue();
    // The server closes its side when it reads the end of the stream.
    assertThat(peer.closeFuture().await(BOUND_S, TimeUnit.SECONDS)).isTrue();
    assertThat(sockets()).isEqualTo(before);
  }

  @Test
  @DisplayName("an event loop that takes no epoll channel: the future fails, the descriptor closed")
  void registrationFailsAndTheDescriptorIsClosed() throws Exception {
    Dialer dialer = Dialer.builder().build();
    EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      roundTripAndClose(dialer);
      long before = sockets();
      Future<Channel> f = Dial4jNetty.connect(dialer, "127.0.0.1:" + port, nio, new Echo().init());
      assertThat(f.await(BOUND_S, TimeUnit.SECONDS)).as("the future completed").isTrue();
      assertThat(f.cause()).isInstanceOf(IllegalStateException.class);
      // The server accepted the connection and closes its side at the end of the stream.
      Channel peer = accepted.poll(BOUND_S, TimeUnit.SECONDS);
      assertThat(peer).isNotNull();
      assertThat(peer.closeFuture().await(BOUND_S, TimeUnit.SECONDS)).isTrue();
      assertThat(sockets()).isEqualTo(before);
    } finally {
      nio.shutdownGracefully(0, BOUND_S, TimeUnit.SECONDS).await(BOUND_S, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("bad input fails the future at once with dial4j's EINVAL-family error")
  void badInput() throws Exception {
    Future<Channel> f =
        Dial4jNetty.connect(Dialer.builder().build(), "no port here", group, new Echo().init());
    assertThat(f.isDone()).isTrue();
    assertThat(f.cause()).isInstanceOf(NetError.class);
  }

  // ---------------------------------------------------------------- helpers

  private static void roundTripAndClose(Dialer dialer) throws Exception {
    Echo echo = new Echo();
    Channel ch = await(Dial4jNetty.connect(dialer, "127.0.0.1:" + port, group, echo.init()));
    Channel peer = accepted.poll(BOUND_S, TimeUnit.SECONDS);
    assertThat(echo.roundTrip(ch, "warm")).isEqualTo("warm");
    assertThat(ch.close().await(BOUND_S, TimeUnit.SECONDS)).isTrue();
    assertThat(peer).isNotNull();
    assertThat(peer.closeFuture().await(BOUND_S, TimeUnit.SECONDS)).isTrue();
  }

  private static Channel await(Future<Channel> f) throws InterruptedException {
    assertThat(f.await(BOUND_S, TimeUnit.SECONDS)).as("the connect completed").isTrue();
    if (!f.isSuccess()) {
      throw new AssertionError("the connect failed", f.cause());
    }
    return f.getNow();
  }

  private static void bindIfFree(Socket s, InetSocketAddress at) {
    try {
      s.bind(at);
    } catch (IOException notFree) {
      // ::1 absent or the port taken there: the IPv6 attempt fails (or wins) on its own; the
      // assertions below say which.
    }
  }

  /** This process's open sockets, from /proc/self/fd (files the JVM opens on its own left out). */
  private static long sockets() {
    long n = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path entry : entries) {
        try {
          if (Files.readSymbolicLink(entry).toString().startsWith("socket:")) {
            n++;
          }
        } catch (NoSuchFileException closedMeanwhile) {
          // the directory stream's own descriptor, or one closed as we read
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /** The client's pipeline: what it reads goes to the round trip waiting for it. */
  private static final class Echo {
    private final StringBuilder received = new StringBuilder();
    private CompletableFuture<String> expected = new CompletableFuture<>();
    private int want;

    ChannelInitializer<Channel> init() {
      return new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
          ch.pipeline()
              .addLast(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                      ByteBuf buf = (ByteBuf) msg;
                      try {
                        received.append(buf.toString(US_ASCII));
                      } finally {
                        buf.release();
                      }
                      if (received.length() >= want) {
                        expected.complete(received.toString());
                      }
                    }
                  });
        }
      };
    }

    /** Writes {@code text} and waits for as many bytes back (reads run on the channel's loop). */
    String roundTrip(Channel ch, String text) throws Exception {
      CompletableFuture<String> got = new CompletableFuture<>();
      ch.eventLoop()
          .submit(
              () -> {
                received.setLength(0);
                want = text.length();
                expected = got;
              })
          .await(BOUND_S, TimeUnit.SECONDS);
      ch.writeAndFlush(Unpooled.copiedBuffer(text, US_ASCII)).await(BOUND_S, TimeUnit.SECONDS);
      return got.get(BOUND_S, TimeUnit.SECONDS);
    }
  }
}
