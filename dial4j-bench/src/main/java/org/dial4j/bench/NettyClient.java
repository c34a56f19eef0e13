package org.dial4j.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Netty 4.2 peer: {@code MultiThreadIoEventLoopGroup} of {@code -T} loops on epoll ({@code
 * EpollIoHandler}, {@code EpollSocketChannel}, the native transport) or, with {@code --nio} first,
 * on the JDK's NIO ({@code NioIoHandler}, {@code NioSocketChannel}); one {@code Bootstrap} per loop
 * with Netty's defaults (its default options, TCP_NODELAY among them; a handler that does nothing),
 * each keeping its share of CONCURRENCY connects in flight from the connect future's listener, on
 * that loop, the way a Netty user writes a connect storm: connect, on success close the channel,
 * start the next.
 *
 * <pre>java -cp ... org.dial4j.bench.NettyClient [--nio] -n TOTAL -c C -p PORT [-a DSTS] [-T N]
 * </pre>
 */
public final class NettyClient {
  private NettyClient() {}

  /** The handler every channel gets: Netty needs one; this client never reads. */
  @ChannelHandler.Sharable
  static final class Idle extends ChannelInboundHandlerAdapter {}

  /**
   * Runs the peer and exits with its status.
   *
   * @param args {@code [--nio]} then cconnect's options
   */
  public static void main(String[] args) {
    boolean nio = args.length > 0 && args[0].equals("--nio");
    String[] rest = nio ? Arrays.copyOfRange(args, 1, args.length) : args;
    System.exit(
        PeerMain.run(
            nio ? "netty-nio" : "netty-epoll", rest, o -> run(o, nio), System.out, System.err));
  }

  static PeerMain.Result run(PeerOptions o, boolean nio) throws InterruptedException {
    IoHandlerFactory io = nio ? NioIoHandler.newFactory() : EpollIoHandler.newFactory();
    Class<? extends Channel> type = nio ? NioSocketChannel.class : EpollSocketChannel.class;
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(o.threads(), io);
    try {
      long rss = PeerReport.rssKb();
      long t0 = System.nanoTime();
      long deadline = t0 + (long) (o.limitSeconds() * 1e9);
      CountDownLatch done = new CountDownLatch(o.threads());
      List<Worker> workers = new ArrayList<>();
      for (int i = 0; i < o.threads(); i++) {
        EventLoop loop = group.next();
        Bootstrap b = new Bootstrap().group(loop).channel(type).handler(new Idle());
        Worker w = new Worker(b, new PeerShare(o, i, o.threads(), deadline), done);
        workers.add(w);
        loop.execute(w::refill);
      }
      // Bounded: each share stops itself at the time limit; the extra second is for the last
      // listeners to run.
      if (!done.await((long) (o.limitSeconds() * 1e3) + 1000, TimeUnit.MILLISECONDS)) {
        for (Worker w : workers) {
          w.share.stop(PeerShare.TIME_LIMIT);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new PeerMain.Result(
          workers.stream().map(w -> w.share).toList(), o.threads(), seconds, rss);
    } finally {
      // No quiet period: nothing is left to run, and the default's two seconds would only wait.
      group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** One loop's share: its Bootstrap, run inside that loop's listeners only. */
  private static final class Worker {
    private final Bootstrap bootstrap;
    private final PeerShare share;
    private final CountDownLatch done;
    private boolean refilling;
    private boolean finished;

    Worker(Bootstrap bootstrap, PeerShare share, CountDownLatch done) {
      this.bootstrap = bootstrap;
      this.share = share;
      this.done = done;
    }

    /** Starts connects until CONCURRENCY are in flight; a listener that runs at once re-enters. */
    void refill() {
      if (refilling || finished) {
        return;
      }
      refilling = true;
      try {
        while (share.wantsMore()) {
          long t0 = System.nanoTime();
          ChannelFuture f = bootstrap.connect(share.start());
          f.addListener(
              (ChannelFuture c) -> {
                if (finished) {
                  // The share stopped while it was in flight: not counted. Nothing waits for a
                  // close, which Netty completes on this loop.
                  ChannelFuture _ = c.channel().close();
                  return;
                }
                if (c.isSuccess()) {
                  share.connected(t0);
                  ChannelFuture _ = c.channel().close();
                } else {
                  share.failed(c.cause());
                }
                refill();
              });
        }
      } finally {
        refilling = false;
      }
      if (share.over() && !finished) {
        finished = true;
        done.countDown();
      }
    }
  }
}
