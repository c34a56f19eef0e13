package org.dial4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.IpLiterals;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.socket.ConnectResult;
import org.dial4j.socket.PosixSocket;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dial4j connect <IP> <port>}: Example 1 of the Solaris connect(3SOCKET) page, "Performing
 * an asynchronous connection", step for step, with the program's own messages and exit status.
 *
 * <p>The program takes no options, so picocli is told to pass anything unknown (such as a negative
 * port) through as an argument, and the argument count is checked here: a wrong count gets the
 * program's usage line, not picocli's.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "The Solaris connect(3SOCKET) example program: connect to <IP> <port>.",
    customSynopsis = "dial4j connect [-hV] [-t=<duration>] <IP> <port>",
    description = {
      "Connects to <IP> <port> as Example 1 of the Solaris connect(3SOCKET) page does: an AF_INET6"
          + " stream socket, non-blocking; <IP> read as IPv6, else as IPv4 mapped into IPv6"
          + " (::ffff:a.b.c.d); <port> read with strtol; connect; if it is in progress, wait until"
          + " the socket is writable and read SO_ERROR.",
      "Prints 'connected <local> -> <remote>' on success.",
      "",
      "  <IP>     an IPv6 or IPv4 literal, as inet_pton(3) reads it (no host names)",
      "  <port>   1..65535, read as strtol(3) reads it",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:connected",
      "1:wrong arguments, or the connect failed (the reason is on standard error)",
      "2:an invalid option value (such as --timeout)"
    })
final class ConnectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  /** All the words; their count is checked in {@link #call()}, as the program checks argc. */
  @Parameters(arity = "0..*", paramLabel = "<IP> <port>", hidden = true)
  List<String> args = new ArrayList<>();

  @Option(
      names = {"-t", "--timeout"},
      paramLabel = "<duration>",
      converter = Timeout.Converter.class,
      description = {
        "Give up when the connect has not finished after this long, e.g. 2s or 500ms"
            + " (units ns, us, ms, s, m, h). Default: wait as long as the kernel does, like the"
            + " Solaris program."
      })
  @Nullable Timeout timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (args.size() != 2) {
      err.println("connect: <IP> <port>");
      return 1;
    }
    String ip = args.get(0);
    String portText = args.get(1);

    Optional<byte[]> address = solarisAddress(ip);
    if (address.isEmpty()) {
      err.println("connect: " + ip + " is not a valid IPv4 or IPv6 address");
      return 1;
    }
    OptionalLong port = Strtol.parseLong(portText);
    if (port.isEmpty()) {
      err.println("failed to parse port " + portText);
      return 1;
    }
    if (port.getAsLong() <= 0 || port.getAsLong() > 65535) {
      err.println("invalid port: " + port.getAsLong());
      return 1;
    }
    InetEndpoint target = InetEndpoint.of(address.get(), (int) port.getAsLong());

    try (PosixSocket s = PosixSocket.open(Family.INET6, Network.SocketType.STREAM)) {
      s.setBlocking(false);
      ConnectResult r;
      try {
        r = s.connect(target);
      } catch (IOException e) {
        // "If any error other [than] EINPROGRESS or EINTR occurs, then there is no need for the
        // application to poll for asynchronous completion." PosixSocket reports EINTR as
        // IN_PROGRESS, so what is thrown here is final.
        err.println("connect: " + e.getMessage());
        return 1;
      }
      if (r == ConnectResult.IN_PROGRESS) {
        Deadline deadline = timeout == null ? Deadline.NEVER : Deadline.after(timeout.duration());
        if (!s.awaitWritable(deadline)) {
          err.println("connect: " + Errno.ETIMEDOUT.describe() + ": no answer within " + timeout);
          return 1;
        }
        Optional<Errno> asyncError = s.takeError();
        if (asyncError.isPresent()) {
          // The page's program prints "asnchronous connect"; the typo is not kept.
          err.println("asynchronous connect: " + asyncError.get().describe());
          return 1;
        }
      }
      out.println("connected " + s.local() + " -> " + s.remote());
      return 0;
    } catch (IOException e) {
      // socket(), poll(), getsockopt(), getsockname(), getpeername() or close() failed; the
      // Solaris program exits 1 silently there, dial4j says why.
      err.println("connect: " + e.getMessage());
      return 1;
    }
  }

  /**
   * The program's address rule: {@code inet_pton(AF_INET6, ...)} first; if that fails, {@code
   * inet_pton(AF_INET, ...)} and {@code IN6_INADDR_TO_V4MAPPED}. Always 16 bytes, for an AF_INET6
   * socket.
   */
  static Optional<byte[]> solarisAddress(String text) {
    Optional<byte[]> v6 = IpLiterals.parseIpv6(text);
    if (v6.isPresent()) {
      return v6;
    }
    return IpLiterals.parseIpv4(text)
        .map(
            v4 -> {
              byte[] mapped = new byte[16];
              mapped[10] = (byte) 0xff;
              mapped[11] = (byte) 0xff;
              System.arraycopy(v4, 0, mapped, 12, 4);
              return mapped;
            });
  }
}
