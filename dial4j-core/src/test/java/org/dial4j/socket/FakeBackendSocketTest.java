package org.dial4j.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dial4j.socket.Errnos.errnoOf;
import static org.dial4j.sys.FakeSyscalls.err;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.dial4j.Deadline;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.MonotonicClock;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.sys.FakeSyscalls;
import org.dial4j.sys.Sys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The socket layer's state machine against scripted system-call answers: no network, exact errno
 * sequences (every system call goes through {@code Syscalls}, so a fake backend scripts any errno),
 * and deadlines on a virtual clock (an injected {@code MonotonicClock}): the rules of
 * ARCHITECTURE.md.
 */
class FakeBackendSocketTest {
  private static final Endpoint TARGET = Endpoint.parse("127.0.0.1:9");

  private final FakeSyscalls sys = new FakeSyscalls();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final MonotonicClock clock = now::get;

  private PosixSocket tcp() throws IOException {
    return PosixSocket.open(sys, clock, Family.INET, Network.SocketType.STREAM);
  }

  /** Each poll that times out moves the virtual clock by its timeout, as the real one would. */
  private void pollsTimeOut() {
    sys.onPoll(ms -> now.addAndGet(ms * 1_000_000L));
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): EINPROGRESS, then writable, then SO_ERROR = ETIMEDOUT")
  void asynchronousFailureIsReadFromSoError() throws IOException {
    sys.script("connect", err(Errno.EINPROGRESS)).script("SO_ERROR", Errno.ETIMEDOUT.number());
    try (PosixSocket s = tcp()) {
      s.setBlocking(false);
      assertThat(s.connect(TARGET)).isEqualTo(ConnectResult.IN_PROGRESS);
      assertThat(s.state()).isEqualTo(PosixSocket.State.CONNECTING);
      assertThatThrownBy(() -> s.finishConnect(Deadline.NEVER))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessage("connect tcp 127.0.0.1:9: ETIMEDOUT (Connection timed out)");
      assertThat(s.state()).isEqualTo(PosixSocket.State.OPEN);
    }
    assertThat(sys.calls())
        .containsExactly(
            "socket(100)", "connect(100)", "poll(100)", "getsockopt(100)", "close(100)");
  }

  @Test
  @DisplayName("TargetTCP connect(): EINPROGRESS -> EALREADY -> EISCONN (scripted)")
  void targetTcpStateMachine() throws IOException {
    sys.script("connect", err(Errno.EINPROGRESS), err(Errno.EALREADY), err(Errno.EISCONN));
    try (PosixSocket s = tcp()) {
      s.setBlocking(false);
      assertThat(s.connect(TARGET)).isEqualTo(ConnectResult.IN_PROGRESS);
      assertThat(errnoOf(() -> s.connect(TARGET))).isEqualTo(Errno.EALREADY);
      assertThat(errnoOf(() -> s.connect(TARGET))).isEqualTo(Errno.EISCONN);
      assertThat(s.state()).isEqualTo(PosixSocket.State.CONNECTED);
      // Once connected, dial4j answers EISCONN itself without asking the kernel again.
      assertThat(errnoOf(() -> s.connect(TARGET))).isEqualTo(Errno.EISCONN);
    }
    assertThat(sys.count("connect")).isEqualTo(3);
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): EINTR from connect means the attempt goes on")
  void eintrFromConnectIsInProgress() throws IOException {
    sys.script("connect", err(Errno.EINTR));
    try (PosixSocket s = tcp()) {
      s.setBlocking(false);
      assertThat(s.connect(TARGET)).isEqualTo(ConnectResult.IN_PROGRESS);
      assertThat(s.finishConnect(Deadline.NOW)).isEqualTo(ConnectResult.CONNECTED);
    }
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): interrupted wait gives EINTR, a later wait sees success")
  void interruptedWaitThenCompletion() throws IOException {
    pollsTimeOut();
    sys.script("connect", err(Errno.EINPROGRESS)).script("poll", 0, Sys.POLLOUT);
    try (PosixSocket s = tcp()) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> s.connect(TARGET, Deadline.after(Duration.ofSeconds(5), clock)))
            .isInstanceOf(InterruptedIOException.class)
            .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EINTR));
      } finally {
        assertThat(Thread.interrupted()).as("interrupt status is kept").isTrue();
      }
      assertThat(s.state()).isEqualTo(PosixSocket.State.CONNECTING);
      assertThat(s.finishConnect(Deadline.after(Duration.ofSeconds(5), clock)))
          .isEqualTo(ConnectResult.CONNECTED);
    }
  }

  @Test
  @DisplayName("libdill tcp_connect: the deadline is absolute; polls are sliced and end on time")
  void deadlineOnVirtualClock() throws IOException {
    pollsTimeOut();
    sys.script("connect", err(Errno.EINPROGRESS)).script("poll", 0, 0, 0, 0, 0, 0, 0, 0);
    long start = now.get();
    try (PosixSocket s = tcp()) {
      assertThatThrownBy(() -> s.connect(TARGET, Deadline.after(Duration.ofMillis(100), clock)))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("ETIMEDOUT")
          .hasMessageContaining("deadline passed");
      assertThat(s.state()).isEqualTo(PosixSocket.State.CONNECTING);
    }
    assertThat(now.get() - start).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(sys.count("poll")).isEqualTo(100 / SocketWait.WAIT_SLICE_MILLIS);
  }

  @Test
  @DisplayName("libdill tcp_connect: deadline 0 (NOW) does not block")
  void deadlineNowPollsOnce() throws IOException {
    sys.script("connect", err(Errno.EINPROGRESS)).script("poll", 0);
    try (PosixSocket s = tcp()) {
      assertThat(errnoOf(() -> s.connect(TARGET, Deadline.NOW))).isEqualTo(Errno.ETIMEDOUT);
    }
    assertThat(sys.count("poll")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "libdill tcp_connect: close from elsewhere ends a wait with ECANCELED, fd closed once")
  void closeDuringWaitCancels() throws IOException {
    PosixSocket s = tcp();
    sys.script("connect", err(Errno.EINPROGRESS)).script("poll", 0, 0, 0);
    sys.beforePoll(
        () -> {
          try {
            s.close();
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
    assertThatThrownBy(() -> s.connect(TARGET, Deadline.NEVER))
        .isInstanceOf(InterruptedIOException.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.ECANCELED));
    assertThat(sys.count("close")).isEqualTo(1);
    // The descriptor was released only after the waiting call had left.
    assertThat(sys.calls()).endsWith("poll(100)", "close(100)");
    assertThat(errnoOf(() -> s.connect(TARGET))).isEqualTo(Errno.EBADF);
    assertThat(sys.count("connect")).as("EBADF without a system call").isEqualTo(1);
  }

  @Test
  @DisplayName("Linux connect(2): after a failure read through SO_ERROR the socket connects again")
  void reconnectAfterConsumedFailure() throws IOException {
    sys.script("connect", err(Errno.EINPROGRESS), err(Errno.ECONNABORTED), 0)
        .script("SO_ERROR", Errno.ECONNREFUSED.number());
    try (PosixSocket s = tcp()) {
      s.setBlocking(false);
      s.connect(TARGET);
      assertThat(errnoOf(() -> s.finishConnect(Deadline.NOW))).isEqualTo(Errno.ECONNREFUSED);
      assertThat(s.connect(TARGET)).isEqualTo(ConnectResult.CONNECTED);
    }
    assertThat(sys.count("connect")).isEqualTo(3);
  }

  @Test
  @DisplayName("Solaris connect(3SOCKET): EWOULDBLOCK / EAGAIN from a non-blocking send")
  void eagainFromSend() throws IOException {
    sys.script("sendto", err(Errno.EAGAIN));
    try (PosixSocket s = tcp()) {
      s.setBlocking(false);
      assertThat(errnoOf(() -> s.send(ByteBuffer.wrap(new byte[] {1}))))
          .isEqualTo(Errno.EWOULDBLOCK);
    }
  }

  static Stream<Arguments> connectErrnos() {
    return Stream.of(
        Arguments.of(Errno.ECONNREFUSED, ConnectException.class),
        Arguments.of(Errno.ETIMEDOUT, SocketTimeoutException.class),
        Arguments.of(Errno.ENETUNREACH, NoRouteToHostException.class),
        Arguments.of(Errno.EHOSTUNREACH, NoRouteToHostException.class),
        Arguments.of(Errno.ENETDOWN, NoRouteToHostException.class),
        Arguments.of(Errno.EADDRINUSE, BindException.class),
        Arguments.of(Errno.EADDRNOTAVAIL, BindException.class),
        Arguments.of(Errno.ECANCELED, InterruptedIOException.class),
        Arguments.of(Errno.EACCES, SocketException.class),
        Arguments.of(Errno.EPERM, SocketException.class),
        Arguments.of(Errno.EAGAIN, SocketException.class),
        Arguments.of(Errno.EAFNOSUPPORT, SocketException.class),
        Arguments.of(Errno.ECONNRESET, SocketException.class),
        Arguments.of(Errno.ENOBUFS, SocketException.class),
        Arguments.of(Errno.ENOMEM, SocketException.class),
        Arguments.of(Errno.EMFILE, SocketException.class),
        Arguments.of(Errno.ENFILE, SocketException.class),
        Arguments.of(Errno.ENOSR, SocketException.class),
        Arguments.of(Errno.EIO, SocketException.class),
        Arguments.of(Errno.ENXIO, SocketException.class),
        Arguments.of(Errno.ELOOP, SocketException.class),
        Arguments.of(Errno.ENOENT, SocketException.class),
        Arguments.of(Errno.ENOTDIR, SocketException.class),
        Arguments.of(Errno.EPROTOTYPE, SocketException.class),
        Arguments.of(Errno.ENOTSOCK, SocketException.class));
  }

  @ParameterizedTest(name = "{0} is a {1}")
  @MethodSource("connectErrnos")
  @DisplayName(
      "Linux connect(2) and Solaris connect(3SOCKET) errno lists: kept exactly, java.net class")
  void everyConnectErrnoKeepsItsNumberAndClass(Errno errno, Class<?> javaClass) throws IOException {
    sys.script("connect", err(errno));
    try (PosixSocket s = tcp()) {
      s.setBlocking(false);
      assertThatThrownBy(() -> s.connect(TARGET))
          .isInstanceOf(javaClass)
          .satisfies(
              e -> {
                NetError ne = (NetError) e;
                assertThat(ne.errno()).isEqualTo(errno);
                assertThat(ne.operation()).isEqualTo(Operation.CONNECT);
                assertThat(ne.network()).contains(Network.TCP);
                assertThat(ne.target()).contains(TARGET);
              })
          .hasMessage("connect tcp 127.0.0.1:9: " + errno.describe());
    }
  }

  @Test
  @DisplayName("libdill tcp_connect: EMFILE from socket() is reported with its errno")
  void socketCreationFailure() {
    sys.script("socket", err(Errno.EMFILE));
    assertThatThrownBy(this::tcp)
        .isInstanceOf(SocketException.class)
        .hasMessage("socket tcp: EMFILE (Too many open files)");
  }
}
