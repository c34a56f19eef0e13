package org.dial4j.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * What every peer's {@code main} does around its own loop: reads cconnect's options (a usage error
 * exits 2), runs the client, prints cconnect's JSON line and exits 0 when all of TOTAL connected, 1
 * when fewer did, as cconnect does.
 */
final class PeerMain {
  private PeerMain() {}

  /** A peer's connect loop. */
  @FunctionalInterface
  interface Client {
    /** Makes {@code options.total()} connects and returns its shares, each done. */
    Result run(PeerOptions options) throws Exception;
  }

  /**
   * What a run hands back.
   *
   * @param shares every share, done
   * @param threads the event loops or carriers it ran on
   * @param seconds its wall time, first connect to last
   * @param rssStartKb resident memory before the first connect
   */
  record Result(List<PeerShare> shares, int threads, double seconds, long rssStartKb) {}

  /** Runs {@code client} as peer {@code tool} with {@code args}; returns the exit status. */
  static int run(String tool, String[] args, Client client, PrintStream out, PrintStream err) {
    PeerOptions options;
    try {
      options = PeerOptions.parse(args);
    } catch (PeerOptions.UsageException e) {
      err.println(tool + ": " + e.getMessage());
      err.println(PeerOptions.usage(tool));
      return 2;
    }
    Result r;
    try {
      r = client.run(options);
    } catch (Exception e) {
      err.println(tool + ": " + e);
      return 1;
    }
    out.println(
        PeerReport.json(tool, options, r.threads(), r.shares(), r.seconds(), r.rssStartKb()));
    out.flush();
    long ok = r.shares().stream().mapToLong(PeerShare::ok).sum();
    return ok == options.total() ? 0 : 1;
  }
}
