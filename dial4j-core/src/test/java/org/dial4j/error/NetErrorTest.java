package org.dial4j.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.dial4j.Endpoint;
import org.dial4j.Network;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NetErrorTest {
  private static final Endpoint SRC = Endpoint.parse("127.0.0.1:40000");
  private static final Endpoint DST = Endpoint.parse("127.0.0.1:9");

  @Test
  @DisplayName("message reads like Go's: op network source->target: ERRNO (message)")
  void messageFormat() {
    IOException e = NetError.of(Errno.ECONNREFUSED, Operation.CONNECT, Network.TCP, SRC, DST, null);
    assertThat(e)
        .isInstanceOf(ConnectException.class)
        .hasMessage("connect tcp 127.0.0.1:40000->127.0.0.1:9: ECONNREFUSED (Connection refused)");
    NetError ne = (NetError) e;
    assertThat(ne.errno()).isEqualTo(Errno.ECONNREFUSED);
    assertThat(ne.operation()).isEqualTo(Operation.CONNECT);
    assertThat(ne.network()).contains(Network.TCP);
    assertThat(ne.source()).contains(SRC);
    assertThat(ne.target()).contains(DST);
    assertThat(ne.detail()).isEmpty();
  }

  @Test
  @DisplayName("unknown parts are left out; a detail follows a further colon")
  void partialMessages() {
    assertThat(NetError.of(Errno.EMFILE, Operation.SOCKET, Network.UDP, null, null, null))
        .hasMessage("socket udp: EMFILE (Too many open files)");
    assertThat(NetError.of(Errno.EADDRINUSE, Operation.BIND, null, SRC, null, null))
        .hasMessage("bind 127.0.0.1:40000: EADDRINUSE (Address already in use)");
    assertThat(
            NetError.of(Errno.EDESTADDRREQ, Operation.CONNECT, Network.TCP, null, DST, "port is 0"))
        .hasMessage(
            "connect tcp 127.0.0.1:9: EDESTADDRREQ (Destination address required): port is 0");
  }

  @Test
  @DisplayName("each errno is the java.net exception a Java caller already catches")
  void catchCompatibleClasses() {
    assertThat(make(Errno.ECONNREFUSED, Operation.CONNECT)).isInstanceOf(ConnectException.class);
    assertThat(make(Errno.ETIMEDOUT, Operation.CONNECT)).isInstanceOf(SocketTimeoutException.class);
    assertThat(make(Errno.ETIMEDOUT, Operation.RESOLVE)).isInstanceOf(SocketTimeoutException.class);
    assertThat(make(Errno.EHOSTUNREACH, Operation.CONNECT))
        .isInstanceOf(NoRouteToHostException.class);
    assertThat(make(Errno.ENETUNREACH, Operation.CONNECT))
        .isInstanceOf(NoRouteToHostException.class);
    assertThat(make(Errno.EADDRINUSE, Operation.BIND)).isInstanceOf(BindException.class);
    assertThat(make(Errno.EADDRNOTAVAIL, Operation.CONNECT)).isInstanceOf(BindException.class);
    assertThat(make(Errno.ECANCELED, Operation.CONNECT)).isInstanceOf(InterruptedIOException.class);
    assertThat(make(Errno.EINTR, Operation.CONNECT)).isInstanceOf(InterruptedIOException.class);
    assertThat(make(Errno.EADDRNOTAVAIL, Operation.RESOLVE))
        .isInstanceOf(UnknownHostException.class);
    assertThat(make(Errno.EISCONN, Operation.CONNECT))
        .isExactlyInstanceOf(SocketErrnoException.class);
    assertThat(make(Errno.EISCONN, Operation.CONNECT)).isInstanceOf(SocketException.class);
  }

  @Test
  @DisplayName("a parse error is unchecked, names the input and keeps its errno")
  void invalidArgument() {
    InvalidArgumentException e =
        new InvalidArgumentException(Errno.EINVAL, "127.0.0.1:x", "port \"x\" is not a number");
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
    assertThat(e.operation()).isEqualTo(Operation.PARSE);
    assertThat(e.input()).contains("127.0.0.1:x");
    assertThat(e)
        .hasMessage(
            "parse: EINVAL (Invalid argument): port \"x\" is not a number in \"127.0.0.1:x\"");
  }

  @Test
  @DisplayName("errnoOf finds the errno through causes")
  void errnoOfCauses() {
    IOException inner = make(Errno.ECONNRESET, Operation.RECV);
    assertThat(NetError.errnoOf(new RuntimeException(inner))).contains(Errno.ECONNRESET);
    assertThat(NetError.errnoOf(new RuntimeException("x"))).isEmpty();
  }

  private static IOException make(Errno e, Operation op) {
    return NetError.of(e, op, Network.TCP, null, DST, null);
  }

  @Test
  @org.junit.jupiter.api.DisplayName(
      "NetError.of without addresses: the same class and message as with three nulls")
  void withoutAddresses() {
    java.io.IOException e = NetError.of(Errno.ENOENT, Operation.RESOLVE, "no address for x");
    assertThat(e)
        .isInstanceOf(ResolveException.class)
        .hasMessage("resolve: ENOENT (No such file or directory): no address for x");
    assertThat(NetError.of(Errno.EMFILE, Operation.SOCKET, "epoll_create1").getMessage())
        .isEqualTo(
            NetError.of(Errno.EMFILE, Operation.SOCKET, null, null, null, "epoll_create1")
                .getMessage());
  }
}
