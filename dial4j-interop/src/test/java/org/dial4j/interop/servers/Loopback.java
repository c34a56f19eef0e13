package org.dial4j.interop.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The loopback address every server here binds, and free ports on it. */
public final class Loopback {
  /** 127.0.0.1: every server here binds it, and nothing else. */
  public static final InetAddress IPV4 = InetAddress.ofLiteral("127.0.0.1");

  private Loopback() {}

  /**
   * A port of 127.0.0.1 free at this moment (bound, then released): a server started on it may
   * still lose it to another process, and the servers here retry with another port when so.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(IPV4, 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
