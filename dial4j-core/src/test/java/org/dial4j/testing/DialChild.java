package org.dial4j.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.Network;
import org.dial4j.dial.Connection;
import org.dial4j.dial.Dialer;
import org.dial4j.dial.Resolver;
import org.dial4j.socket.PosixSocket;

/**
 * A child JVM that dials a loopback listener of its own twice, by name ({@code jfr.test}, from a
 * fixed table: a resolution per family) and by IP literal, and prints {@code connected REMOTE} for
 * each; run on the class path, with {@code org.dial4j} on the module path or the class path. It
 * exits 1 if a dial fails.
 *
 * <p>With {@code --record-later FILE} it dials by IP literal first, then prints {@code recording},
 * starts a JFR recording of dial4j's events in this JVM (as {@code jcmd PID JFR.start} would),
 * dials by name, and dumps the recording to FILE.
 */
public final class DialChild {
  private DialChild() {}

  /** Dials; the arguments: none, or {@code --record-later FILE}. */
  public static void main(String[] args) throws Exception {
    try (PosixSocket listener = PosixSocket.open(Family.INET, Network.SocketType.STREAM)) {
      listener.bind(Endpoint.parseInet("127.0.0.1:0"));
      listener.listen(8);
      Endpoint where = listener.local();
      String port = where.toString().substring(where.toString().lastIndexOf(':') + 1);
      Resolver table =
          Resolver.fixed(Map.of("jfr.test", List.of(InetAddress.ofLiteral("127.0.0.1"))));
      try (Dialer d = Dialer.builder().resolver(table).build()) {
        if (args.length == 2 && args[0].equals("--record-later")) {
          dial(d, "127.0.0.1:" + port);
          System.out.println("recording");
          System.out.flush();
          try (Recording r = new Recording()) {
            r.enable("org.dial4j.Resolve");
            r.enable("org.dial4j.ConnectAttempt");
            r.start();
            dial(d, "jfr.test:" + port);
            r.stop();
            r.dump(Path.of(args[1]));
          }
          return;
        }
        for (String target : List.of("jfr.test:" + port, "127.0.0.1:" + port)) {
          dial(d, target);
        }
      }
    }
  }

  private static void dial(Dialer d, String target) throws IOException {
    try (Connection c = d.dial(target)) {
      System.out.println("connected " + c.remote());
    }
  }
}
