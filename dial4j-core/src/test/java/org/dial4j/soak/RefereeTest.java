package org.dial4j.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.socket.PosixSocket;
import org.dial4j.sys.FaultySyscalls;
import org.dial4j.sys.FaultySyscalls.Call;
import org.dial4j.sys.LinuxSyscalls;
import org.dial4j.sys.Syscalls;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The soak's referee under injected faults ({@link Injections}): an outcome its fault's table does
 * not allow passes only where the table's injection explains it, and nothing else does. No
 * namespace, no dial: the referee is given the ends a face would give it. On request with the other
 * soak tests ({@code -Dtest=RefereeTest}; {@code .ci/run} runs it beside {@code
 * ReliabilitySoakTest}).
 */
class RefereeTest {
  private static final InetEndpoint LIVE = Endpoint.parseInet("127.0.0.1:40000");
  private static final InetEndpoint SILENT = Endpoint.parseInet("[::1]:40000");
  private static final InetEndpoint BLACKHOLED = Endpoint.parseInet("[2001:db8:b1ac::7]:40000");
  private static final Set<String> ALLOWED = Set.of("ENOBUFS", "ENOMEM", "EIO");

  private final Tally tally = new Tally();
  private final Targets targets = new Targets(Map.of(Target.LIVE4, LIVE));

  /** A table that has injected ENOBUFS into socket(2) once, and nothing else. */
  private static FaultySyscalls injectedEnobufs() {
    FaultySyscalls f = FaultySyscalls.linux(1).fail(Call.SOCKET, 1.0, Errno.ENOBUFS);
    assertThat(f.socket(2, 1, 0)).isEqualTo(-Errno.ENOBUFS.number());
    return f;
  }

  private Referee referee(Syscalls sys) {
    return new Referee(Phase.LOOPBACK, targets, tally, new Injections(sys, ALLOWED));
  }

  private Attempt attempt(Fault f, Target t, long deadline) {
    return new Attempt(1, f, Face.BLOCKING, t, targets.of(t), deadline, null, null);
  }

  /** A dial's failure as the race reports it: the first failed attempt as its cause. */
  private static IOException dialFailure(Errno errno, Errno live, InetEndpoint first) {
    IOException e = NetError.of(errno, Operation.CONNECT, "all 2 addresses failed");
    IOException firstAttempt =
        NetError.of(errno, Operation.CONNECT, Network.TCP, null, first, "attempt 1");
    IOException liveAttempt =
        NetError.of(live, Operation.CONNECT, Network.TCP, null, LIVE, "attempt 2");
    if (errno == Errno.ETIMEDOUT) {
      e.initCause(liveAttempt); // the failed one first, the running one suppressed
      e.addSuppressed(firstAttempt);
    } else {
      e.initCause(firstAttempt);
      e.addSuppressed(liveAttempt);
    }
    return e;
  }

  @Test
  @DisplayName("an injected errno passes only once the table injected it; the kernel's table none")
  void injectedErrnoOnlyWhenInjected() {
    Referee r = referee(injectedEnobufs());
    r.failed(attempt(Fault.SUCCESS, Target.LIVE4, 0), enobufs(Errno.ENOBUFS), 1);
    assertThat(tally.anomalies()).isZero();
    r.failed(attempt(Fault.SUCCESS, Target.LIVE4, 0), enobufs(Errno.ENOMEM), 1);
    assertThat(tally.anomalyTexts()).singleElement().asString().contains("ended ENOMEM");

    Tally kernel = new Tally();
    new Referee(Phase.LOOPBACK, targets, kernel, new Injections(LinuxSyscalls.INSTANCE, ALLOWED))
        .failed(attempt(Fault.SUCCESS, Target.LIVE4, 0), enobufs(Errno.ENOBUFS), 1);
    assertThat(kernel.anomalyTexts()).singleElement().asString().contains("ended ENOBUFS");
  }

  private static IOException enobufs(Errno e) {
    return NetError.of(e, Operation.SOCKET, Network.TCP, null, LIVE, null);
  }

  @Test
  @DisplayName("silent-first ETIMEDOUT passes only when 127.0.0.1 failed injected, at the deadline")
  void silentFirstTimeout() {
    Referee r = referee(injectedEnobufs());
    long deadline = 1_000;
    r.failed(
        attempt(Fault.SILENT_FIRST_FAMILY, Target.SILENT_FIRST, deadline),
        dialFailure(Errno.ETIMEDOUT, Errno.ENOBUFS, SILENT),
        deadline + 5);
    assertThat(tally.anomalies()).isZero();
    // The live address refused (no injection explains it): an anomaly.
    r.failed(
        attempt(Fault.SILENT_FIRST_FAMILY, Target.SILENT_FIRST, deadline),
        dialFailure(Errno.ETIMEDOUT, Errno.ECONNREFUSED, SILENT),
        deadline + 5);
    // An injected errno, but never injected by this table (ENOMEM): an anomaly.
    r.failed(
        attempt(Fault.SILENT_FIRST_FAMILY, Target.SILENT_FIRST, deadline),
        dialFailure(Errno.ETIMEDOUT, Errno.ENOMEM, SILENT),
        deadline + 5);
    // Before its deadline: an anomaly.
    r.failed(
        attempt(Fault.SILENT_FIRST_FAMILY, Target.SILENT_FIRST, deadline),
        dialFailure(Errno.ETIMEDOUT, Errno.ENOBUFS, SILENT),
        deadline - 5);
    // No word of the live address at all: an anomaly.
    r.failed(
        attempt(Fault.SILENT_FIRST_FAMILY, Target.SILENT_FIRST, deadline),
        NetError.of(Errno.ETIMEDOUT, Operation.CONNECT, "deadline passed"),
        deadline + 5);
    assertThat(tally.anomalies()).isEqualTo(4);
    assertThat(tally.anomalyTexts()).allSatisfy(a -> assertThat(a).contains("ended ETIMEDOUT"));
  }

  @Test
  @DisplayName("routed-first EINVAL passes only when 127.0.0.1 failed with an injected errno")
  void routedFirstEinval() {
    Referee r = referee(injectedEnobufs());
    r.failed(
        attempt(Fault.ROUTED_FIRST_FAMILY, Target.ROUTED_FIRST, 0),
        dialFailure(Errno.EINVAL, Errno.ENOBUFS, BLACKHOLED),
        1);
    assertThat(tally.anomalies()).isZero();
    r.failed(
        attempt(Fault.ROUTED_FIRST_FAMILY, Target.ROUTED_FIRST, 0),
        dialFailure(Errno.EINVAL, Errno.ECONNREFUSED, BLACKHOLED),
        1);
    // The silent name's excuse is not the routed one's.
    r.failed(
        attempt(Fault.ROUTED_FIRST_FAMILY, Target.ROUTED_FIRST, 0),
        dialFailure(Errno.ETIMEDOUT, Errno.ENOBUFS, BLACKHOLED),
        1);
    assertThat(tally.anomalies()).isEqualTo(2);
  }

  @Test
  @DisplayName("a close's EIO is excused only when this thread's close(2) was failed with it")
  void closeEio() throws Exception {
    FaultySyscalls f = FaultySyscalls.linux(1);
    Injections injections = new Injections(f, ALLOWED);
    PosixSocket s = f.openSocket(Family.INET, Network.SocketType.STREAM);
    f.fail(Call.CLOSE, 1.0, Errno.EIO);
    injections.beforeClose();
    IOException thrown = closeFailure(s);
    assertThat(injections.closeFailedByInjection(thrown)).isTrue();
    // Taken: the same failure again has no injection behind it.
    assertThat(injections.closeFailedByInjection(thrown)).isFalse();

    // An injection on another thread explains nothing here.
    PosixSocket other = f.openSocket(Family.INET, Network.SocketType.STREAM);
    IOException[] there = new IOException[1];
    Thread t = Thread.ofPlatform().start(() -> there[0] = closeFailure(other));
    t.join();
    injections.beforeClose();
    assertThat(injections.closeFailedByInjection(there[0])).isFalse();

    // An EIO of the kernel's (no injection) is not excused; nor one the run does not allow.
    IOException kernelEio = NetError.of(Errno.EIO, Operation.CLOSE, Network.TCP, null, LIVE, null);
    assertThat(injections.closeFailedByInjection(kernelEio)).isFalse();
    assertThat(new Injections(LinuxSyscalls.INSTANCE, ALLOWED).closeFailedByInjection(kernelEio))
        .isFalse();
    f.setEnabled(false);
  }

  private static IOException closeFailure(PosixSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("close did not fail");
  }

  @Test
  @DisplayName("an injected failure of the soak's own set-up is known as one; another is not")
  void setUpFailure() {
    Injections injections = new Injections(injectedEnobufs(), ALLOWED);
    assertThat(injections.injected(NetError.of(Errno.ENOBUFS, Operation.POLL, "epoll_ctl")))
        .isTrue();
    assertThat(injections.injected(NetError.of(Errno.ENOMEM, Operation.POLL, "epoll_ctl")))
        .isFalse();
    assertThat(injections.injected(new IllegalStateException("not a NetError"))).isFalse();
  }
}
