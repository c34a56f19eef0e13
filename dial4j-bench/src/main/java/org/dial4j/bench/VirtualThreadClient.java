package org.dial4j.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dial4j.dial.Connection;
import org.dial4j.dial.Dialer;
import org.jspecify.annotations.Nullable;

/**
 * The virtual-thread peer: CONCURRENCY virtual threads, each making its share of TOTAL with a
 * blocking {@code new Socket(address, port)} and closing it, the way code on virtual threads is
 * meant to be written (the JDK parks the thread in connect instead of blocking a carrier). {@code
 * -T} sets the scheduler's carriers ({@code jdk.virtualThreadScheduler.parallelism}, set before the
 * first virtual thread starts unless given on the command line; the JDK's default is one per CPU).
 *
 * <p>With {@code --dial4j} first, each connect is dial4j's blocking face instead, written as simply
 * as the {@code Socket} line: {@code dialer.dial("127.0.0.1:PORT")} on a {@code Dialer} built with
 * its defaults (so on the one shared loop every default dialer uses; the virtual thread parks while
 * the loop connects), then {@code close()}. That is what a virtual-thread program gets from dial4j
 * without choosing anything (issue 14: this face against plain virtual threads, in one run).
 *
 * <pre>java -cp ... org.dial4j.bench.VirtualThreadClient [--dial4j] -n TOTAL -c C -p PORT [-a DSTS]
 *     [-T N]</pre>
 */
public final class VirtualThreadClient {
  private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

  private VirtualThreadClient() {}

  /**
   * Runs the peer and exits with its status.
   *
   * @param args {@code [--dial4j]} then cconnect's options
   */
  public static void main(String[] args) {
    boolean dial4j = args.length > 0 && args[0].equals("--dial4j");
    String[] rest = dial4j ? Arrays.copyOfRange(args, 1, args.length) : args;
    System.exit(
        PeerMain.run(
            dial4j ? "dial4j-virtual-threads" : "virtual-threads",
            rest,
            o -> run(o, dial4j),
            System.out,
            System.err));
  }

  static PeerMain.Result run(PeerOptions o) throws InterruptedException {
    return run(o, false);
  }

  static PeerMain.Result run(PeerOptions o, boolean dial4j) throws InterruptedException {
    String carriers = System.getProperty(PARALLELISM);
    if (carriers == null) {
      carriers = Integer.toString(o.threads());
      System.setProperty(PARALLELISM, carriers);
    }
    long rss = PeerReport.rssKb();
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (o.limitSeconds() * 1e9);
    // One share per virtual thread (CONCURRENCY of them, one connect in flight each), numbered as
    // cconnect numbers its threads, so the destinations go round-robin as they do there.
    int n = o.concurrency();
    Dialer dialer = dial4j ? Dialer.builder().build() : null;
    List<PeerShare> shares = new ArrayList<>(n);
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PeerShare share = new PeerShare(o, i, n, deadline);
      shares.add(share);
      threads.add(Thread.ofVirtual().start(() -> connectAll(share, dialer)));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (dialer != null) {
      dialer.close();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new PeerMain.Result(shares, Integer.parseInt(carriers), seconds, rss);
  }

  /**
   * One virtual thread: blocking connects, one after another, until its share is done; with a
   * dialer, its blocking {@code dial} of the destination's text instead of a {@code Socket}.
   */
  private static void connectAll(PeerShare share, @Nullable Dialer dialer) {
    // The destinations' texts, made once (a user would hold them as configuration).
    List<String> texts = new ArrayList<>();
    while (share.wantsMore()) {
      long t0 = System.nanoTime();
      InetSocketAddress dst = share.start();
      try {
        if (dialer == null) {
          Socket s = new Socket(dst.getAddress(), dst.getPort());
          share.connected(t0);
          s.close();
        } else {
          Connection c = dialer.dial(text(texts, dst));
          share.connected(t0);
          c.close();
        }
      } catch (IOException e) {
        share.failed(e);
      }
      if (share.over()) {
        return;
      }
    }
  }

  /** {@code dst} as {@code ip:port}, from a small list of those made already. */
  private static String text(List<String> texts, InetSocketAddress dst) {
    String ip = dst.getAddress().getHostAddress();
    for (String t : texts) {
      if (t.startsWith(ip) && t.charAt(ip.length()) == ':') {
        return t;
      }
    }
    String t = ip + ":" + dst.getPort();
    texts.add(t);
    return t;
  }
}
