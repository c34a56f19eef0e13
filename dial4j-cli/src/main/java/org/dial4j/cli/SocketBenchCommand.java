package org.dial4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.dial.DialSocketFactory;
import org.dial4j.dial.Dialer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dial4j socket-bench} (hidden): the {@code java.net.Socket} bridge beside the JDK's own
 * socket, in one run, round by round against one echo server in this process on 127.0.0.1:
 * request/response round trips of 64 bytes, and bulk writes of 64 KiB; one JSON line per client and
 * round. With {@code --hold-port}, instead: that many bridged sockets to an accept server that
 * holds them ({@code bench/c/acceptd --hold}), each with a virtual thread blocked in a read, and
 * how long an unrelated virtual thread then takes to run (whether the readers hold carriers).
 */
@Command(
    name = "socket-bench",
    hidden = true,
    description = "The Socket bridge beside java.net.Socket (JSON lines; see the class comment).")
final class SocketBenchCommand implements Callable<Integer> {
  private static final int MESSAGE = 64;
  private static final int CHUNK = 64 * 1024;

  @Spec CommandSpec spec;

  @Option(names = "--rounds", defaultValue = "5", description = "Rounds (each client once).")
  int rounds;

  @Option(names = "--messages", defaultValue = "20000", description = "Round trips per round.")
  int messages;

  @Option(names = "--bulk-mib", defaultValue = "512", description = "MiB written per round.")
  int bulkMib;

  @Option(names = "--hold-port", description = "Carriers check against acceptd --hold here.")
  @Nullable Integer holdPort;

  @Option(names = "--held", defaultValue = "10000", description = "Sockets for the check.")
  int held;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Dialer dialer = Dialer.builder().build()) {
      DialSocketFactory bridge = dialer.socketFactory();
      if (holdPort != null) {
        out.println(Json.write(carriers(bridge, holdPort, held)));
        return 0;
      }
      Thread acceptor;
      try (ServerSocket server = new ServerSocket(0, 64, InetAddress.ofLiteral("127.0.0.1"))) {
        acceptor = Thread.ofPlatform().daemon().start(() -> serve(server));
        InetSocketAddress at = (InetSocketAddress) server.getLocalSocketAddress();
        for (int r = 1; r <= rounds; r++) {
          for (String client : List.of("java.net.Socket", "dial4j DialSocket")) {
            Socket s = client.startsWith("java") ? new Socket() : bridge.createSocket();
            try (s) {
              s.setTcpNoDelay(true);
              s.connect(at, 5000);
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("round", r);
              m.put("client", client);
              m.put("round_trips_per_sec", roundTrips(s));
              m.put("bulk_mib_per_sec", bulk(s));
              out.println(Json.write(m));
              out.flush();
            }
          }
        }
      }
      acceptor.join(5000);
    }
    return 0;
  }

  /** The echo server: a thread per connection; a 0 byte starts a bulk phase (discard, ack). */
  private static void serve(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread.ofPlatform().daemon().start(() -> echo(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void echo(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] msg = new byte[MESSAGE];
      while (true) {
        if (in.readNBytes(msg, 0, MESSAGE) < MESSAGE) {
          return;
        }
        if (msg[0] != 0) {
          out.write(msg);
          continue;
        }
        long total = java.nio.ByteBuffer.wrap(msg, 1, 8).getLong();
        byte[] sink = new byte[CHUNK];
        long got = 0;
        while (got < total) {
          int n = in.read(sink);
          if (n < 0) {
            return;
          }
          got += n;
        }
        out.write(1);
      }
    } catch (IOException gone) {
      // the client closed
    }
  }

  private long roundTrips(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    byte[] msg = new byte[MESSAGE];
    msg[0] = 1;
    long t0 = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      out.write(msg);
      if (in.readNBytes(msg, 0, MESSAGE) < MESSAGE) {
        throw new IOException("the echo server closed");
      }
    }
    return Math.round(messages / ((System.nanoTime() - t0) / 1e9));
  }

  private long bulk(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    long total = (long) bulkMib << 20;
    byte[] start = new byte[MESSAGE];
    java.nio.ByteBuffer.wrap(start, 1, 8).putLong(total);
    byte[] chunk = new byte[CHUNK];
    long t0 = System.nanoTime();
    out.write(start);
    for (long sent = 0; sent < total; sent += CHUNK) {
      out.write(chunk);
    }
    if (in.read() != 1) {
      throw new IOException("no ack from the echo server");
    }
    return Math.round(bulkMib / ((System.nanoTime() - t0) / 1e9));
  }

  /** {@code n} bridged sockets held, each with a virtual thread in a read; then a probe. */
  private static Map<String, Object> carriers(DialSocketFactory bridge, int port, int n)
      throws Exception {
    List<Socket> sockets = new ArrayList<>(n);
    List<Thread> readers = new ArrayList<>(n);
    CountDownLatch reading = new CountDownLatch(n);
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      for (int i = 0; i < n; i++) {
        Socket s = bridge.createSocket("127.0.0.1", port);
        sockets.add(s);
        readers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      reading.countDown();
                      try {
                        int ignored = s.getInputStream().read();
                      } catch (IOException closed) {
                        // ended by the close below
                      }
                    }));
      }
      if (!reading.await(60, TimeUnit.SECONDS)) {
        throw new IOException("the readers did not all start");
      }
      // Let every reader reach its park: each is WAITING once it is.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (Thread t : readers) {
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }
      long worst = 0;
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        Thread.ofVirtual().start(() -> {}).join();
        worst = Math.max(worst, System.nanoTime() - t0);
      }
      m.put("held", n);
      m.put("carriers", Runtime.getRuntime().availableProcessors());
      m.put("unrelated_virtual_thread_worst_ms", worst / 1e6);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
      for (Thread t : readers) {
        t.join(10_000);
      }
    }
    return m;
  }
}
