package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dial4j.Deadline;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialEvent;
import org.dial4j.dial.Dialer;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Sys;
import org.dial4j.sys.Syscalls;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The named connect's Multipath TCP fallback on a real loop and real loopback sockets, with a
 * kernel that refuses IPPROTO_MPTCP scripted in the loop's system calls (whatever this machine's
 * kernel does): the socket is made again as plain TCP, the dial's events say so, and another
 * socket(2) failure is not a fallback.
 */
class MultipathSocketTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** The real calls, but socket(2) of IPPROTO_MPTCP answers {@code refusal}; protocols recorded. */
  private static Syscalls refusingMptcp(Errno refusal, List<Integer> protocols) {
    return (Syscalls)
        Proxy.newProxyInstance(
            Syscalls.class.getClassLoader(),
            new Class<?>[] {Syscalls.class},
            (proxy, method, args) -> {
              if (method.getName().equals("socket")) {
                int protocol = (Integer) args[2];
                protocols.add(protocol);
                if (protocol == Sys.IPPROTO_MPTCP) {
                  return -refusal.number();
                }
              }
              return method.invoke(LinuxSyscalls.INSTANCE, args);
            });
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Errno.class,
      names = {"EPROTONOSUPPORT", "EINVAL", "ENOPROTOOPT"})
  @DisplayName("A refused MPTCP socket falls back to plain TCP, and the dial's events say so")
  void fallsBack(Errno refusal) throws Exception {
    List<Integer> protocols = new CopyOnWriteArrayList<>();
    List<DialEvent> events = new CopyOnWriteArrayList<>();
    try (Loopback peers = new Loopback();
        EventLoop loop =
            EventLoop.builder()
                .name("mptcp-refused")
                .syscalls(refusingMptcp(refusal, protocols))
                .build()
                .start();
        Dialer dialer = Dialer.builder().loop(loop).multipath(true).listener(events::add).build()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      try (Connection c = dialer.dial(Loopback.where(listener).toString(), Deadline.after(BOUND))) {
        peers.own(listener.accept(Deadline.after(BOUND)));
        assertThat(protocols).containsExactly(Sys.IPPROTO_MPTCP, 0);
        assertThat(events)
            .filteredOn(DialEvent.MultipathFallback.class::isInstance)
            .singleElement()
            .satisfies(
                e -> assertThat(((DialEvent.MultipathFallback) e).refused()).isEqualTo(refusal));
        assertThat(c.getOption(java.net.StandardSocketOptions.TCP_NODELAY)).isTrue();
        int fd = c.detach();
        try {
          int[] v = new int[1];
          LinuxSyscalls.INSTANCE.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_PROTOCOL, v);
          assertThat(v[0]).isEqualTo(Sys.IPPROTO_TCP);
        } finally {
          LinuxSyscalls.INSTANCE.close(fd);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Errno.class,
      names = {"EMFILE", "EACCES"})
  @DisplayName("Another socket(2) failure is no fallback: the attempt fails with it")
  void otherFailuresFail(Errno failure) throws Exception {
    List<Integer> protocols = new CopyOnWriteArrayList<>();
    try (Loopback peers = new Loopback();
        EventLoop loop =
            EventLoop.builder()
                .name("mptcp-failing")
                .syscalls(refusingMptcp(failure, protocols))
                .build()
                .start();
        Dialer dialer = Dialer.builder().loop(loop).multipath(true).build()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      assertThatThrownBy(
              () -> dialer.dial(Loopback.where(listener).toString(), Deadline.after(BOUND)))
          .satisfies(e -> assertThat(NetError.errnoOf(e)).contains(failure));
      assertThat(protocols).containsExactly(Sys.IPPROTO_MPTCP);
    }
  }
}
