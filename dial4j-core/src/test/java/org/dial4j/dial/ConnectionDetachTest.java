package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Connection#detach}: the descriptor leaves the loop open and connected, dial4j never
 * touches it again, and the caller closes it.
 */
class ConnectionDetachTest {
  private static final long BOUND_S = 5;

  @Test
  @DisplayName("detach: still open and connected, out of the loop, the connection closed (EBADF)")
  void detach() throws Exception {
    try (Connections cs = new Connections("detach")) {
      Connections.Pair p = cs.connect("127.0.0.1");
      int before = cs.loop.submit(cs.loop::registeredCount).get(BOUND_S, TimeUnit.SECONDS);
      int fd = p.client().detach();
      try {
        assertThat(RawFds.isOpen(fd)).isTrue();
        assertThat(cs.loop.submit(cs.loop::registeredCount).get(BOUND_S, TimeUnit.SECONDS))
            .isEqualTo(before - 1);
        assertThat(p.client().isOpen()).isFalse();
        assertThatThrownBy(() -> p.client().send(new byte[] {1}, Deadline.NEVER))
            .isInstanceOfSatisfying(
                NetError.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        assertThatThrownBy(() -> p.client().detach())
            .isInstanceOfSatisfying(
                NetError.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        p.client().close(); // a no-op now: the descriptor is not dial4j's
        assertThat(RawFds.isOpen(fd)).isTrue();

        RawFds.write(fd, "hi"); // the stream still works, written by its new owner
        ByteBuffer got = ByteBuffer.allocate(2);
        p.server().setBlocking(true);
        while (got.hasRemaining()) {
          p.server().recv(got);
        }
        assertThat(new String(got.array(), java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("hi");
      } finally {
        LinuxSyscalls.INSTANCE.close(fd);
      }
    }
  }

  @Test
  @DisplayName("detach on the loop thread, in the dial's callback, as a bridge to Netty does it")
  void detachOnTheLoop() throws Exception {
    try (Connections cs = new Connections("detach-loop")) {
      var listener = cs.peers.listener("127.0.0.1", 4);
      var at = org.dial4j.socket.Loopback.where(listener);
      CompletableFuture<Integer> fd = new CompletableFuture<>();
      try (Dialer d = Dialer.builder().loop(cs.loop).build()) {
        d.dial(
            at.toString(),
            Deadline.NEVER,
            (c, err) -> {
              try {
                if (err != null) {
                  fd.completeExceptionally(err);
                } else {
                  fd.complete(c.detach());
                }
              } catch (java.io.IOException e) {
                fd.completeExceptionally(e);
              }
            });
        int n = fd.get(BOUND_S, TimeUnit.SECONDS);
        try {
          assertThat(RawFds.isOpen(n)).isTrue();
          assertThat(cs.loop.submit(cs.loop::registeredCount).get(BOUND_S, TimeUnit.SECONDS))
              .isZero();
        } finally {
          LinuxSyscalls.INSTANCE.close(n);
        }
      }
    }
  }
}
