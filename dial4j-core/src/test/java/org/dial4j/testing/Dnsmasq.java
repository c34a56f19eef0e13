package org.dial4j.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS server for interop tests: dnsmasq (Debian's dnsmasq-base, which {@code .ci/run}
 * installs), started on 127.0.0.1 at a free port with only what the test gives it: no upstream, no
 * /etc/hosts, no configuration file, every name under {@code .test} answered locally ({@code
 * --local=/test/}, so a name it does not know is NXDOMAIN). Stopped by {@link #close()}.
 */
public final class Dnsmasq implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

  private final Process process;
  private final InetSocketAddress address;

  private Dnsmasq(Process process, InetSocketAddress address) {
    this.process = process;
    this.address = address;
  }

  /** Whether dnsmasq is installed (tests that need it are skipped, saying so, where it is not). */
  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Starts dnsmasq with {@code records}: its own options, e.g. {@code
   * --host-record=both.test,192.0.2.10,2001:db8::10} or {@code --dns-rr=svc.test,65,HEX}; waits
   * (bounded) until it answers.
   */
  public static Dnsmasq start(List<String> records) throws IOException {
    // A port free for UDP may still be taken for TCP (a connection in TIME_WAIT on it): dnsmasq
    // then exits at once (status 2, "address in use"), and another port is tried.
    IOException last = null;
    for (int tries = 0; tries < 5; tries++) {
      try {
        return startOn(freePort(), records);
      } catch (IOException e) {
        last = e;
      }
    }
    throw java.util.Objects.requireNonNull(last);
  }

  private static Dnsmasq startOn(int port, List<String> records) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(
        List.of(
            "--keep-in-foreground",
            "--no-resolv",
            "--no-hosts",
            "--conf-file=/dev/null",
            "--listen-address=127.0.0.1",
            "--bind-interfaces",
            "--port=" + port,
            "--pid-file=",
            "--local=/test/"));
    cmd.addAll(records);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Dnsmasq d =
        new Dnsmasq(p, new InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.0.1"), port));
    try {
      d.awaitAnswering();
    } catch (IOException | RuntimeException | Error e) {
      d.close();
      throw e;
    }
    return d;
  }

  /** Where it answers (UDP and TCP). */
  public InetSocketAddress address() {
    return address;
  }

  /** A port of 127.0.0.1 free for UDP and, at this moment, for a TCP listener too. */
  private static int freePort() throws IOException {
    for (int tries = 0; tries < 20; tries++) {
      try (DatagramChannel c = DatagramChannel.open()) {
        c.bind(new InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.0.1"), 0));
        int port = ((InetSocketAddress) c.getLocalAddress()).getPort();
        try (java.nio.channels.ServerSocketChannel t =
            java.nio.channels.ServerSocketChannel.open()) {
          t.bind(new InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.0.1"), port));
          return port;
        } catch (java.net.BindException takenForTcp) {
          // try another
        }
      }
    }
    throw new IOException("no port of 127.0.0.1 free for both UDP and TCP in 20 tries");
  }

  /** Asks for a name it refuses to know (NXDOMAIN) until any answer comes: it is up. */
  private void awaitAnswering() throws IOException {
    byte[] name = ScriptedDnsServer.encodeName("ready.test");
    ByteBuffer q = ByteBuffer.allocate(12 + name.length + 4);
    q.putShort((short) 1).putShort((short) 0x0100).putShort((short) 1);
    q.putShort((short) 0).putShort((short) 0).putShort((short) 0);
    q.put(name).putShort((short) 1).putShort((short) 1);
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() - end < 0) {
      if (!process.isAlive()) {
        throw new IOException("dnsmasq exited with status " + process.exitValue());
      }
      try (DatagramChannel c = DatagramChannel.open()) {
        c.connect(address);
        c.write(ByteBuffer.wrap(q.array()));
        c.socket().setSoTimeout(100);
        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
        try {
          c.socket().receive(p);
          return;
        } catch (SocketTimeoutException | java.net.PortUnreachableException notYet) {
          // not listening yet: ask again
        }
      }
    }
    throw new IOException("dnsmasq did not answer on " + address + " within 10 s");
  }

  /** Stops dnsmasq (SIGTERM, then SIGKILL after 5 s) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
