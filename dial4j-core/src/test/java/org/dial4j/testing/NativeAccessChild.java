package org.dial4j.testing;

import java.util.function.Consumer;
import org.dial4j.Family;
import org.dial4j.Network;
import org.dial4j.dial.Dialer;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.PosixSocket;

/**
 * The child JVM of {@code NativeAccessTest}: public ways into the C library, each twice, printing
 * one line per call, {@code CALL: ok} or {@code CALL: THROWN | cause CAUSE} (each {@code class:
 * message}). Run it on the class path (with {@code org.dial4j} on the module path or the class
 * path); it exits 0 whatever the calls did.
 */
public final class NativeAccessChild {
  private NativeAccessChild() {}

  /** Makes the calls; the arguments are ignored. */
  public static void main(String[] args) {
    for (int i = 1; i <= 2; i++) {
      call("EventLoop.start " + i, () -> EventLoop.start("native-access").close());
      // A loop whose start failed is closed: close() returns instead of waiting for a thread.
      call(
          "EventLoop.build " + i,
          () -> {
            EventLoop loop = EventLoop.builder().name("native-access-built").build();
            try {
              loop.start();
            } finally {
              loop.close();
            }
          });
      call(
          "PosixSocket.open " + i,
          () -> PosixSocket.open(Family.INET, Network.SocketType.STREAM).close());
      call(
          "Dialer.dial " + i,
          () -> {
            try (Dialer d = Dialer.builder().build()) {
              d.dial("127.0.0.1:9").close();
            }
          });
    }
    System.out.flush();
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void call(String name, Call call) {
    Consumer<String> out = line -> System.out.println(name + ": " + line);
    try {
      call.run();
      out.accept("ok");
    } catch (Throwable t) {
      Throwable cause = t.getCause();
      out.accept(describe(t) + " | cause " + (cause == null ? "none" : describe(cause)));
    }
  }

  private static String describe(Throwable t) {
    return t.getClass().getName() + ": " + t.getMessage();
  }
}
