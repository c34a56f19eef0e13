package org.dial4j.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * acceptd's {@code --close} in the test JVM: a listener on 127.0.0.1 at a free port, and a thread
 * that accepts and closes until {@link #close()}.
 */
final class Acceptor implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Thread thread;
  private final AtomicLong accepted = new AtomicLong();

  Acceptor() throws IOException {
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("acceptor")
            .start(
                () -> {
                  try {
                    while (true) {
                      SocketChannel c = server.accept();
                      accepted.incrementAndGet();
                      c.close();
                    }
                  } catch (ClosedChannelException e) {
                    // closed: done
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
  }

  int port() {
    return server.socket().getLocalPort();
  }

  long accepted() {
    return accepted.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
