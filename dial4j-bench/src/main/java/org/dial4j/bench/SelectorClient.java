package org.dial4j.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The plain JDK NIO peer: {@code -T} platform threads, each with its own {@link Selector} and its
 * share of CONCURRENCY non-blocking {@link SocketChannel} connects, written as the JDK's NIO is
 * taught: open, configure non-blocking, {@code connect}, register for OP_CONNECT, and when the
 * selector reports the key, {@code finishConnect} and close.
 *
 * <pre>java -cp ... org.dial4j.bench.SelectorClient -n TOTAL -c C -p PORT [-a DSTS] [-T N]</pre>
 */
public final class SelectorClient {
  private SelectorClient() {}

  /**
   * Runs the peer and exits with its status.
   *
   * @param args cconnect's options
   */
  public static void main(String[] args) {
    System.exit(PeerMain.run("nio-selector", args, SelectorClient::run, System.out, System.err));
  }

  static PeerMain.Result run(PeerOptions o) throws Exception {
    long rss = PeerReport.rssKb();
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (o.limitSeconds() * 1e9);
    List<PeerShare> shares = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Exception> thrown = new ArrayList<>();
    for (int i = 0; i < o.threads(); i++) {
      PeerShare share = new PeerShare(o, i, o.threads(), deadline);
      shares.add(share);
      threads.add(
          Thread.ofPlatform()
              .name("selector-" + i)
              .start(
                  () -> {
                    try {
                      loop(share);
                    } catch (IOException e) {
                      synchronized (thrown) {
                        thrown.add(e);
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!thrown.isEmpty()) {
      throw thrown.getFirst();
    }
    return new PeerMain.Result(shares, o.threads(), seconds, rss);
  }

  /** One thread's loop over its own selector. */
  private static void loop(PeerShare share) throws IOException {
    try (Selector selector = Selector.open()) {
      refill(selector, share);
      while (!share.over() && share.inflight() > 0) {
        selector.select(100);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          SocketChannel ch = (SocketChannel) key.channel();
          long started = (Long) key.attachment();
          try {
            ch.finishConnect();
            share.connected(started);
          } catch (IOException e) {
            share.failed(e);
          }
          ch.close();
        }
        refill(selector, share);
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close(); // stopped early: connects still in flight
      }
    }
  }

  /** Starts connects until the share's CONCURRENCY are in flight. */
  private static void refill(Selector selector, PeerShare share) {
    while (share.wantsMore()) {
      long t0 = System.nanoTime();
      SocketChannel ch;
      try {
        ch = SocketChannel.open();
      } catch (IOException e) {
        share.start();
        share.failed(e);
        share.stop(PeerShare.SOCKET_FAILED);
        return;
      }
      InetSocketAddress dst = share.start();
      try {
        ch.configureBlocking(false);
        if (ch.connect(dst)) {
          share.connected(t0);
          ch.close();
        } else {
          ch.register(selector, SelectionKey.OP_CONNECT, t0);
        }
      } catch (IOException e) {
        share.failed(e);
        closeQuietly(ch);
      }
      if (share.over()) {
        return;
      }
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // already counted as the connect's failure
    }
  }
}
