package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.socket.Loopback.where;

import java.io.IOException;
import java.time.Duration;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.sys.Sys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Linux Test Project's connect01 cases (testcases/kernel/syscalls/connect/connect01.c) through
 * dial4j, with the errno the Linux connect(2) page (seed 002) lists for each.
 */
class LtpConnect01Test {
  private static final Deadline SOON = Deadline.after(Duration.ofSeconds(10));
  private static final Endpoint TARGET = Endpoint.parse("127.0.0.1:9");

  @Test
  @DisplayName("Linux connect(2), LTP connect01: EBADF for an invalid descriptor")
  void ebadf() {
    PosixSocket s = PosixSocket.fromDescriptor(-1);
    assertThat(errnoOf(() -> s.connect(TARGET))).isEqualTo(Errno.EBADF);
    assertThat(errnoOf(s::close)).isEqualTo(Errno.EBADF);
  }

  @Test
  @DisplayName("Linux connect(2), LTP connect01: EFAULT for an address outside the process (NULL)")
  void efault() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket s = lo.tcp(Family.INET);
      // connectRaw(null) passes a NULL pointer with a sockaddr_in length: the kernel's EFAULT.
      assertThat(errnoOf(() -> s.connectRaw(null))).isEqualTo(Errno.EFAULT);
    }
  }

  @Test
  @DisplayName("Linux connect(2), LTP connect01: EINVAL for an invalid address length")
  void einval() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(errnoOf(() -> s.connectRaw(new byte[] {2, 0, 0}))).isEqualTo(Errno.EINVAL);
    }
  }

  @Test
  @DisplayName("Linux connect(2), LTP connect01: ENOTSOCK for a descriptor that is no socket")
  void enotsock() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket w = lo.pipe()[1];
      assertThat(errnoOf(() -> w.connect(TARGET))).isEqualTo(Errno.ENOTSOCK);
    }
  }

  @Test
  @DisplayName("Linux connect(2), LTP connect01: EISCONN for an already connected socket")
  void eisconn() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint at = where(lo.listener("127.0.0.1", 4));
      PosixSocket s = lo.tcp(Family.INET);
      s.connect(at, SOON);
      assertThat(errnoOf(() -> s.connect(at, SOON))).isEqualTo(Errno.EISCONN);
    }
  }

  @Test
  @DisplayName("Linux connect(2), LTP connect01: ECONNREFUSED when nothing listens")
  void econnrefused() throws IOException {
    try (Loopback lo = new Loopback()) {
      InetEndpoint closed = lo.closedPort("127.0.0.1");
      PosixSocket s = lo.tcp(Family.INET);
      assertThat(errnoOf(() -> s.connect(closed, SOON))).isEqualTo(Errno.ECONNREFUSED);
    }
  }

  @Test
  @DisplayName("Linux connect(2), LTP connect01: EAFNOSUPPORT for a sockaddr of another family")
  void eafnosupport() throws IOException {
    try (Loopback lo = new Loopback()) {
      PosixSocket s = lo.tcp(Family.INET);
      // A 28-byte sockaddr_in6 (family 10, little-endian) given to an AF_INET socket.
      byte[] in6 = new byte[28];
      in6[0] = (byte) Sys.AF_INET6;
      in6[23] = 1;
      assertThat(errnoOf(() -> s.connectRaw(in6))).isEqualTo(Errno.EAFNOSUPPORT);
    }
  }
}
