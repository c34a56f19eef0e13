package org.dial4j.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.socket.PosixSocket;
import picocli.CommandLine.Command;

/**
 * {@code dial4j aot-training} (hidden): the training run of the launcher's AOT cache (JEP 483, JEP
 * 514's {@code -XX:AOTCacheOutput}, with JEP 515's method profiles). Runs, in this JVM and with
 * their output thrown away, the commands whose start-up the cache is for: {@code --version}, the
 * help, {@code dial} to a loopback listener of its own (plain, {@code --json}, {@code --trace}, by
 * a {@code --resolve} name), {@code connect}, {@code demo} and a short {@code storm}. The JVM then
 * writes the classes it loaded and linked, and the method profiles, into the cache. Status 0 if
 * every run ended as expected, else 1 (the launcher then makes no cache).
 */
@Command(
    name = "aot-training",
    hidden = true,
    description =
        "The training run of the launcher's AOT cache (no output; status 0 if it went well).")
final class AotTrainingCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    try (PosixSocket listener = PosixSocket.open(Family.INET, Network.SocketType.STREAM)) {
      listener.bind(Endpoint.parseInet("127.0.0.1:0"));
      // Nothing accepts: every connect below (64 by storm, a few others) waits in the backlog.
      listener.listen(128);
      String port =
          String.valueOf(((InetEndpoint) Objects.requireNonNull(listener.local())).port());
      String at = "127.0.0.1:" + port;
      List<List<String>> runs =
          List.of(
              List.of("--version"),
              List.of("--help"),
              List.of("dial", "--help"),
              List.of("dial", at),
              List.of("dial", "--json", at),
              List.of("dial", "--trace", at),
              List.of(
                  "dial",
                  "--resolve",
                  "dial4j-aot.invalid=127.0.0.1",
                  "dial4j-aot.invalid:" + port),
              List.of("connect", "127.0.0.1", port),
              List.of("demo"),
              List.of("storm", "-n", "64", "-c", "8", "-a", "127.0.0.1", "-p", port));
      // As Main.main starts it for dial, on its own thread; every path of it, once.
      WarmUp.start(new WarmUp.Plan(true, true, true));
      int failed = 0;
      for (List<String> args : runs) {
        if (Main.run(nowhere, nowhere, args.toArray(String[]::new)) != 0) {
          failed++;
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }
}
