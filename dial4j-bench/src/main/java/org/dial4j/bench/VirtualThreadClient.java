package org.dial4j.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual-thread peer: CONCURRENCY virtual threads, each making its share of TOTAL with a
 * blocking {@code new Socket(address, port)} and closing it, the way code on virtual threads is
 * meant to be written (the JDK parks the thread in connect instead of blocking a carrier). {@code
 * -T} sets the scheduler's carriers ({@code jdk.virtualThreadScheduler.parallelism}, set before the
 * first virtual thread starts unless given on the command line; the JDK's default is one per CPU).
 *
 * <pre>java -cp ... org.dial4j.bench.VirtualThreadClient -n TOTAL -c C -p PORT [-a DSTS] [-T N]
 * </pre>
 */
public final class VirtualThreadClient {
  private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

  private VirtualThreadClient() {}

  /**
   * Runs the peer and exits with its status.
   *
   * @param args cconnect's options
   */
  public static void main(String[] args) {
    System.exit(
        PeerMain.run("virtual-threads", args, VirtualThreadClient::run, System.out, System.err));
  }

  static PeerMain.Result run(PeerOptions o) throws InterruptedException {
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
    List<PeerShare> shares = new ArrayList<>(n);
    List<Thread> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PeerShare share = new PeerShare(o, i, n, deadline);
      shares.add(share);
      threads.add(Thread.ofVirtual().start(() -> connectAll(share)));
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new PeerMain.Result(shares, Integer.parseInt(carriers), seconds, rss);
  }

  /** One virtual thread: blocking connects, one after another, until its share is done. */
  private static void connectAll(PeerShare share) {
    while (share.wantsMore()) {
      long t0 = System.nanoTime();
      InetSocketAddress dst = share.start();
      try {
        Socket s = new Socket(dst.getAddress(), dst.getPort());
        share.connected(t0);
        s.close();
      } catch (IOException e) {
        share.failed(e);
      }
      if (share.over()) {
        return;
      }
    }
  }
}
