package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.dial4j.Deadline;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.EventLoop;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.testing.AsUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Connection#setOption}, {@link Connection#getOption} and {@link
 * Connection#supportedOptions} on a real loopback connection: round trips, value checks, the
 * unsupported option, EBADF after close, the failing setsockopt's errno.
 */
class ConnectionOptionsTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private EventLoop loop;
  private final Loopback peers = new Loopback();
  private Dialer dialer;
  private Connection c;

  @BeforeEach
  void start() throws IOException {
    loop = EventLoop.start("connection-options-test");
    dialer = Dialer.builder().loop(loop).build();
    PosixSocket l = peers.listener("127.0.0.1", 4);
    c = dialer.dial(Loopback.where(l).toString(), Deadline.after(BOUND));
    peers.own(l.accept(Deadline.after(BOUND)));
  }

  @AfterEach
  void stop() throws IOException {
    c.close();
    dialer.close();
    loop.close();
    peers.close();
  }

  private <T> void roundTrip(SocketOption<T> option, T value) throws IOException {
    c.setOption(option, value);
    assertThat(c.getOption(option)).as(option.name()).isEqualTo(value);
  }

  @Test
  @DisplayName("Each supported option round-trips through setOption and getOption")
  void roundTrips() throws Exception {
    roundTrip(StandardSocketOptions.TCP_NODELAY, false);
    roundTrip(StandardSocketOptions.TCP_NODELAY, true);
    roundTrip(StandardSocketOptions.SO_KEEPALIVE, true);
    roundTrip(StandardSocketOptions.SO_KEEPALIVE, false);
    roundTrip(StandardSocketOptions.SO_LINGER, 0);
    roundTrip(StandardSocketOptions.SO_LINGER, 7);
    roundTrip(StandardSocketOptions.SO_LINGER, -1);
    roundTrip(StandardSocketOptions.IP_TOS, 0x48);
    roundTrip(ExtendedSocketOptions.TCP_KEEPIDLE, 60);
    roundTrip(ExtendedSocketOptions.TCP_KEEPINTERVAL, 11);
    roundTrip(ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
    roundTrip(DialSocketOptions.TCP_USER_TIMEOUT, 2500);
    roundTrip(DialSocketOptions.SO_MARK, 0x1234);
    roundTrip(DialSocketOptions.SO_BINDTODEVICE, "lo");
    roundTrip(DialSocketOptions.SO_BINDTODEVICE, "");
    c.setOption(StandardSocketOptions.SO_RCVBUF, 10000);
    assertThat(c.getOption(StandardSocketOptions.SO_RCVBUF)).isEqualTo(20000); // socket(7): doubled
    c.setOption(StandardSocketOptions.SO_SNDBUF, 10000);
    assertThat(c.getOption(StandardSocketOptions.SO_SNDBUF)).isEqualTo(20000);
  }

  @Test
  @DisplayName("supportedOptions lists the twelve options, immutable")
  void supported() {
    assertThat(c.supportedOptions())
        .containsExactlyInAnyOrder(
            StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.SO_LINGER,
            StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.IP_TOS,
            ExtendedSocketOptions.TCP_KEEPIDLE,
            ExtendedSocketOptions.TCP_KEEPINTERVAL,
            ExtendedSocketOptions.TCP_KEEPCOUNT,
            DialSocketOptions.TCP_USER_TIMEOUT,
            DialSocketOptions.SO_MARK,
            DialSocketOptions.SO_BINDTODEVICE);
    assertThatThrownBy(() -> c.supportedOptions().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(DialSocketOptions.SO_MARK.name()).isEqualTo("SO_MARK");
    assertThat(DialSocketOptions.SO_MARK.type()).isEqualTo(Integer.class);
    assertThat(DialSocketOptions.SO_BINDTODEVICE.type()).isEqualTo(String.class);
    assertThat(DialSocketOptions.TCP_USER_TIMEOUT.type()).isEqualTo(Integer.class);
  }

  @Test
  @DisplayName("An unsupported option is UnsupportedOperationException, as java.nio's channels")
  void unsupported() {
    assertThatThrownBy(() -> c.setOption(StandardSocketOptions.SO_REUSEADDR, true))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("SO_REUSEADDR");
    assertThatThrownBy(() -> c.getOption(StandardSocketOptions.IP_MULTICAST_TTL))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.getOption(ExtendedSocketOptions.TCP_QUICKACK))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  @DisplayName("A bad value is IllegalArgumentException, before any system call")
  void badValues() {
    assertThatThrownBy(() -> c.setOption(StandardSocketOptions.IP_TOS, 256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setOption(StandardSocketOptions.IP_TOS, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setOption(StandardSocketOptions.SO_RCVBUF, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 32768))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setOption(DialSocketOptions.TCP_USER_TIMEOUT, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setOption(DialSocketOptions.SO_BINDTODEVICE, "0123456789abcdef"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.setOption(StandardSocketOptions.TCP_NODELAY, null))
        .isInstanceOf(IllegalArgumentException.class);
    SocketOption raw = StandardSocketOptions.TCP_NODELAY;
    assertThatThrownBy(() -> c.setOption(raw, "yes")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("SO_BINDTODEVICE of an interface that does not exist: ENODEV naming the option")
  void noSuchDevice() {
    assertThatThrownBy(() -> c.setOption(DialSocketOptions.SO_BINDTODEVICE, "nosuchdev0"))
        .isInstanceOf(NetError.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.ENODEV))
        .satisfies(e -> assertThat(((NetError) e).operation()).isEqualTo(Operation.SETSOCKOPT))
        .hasMessageContaining("SO_BINDTODEVICE nosuchdev0")
        .hasMessageContaining("ENODEV");
  }

  @Test
  @DisplayName("SO_MARK without CAP_NET_ADMIN fails EPERM naming the option")
  void markNeedsPrivilege() throws Exception {
    org.assertj.core.api.Assumptions.assumeThat(AsUser.available())
        .as("needs root to switch a thread's uid")
        .isTrue();
    Throwable t =
        AsUser.call(
            65534,
            65534,
            () -> {
              try {
                c.setOption(DialSocketOptions.SO_MARK, 9);
                return null;
              } catch (IOException e) {
                return e;
              }
            });
    assertThat(t)
        .isInstanceOf(NetError.class)
        .hasMessageContaining("SO_MARK")
        .hasMessageContaining("EPERM");
    assertThat(c.getOption(DialSocketOptions.SO_MARK)).isZero();
  }

  @Test
  @DisplayName("Options work from another thread while the connection is in use")
  void fromAnotherThread() throws Exception {
    CompletableFuture<Integer> f =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                c.setOption(DialSocketOptions.TCP_USER_TIMEOUT, 999);
                return c.getOption(DialSocketOptions.TCP_USER_TIMEOUT);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            r -> Thread.ofVirtual().start(r));
    assertThat(f.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(999);
  }

  @Test
  @DisplayName("After close: EBADF for both, the option's operation named")
  void closed() {
    c.close();
    assertThatThrownBy(() -> c.getOption(StandardSocketOptions.TCP_NODELAY))
        .isInstanceOf(NetError.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EBADF))
        .satisfies(e -> assertThat(((NetError) e).operation()).isEqualTo(Operation.GETSOCKOPT));
    assertThatThrownBy(() -> c.setOption(StandardSocketOptions.TCP_NODELAY, true))
        .isInstanceOf(NetError.class)
        .satisfies(e -> assertThat(((NetError) e).errno()).isEqualTo(Errno.EBADF))
        .satisfies(e -> assertThat(((NetError) e).operation()).isEqualTo(Operation.SETSOCKOPT));
    assertThatThrownBy(() -> c.getOption(StandardSocketOptions.SO_REUSEADDR))
        .isInstanceOf(NetError.class); // closed is checked first
  }
}
