package org.dial4j.dial;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.NetError;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.testing.ClassPreload;

/**
 * A child JVM (under a low descriptor limit) whose first dial is made with one descriptor free: the
 * attempt's socket takes it, so nothing else the dial's path opens for the first time can. Then,
 * every descriptor free again, a second dial. Both go to a port bound but not listening; prints
 * {@code first OUTCOME second OUTCOME} (an errno's name, or {@code connected}).
 */
public final class DialerEmfileChild {
  private DialerEmfileChild() {}

  /** Dials twice, as the class comment says. */
  public static void main(String[] args) throws Exception {
    ClassPreload.dial4j();
    try (PosixSocket bound = PosixSocket.open(Family.INET, Network.SocketType.STREAM);
        EventLoop loop = EventLoop.start("emfile");
        Dialer d = Dialer.builder().loop(loop).build()) {
      // The unspecified address, so that the kernel picks the port now (see Loopback.closedPort).
      bound.bind(Endpoint.parseInet("0.0.0.0:0"));
      String target = "127.0.0.1:" + ((InetEndpoint) bound.local()).port();
      Deque<Integer> taken = new ArrayDeque<>();
      int fd;
      while ((fd = LinuxSyscalls.INSTANCE.eventfd(0, Sys.EFD_CLOEXEC)) >= 0) {
        taken.push(fd);
      }
      LinuxSyscalls.INSTANCE.close(taken.pop()); // the one the attempt's socket takes
      String first = outcome(d, target);
      while (!taken.isEmpty()) {
        LinuxSyscalls.INSTANCE.close(taken.pop());
      }
      String second = outcome(d, target);
      System.out.println("first " + first + " second " + second);
    }
  }

  private static String outcome(Dialer d, String target) {
    try {
      d.dial(target, Deadline.after(Duration.ofSeconds(5))).close();
      return "connected";
    } catch (IOException e) {
      return e instanceof NetError n
          ? n.errno().name() + " (" + e.getMessage() + ")"
          : e.toString();
    }
  }
}
