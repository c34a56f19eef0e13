package org.dial4j.sys;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.error.Errno;
import org.dial4j.testing.Await;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ioctl(SIOCOUTQ)} straight through {@link LinuxSyscalls#INSTANCE} on a real loopback TCP
 * connection: what the kernel holds in a send queue until the peer takes it.
 */
class IoctlSyscallsTest {
  private static final LinuxSyscalls SYS = LinuxSyscalls.INSTANCE;
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final List<Integer> sockets = new ArrayList<>();
  private final RawFds fds = new RawFds();

  @AfterEach
  void close() {
    for (int fd : sockets.reversed()) {
      SYS.close(fd);
    }
    fds.close();
  }

  private int socket() {
    int fd = SYS.socket(Sys.AF_INET, Sys.SOCK_STREAM | Sys.SOCK_CLOEXEC, 0);
    assertThat(fd).as("socket").isNotNegative();
    sockets.add(fd);
    return fd;
  }

  /** A blocking loopback connection: {@code [listener, client, accepted]}. */
  private int[] connection(int clientReceiveBuffer) {
    int listener = socket();
    assertThat(SYS.bind(listener, new SockAddr.In4(new byte[] {127, 0, 0, 1}, 0))).isZero();
    assertThat(SYS.listen(listener, 1)).isZero();
    SockAddr[] at = new SockAddr[1];
    assertThat(SYS.getsockname(listener, at)).isZero();
    int client = socket();
    assertThat(SYS.setsockoptInt(client, Sys.SOL_SOCKET, Sys.SO_RCVBUF, clientReceiveBuffer))
        .isZero();
    assertThat(SYS.connect(client, at[0])).isZero();
    int accepted = SYS.accept4(listener, null, Sys.SOCK_CLOEXEC | Sys.SOCK_NONBLOCK);
    assertThat(accepted).as("accept4").isNotNegative();
    sockets.add(accepted);
    return new int[] {listener, client, accepted};
  }

  private static int outq(int fd) {
    int[] v = {-1};
    int r = SYS.ioctlInt(fd, Sys.SIOCOUTQ, v);
    assertThat(r).as("ioctl SIOCOUTQ: errno %d", -r).isZero();
    return v[0];
  }

  @Test
  @DisplayName(
      "control port: SIOCOUTQ counts what the peer has not taken, and falls to 0 once it reads")
  void sendQueueUntilThePeerReads() {
    int[] c = connection(4096);
    int server = c[2];
    assertThat(outq(server)).isZero();

    // More than the peer's small receive buffer can take: the rest waits in the send queue.
    MemorySegment chunk = MemorySegment.ofArray(new byte[256 * 1024]);
    long sent = SYS.send(server, chunk, Sys.MSG_NOSIGNAL);
    assertThat(sent).isPositive();
    Await.until("the peer's window to fill", () -> outq(server) > 0, BOUND);
    assertThat((long) outq(server)).isLessThanOrEqualTo(sent);

    MemorySegment in = MemorySegment.ofArray(new byte[64 * 1024]);
    long got = 0;
    while (got < sent) {
      long r = SYS.recv(c[1], in, 0);
      assertThat(r).as("recv").isPositive();
      got += r;
    }
    Await.until("the send queue to drain", () -> outq(server) == 0, BOUND);
  }

  @Test
  @DisplayName(
      "control port: SIOCOUTQ is EINVAL on a listener and ENOTTY on a pipe; the value is untouched")
  void errors() {
    int[] c = connection(4096);
    int[] v = {42};
    assertThat(SYS.ioctlInt(c[0], Sys.SIOCOUTQ, v)).isEqualTo(-Errno.EINVAL.number());
    int[] pipe = fds.pipe();
    assertThat(SYS.ioctlInt(pipe[1], Sys.SIOCOUTQ, v)).isEqualTo(-Errno.ENOTTY.number());
    assertThat(SYS.ioctlInt(-1, Sys.SIOCOUTQ, v)).isEqualTo(-Errno.EBADF.number());
    assertThat(v[0]).isEqualTo(42);
  }
}
