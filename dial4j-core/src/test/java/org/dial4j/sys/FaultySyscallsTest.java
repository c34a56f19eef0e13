package org.dial4j.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.socket.Loopback;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.testing.Descriptors;
import org.dial4j.testing.FaultSeed;
import org.dial4j.testing.RawFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault injector itself, on real descriptors: it fails only what the kernel could fail, with no
 * effect the kernel's own failure would not have, counts what it injected, and replays a seed.
 */
class FaultySyscallsTest {
  private static final LinuxSyscalls REAL = LinuxSyscalls.INSTANCE;

  @RegisterExtension final FaultSeed seed = new FaultSeed();

  private final RawFds fds = new RawFds();

  @AfterEach
  void close() {
    fds.close();
  }

  private int tcpSocket() {
    int fd = REAL.socket(Sys.AF_INET, Sys.SOCK_STREAM | Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC, 0);
    assertThat(fd).as("socket").isNotNegative();
    return fds.own(fd);
  }

  @Test
  @DisplayName(
      "faults: an errno the kernel does not answer a call with, or a rate out of 0..1, is refused")
  void illegalRulesRefused() {
    FaultySyscalls f = FaultySyscalls.linux(seed.value());
    assertThatThrownBy(() -> f.fail(Call.RECV, 0.5, Errno.EMFILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RECV")
        .hasMessageContaining("EMFILE");
    assertThatThrownBy(() -> f.fail(Call.EPOLL_WAIT, 0.5, Errno.ENOMEM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.fail(Call.SOCKET, 1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.fail(Call.SOCKET, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("faults: an injected socket() EMFILE opens no descriptor and is counted")
  void socketFailureOpensNothing() {
    FaultySyscalls f = FaultySyscalls.linux(seed.value()).fail(Call.SOCKET, 1, Errno.EMFILE);
    var before = Descriptors.snapshot();
    for (int i = 0; i < 20; i++) {
      assertThat(f.socket(Sys.AF_INET, Sys.SOCK_STREAM | Sys.SOCK_CLOEXEC, 0))
          .isEqualTo(-Errno.EMFILE.number());
    }
    assertThat(Descriptors.snapshot()).isEqualTo(before);
    assertThat(f.injected(Call.SOCKET, Errno.EMFILE)).isEqualTo(20);
    assertThat(f.injected()).isEqualTo(20);
    assertThat(f.toString()).contains("seed=" + seed.value()).contains("SOCKET/EMFILE=20");
  }

  @Test
  @DisplayName("faults: close() reporting EIO has released the descriptor, as Linux does")
  void closeEioReleases() {
    FaultySyscalls f = FaultySyscalls.linux(seed.value()).fail(Call.CLOSE, 1, Errno.EIO);
    int fd = tcpSocket();
    assertThat(f.close(fd)).isEqualTo(-Errno.EIO.number());
    fds.handOver(fd);
    assertThat(RawFds.isOpen(fd)).as("fd %d after close reported EIO", fd).isFalse();
    // A close the kernel itself fails (EBADF: nothing to close) is passed on, not turned into EIO.
    assertThat(f.close(fd)).isEqualTo(-Errno.EBADF.number());
    assertThat(f.injected(Call.CLOSE, Errno.EIO)).isEqualTo(1);
  }

  @Test
  @DisplayName("faults: connect() EINTR is an interrupted connect whose handshake goes on")
  void connectEintrGoesOn() throws Exception {
    FaultySyscalls f = FaultySyscalls.linux(seed.value()).fail(Call.CONNECT, 1, Errno.EINTR);
    try (Loopback peers = new Loopback()) {
      PosixSocket listener = peers.listener("127.0.0.1", 4);
      InetEndpoint at = Loopback.where(listener);
      int fd = tcpSocket();
      assertThat(f.connect(fd, new SockAddr.In4(at.address(), at.port())))
          .isEqualTo(-Errno.EINTR.number());
      assertThat(REAL.poll(fd, Sys.POLLOUT, 5_000) & Sys.POLLOUT).isNotZero();
      int[] err = new int[1];
      assertThat(REAL.getsockoptInt(fd, Sys.SOL_SOCKET, Sys.SO_ERROR, err)).isZero();
      assertThat(err[0]).as("SO_ERROR").isZero();
      peers.own(listener.accept(Deadline.after(Duration.ofSeconds(5))));
      assertThat(f.injected(Call.CONNECT, Errno.EINTR)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("faults: connect() EAGAIN only on a Unix socket; on TCP the rule does not apply")
  void connectEagainUnixOnly() {
    FaultySyscalls f = FaultySyscalls.linux(seed.value()).fail(Call.CONNECT, 1, Errno.EAGAIN);
    int tcp = tcpSocket();
    // 127.0.0.1 port 9 on loopback: refused or in progress, the kernel's answer either way.
    int r = f.connect(tcp, new SockAddr.In4(new byte[] {127, 0, 0, 1}, 9));
    assertThat(r).isNotEqualTo(-Errno.EAGAIN.number());
    assertThat(f.eligibleCalls()).isZero();
    int unix = REAL.socket(Sys.AF_UNIX, Sys.SOCK_STREAM | Sys.SOCK_NONBLOCK | Sys.SOCK_CLOEXEC, 0);
    fds.own(unix);
    assertThat(f.connect(unix, new SockAddr.Un(new byte[] {0, 'f', 'a', 'u', 'l', 't'})))
        .isEqualTo(-Errno.EAGAIN.number());
    assertThat(f.injected(Call.CONNECT, Errno.EAGAIN)).isEqualTo(1);
  }

  @Test
  @DisplayName("faults: epoll_ctl fails ADD only (the operation that allocates); MOD and DEL pass")
  void epollCtlAddOnly() {
    FaultySyscalls f = FaultySyscalls.linux(seed.value()).fail(Call.EPOLL_CTL, 1, Errno.ENOSPC);
    int ep = fds.own(REAL.epollCreate1(Sys.EPOLL_CLOEXEC));
    int ev = fds.own(REAL.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK));
    assertThat(f.epollCtl(ep, Sys.EPOLL_CTL_ADD, ev, Sys.EPOLLIN, 1))
        .isEqualTo(-Errno.ENOSPC.number());
    f.setEnabled(false);
    assertThat(f.epollCtl(ep, Sys.EPOLL_CTL_ADD, ev, Sys.EPOLLIN, 1)).isZero();
    f.setEnabled(true);
    assertThat(f.epollCtl(ep, Sys.EPOLL_CTL_MOD, ev, Sys.EPOLLOUT, 1)).isZero();
    assertThat(f.epollCtl(ep, Sys.EPOLL_CTL_DEL, ev, 0, 0)).isZero();
    assertThat(f.injected(Call.EPOLL_CTL)).isEqualTo(1);
  }

  /** What 200 polls of a quiet eventfd answered under a 30% EINTR rule with {@code seed}. */
  private List<Integer> pollAnswers(long seed, int ev) {
    FaultySyscalls f = FaultySyscalls.linux(seed).fail(Call.POLL, 0.3, Errno.EINTR);
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      got.add(f.poll(ev, Sys.POLLIN, 0));
    }
    assertThat(got.stream().filter(r -> r == -Errno.EINTR.number()).count())
        .isEqualTo(f.injected(Call.POLL, Errno.EINTR));
    return got;
  }

  @Test
  @DisplayName("faults: one seed gives the same failures again; another seed other ones")
  void seedReplays() {
    int ev = fds.own(REAL.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK));
    List<Integer> first = pollAnswers(seed.value(), ev);
    assertThat(pollAnswers(seed.value(), ev)).isEqualTo(first);
    assertThat(pollAnswers(seed.value() + 1, ev)).isNotEqualTo(first);
    long failed = first.stream().filter(r -> r < 0).count();
    assertThat(failed).as("failures of 200 at 30%%").isBetween(30L, 90L);
  }

  @Test
  @DisplayName("faults: the torture mode fails exactly the n-th eligible call; step 0 only counts")
  void tortureStep() {
    int ev = fds.own(REAL.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK));
    FaultySyscalls f = FaultySyscalls.linux(seed.value()).fail(Call.POLL, 0, Errno.EINTR);
    f.tortureStep(0);
    for (int i = 0; i < 5; i++) {
      assertThat(f.poll(ev, Sys.POLLIN, 0)).isZero();
    }
    assertThat(f.eligibleCalls()).isEqualTo(5);
    for (int step = 1; step <= 5; step++) {
      f.tortureStep(step);
      List<Integer> failed = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        if (f.poll(ev, Sys.POLLIN, 0) < 0) {
          failed.add(i);
        }
      }
      assertThat(failed).as("step %d", step).containsExactly(step);
    }
    assertThat(f.injected(Call.POLL, Errno.EINTR)).isEqualTo(5);
    // Calls no rule applies to are not steps.
    f.tortureStep(0);
    f.epollWait(ev, MemorySegment.NULL, 0, 0);
    assertThat(f.eligibleCalls()).isZero();
  }

  @Test
  @DisplayName("faults: disabled, every call passes and nothing is counted")
  void disabled() {
    int ev = fds.own(REAL.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK));
    FaultySyscalls f =
        FaultySyscalls.linux(seed.value()).fail(Call.POLL, 1, Errno.EINTR).setEnabled(false);
    assertThat(f.poll(ev, Sys.POLLIN, 0)).isZero();
    assertThat(f.eligibleCalls()).isZero();
    assertThat(f.injected()).isZero();
  }

  @Test
  @DisplayName(
      "faults: failAll fails every running call with its legal errnos and leaves a loop's start"
          + " (epoll_create1, eventfd) alone")
  void failAllSparesStart() {
    FaultySyscalls f = FaultySyscalls.linux(seed.value()).failAll(1);
    assertThat(-f.socket(Sys.AF_INET, Sys.SOCK_STREAM | Sys.SOCK_CLOEXEC, 0))
        .isIn(Call.SOCKET.legal().stream().map(Errno::number).toList());
    assertThat(f.poll(fds.own(f.eventfd(0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK)), Sys.POLLIN, 0))
        .isIn(-Errno.EINTR.number(), -Errno.ENOMEM.number());
    fds.own(f.epollCreate1(Sys.EPOLL_CLOEXEC));
    assertThat(f.injected(Call.EPOLL_CREATE1) + f.injected(Call.EVENTFD)).isZero();
    assertThat(f.injected()).isEqualTo(2);
  }
}
