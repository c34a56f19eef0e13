package org.dial4j.interop.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * An address on loopback that drops connects: a listener on 127.0.0.2 whose accept queue is full
 * (backlog 1 holds two, which this fills), so the kernel drops further SYNs and a connect to it
 * stays pending until the client gives up, as a blackholed address would. On the port the test
 * names, so that a name can list it beside a live server on 127.0.0.1 at the same port.
 */
public final class Blackhole implements AutoCloseable {
  /** 127.0.0.2: on loopback, and not the address the servers here bind. */
  public static final InetAddress IP = InetAddress.ofLiteral("127.0.0.2");

  private final ServerSocket listener;
  private final List<Socket> fillers = new ArrayList<>();

  private Blackhole(int port) throws IOException {
    listener = new ServerSocket();
    try {
      listener.bind(new InetSocketAddress(IP, port), 1);
      for (int i = 0; i < 2; i++) {
        Socket s = new Socket();
        fillers.add(s);
        s.connect(listener.getLocalSocketAddress(), 2000);
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /** A blackhole on 127.0.0.2 at {@code port}. */
  public static Blackhole on(int port) throws IOException {
    return new Blackhole(port);
  }

  /** Where it is. */
  public InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  @Override
  public void close() {
    for (Socket s : fillers) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a test's own socket
      }
    }
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing a test's own socket
    }
  }
}
