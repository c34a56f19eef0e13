package org.dial4j.soak;

import static org.dial4j.soak.Target.BLACKHOLE4;
import static org.dial4j.soak.Target.BLACKHOLE6;
import static org.dial4j.soak.Target.EXHAUSTED4;
import static org.dial4j.soak.Target.FULL4;
import static org.dial4j.soak.Target.FULL6;
import static org.dial4j.soak.Target.LIVE4;
import static org.dial4j.soak.Target.LIVE6;
import static org.dial4j.soak.Target.NO_ROUTE4;
import static org.dial4j.soak.Target.NO_ROUTE6;
import static org.dial4j.soak.Target.PROHIBIT4;
import static org.dial4j.soak.Target.PROHIBIT6;
import static org.dial4j.soak.Target.REFUSED4;
import static org.dial4j.soak.Target.REFUSED6;
import static org.dial4j.soak.Target.ROUTED_FIRST;
import static org.dial4j.soak.Target.SILENT_FIRST;
import static org.dial4j.soak.Target.UNREACHABLE4;
import static org.dial4j.soak.Target.UNREACHABLE6;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an attempt meets, and the table of what it may end with: {@link #allowed} is the set of
 * outcomes ({@value Outcomes#CONNECTED}, an errno's name, {@value Outcomes#CANCELLED} for a
 * cancelled future, {@value Outcomes#CLOSED} for a named connect its owner closed) that is right
 * for this fault on a face and a target. An attempt that can end two ways (a cancel racing a
 * connect) allows both, and still ends exactly once. The route errnos are those {@code
 * KernelRouteErrorsTest} asserts.
 */
// Its lists are List.of's, which cannot change.
@SuppressWarnings("ImmutableEnumChecker")
enum Fault {
  /** A listener accepts. */
  SUCCESS(Action.PLAIN, Face.ALL, List.of(LIVE4, LIVE6)),
  /** A port nobody listens on. */
  REFUSED(Action.PLAIN, Face.ALL, List.of(REFUSED4, REFUSED6)),
  /** A full accept queue and a deadline 5 to 50 ms away: ETIMEDOUT at the deadline. */
  TIMEOUT(Action.TIMEOUT, Face.ALL, List.of(FULL4, FULL6)),
  /** A name whose first address (::1) drops SYNs and whose second (127.0.0.1) accepts. */
  SILENT_FIRST_FAMILY(Action.PLAIN, Face.DIALER, List.of(SILENT_FIRST)),
  /** The calling thread interrupted at a random moment. */
  INTERRUPT(Action.INTERRUPT, Face.INTERRUPTIBLE, List.of(LIVE4, LIVE6, FULL4, FULL6)),
  /** {@code future.cancel(true)} at a random moment. */
  FUTURE_CANCEL(Action.FUTURE_CANCEL, List.of(Face.FUTURE), List.of(LIVE4, LIVE6, FULL4, FULL6)),
  /** {@code DialHandle.cancel()} at a random moment. */
  HANDLE_CANCEL(Action.HANDLE_CANCEL, List.of(Face.CALLBACK), List.of(LIVE4, LIVE6, FULL4, FULL6)),
  /** {@code LoopFd.cancel()} on the loop at a random moment. */
  LOOPFD_CANCEL(Action.LOOPFD_CANCEL, List.of(Face.NAMED), List.of(LIVE4, LIVE6, FULL4, FULL6)),
  /** The socket ({@code PosixSocket.close}, {@code LoopFd.close}) closed by another thread. */
  CLOSE(
      Action.CLOSE,
      List.of(Face.NAMED, Face.POSIX_VT, Face.POSIX_PT),
      List.of(LIVE4, LIVE6, FULL4, FULL6)),
  /** The Dialer closed at a random moment with one to six dials in flight. */
  DIALER_CLOSE(Action.DIALER_CLOSE, Face.DIALER, List.of(LIVE4, LIVE6, FULL4, FULL6)),
  /** The event loop closed at a random moment with one to six connects in flight. */
  LOOP_CLOSE(
      Action.LOOP_CLOSE,
      List.of(Face.BLOCKING, Face.FUTURE, Face.CALLBACK, Face.NAMED),
      List.of(LIVE4, LIVE6, FULL4, FULL6)),
  /** An {@code unreachable} route. */
  ROUTE_UNREACHABLE(Action.PLAIN, Face.ALL, List.of(UNREACHABLE4, UNREACHABLE6)),
  /** A {@code prohibit} route. */
  ROUTE_PROHIBIT(Action.PLAIN, Face.ALL, List.of(PROHIBIT4, PROHIBIT6)),
  /** A {@code blackhole} route. */
  ROUTE_BLACKHOLE(Action.PLAIN, Face.ALL, List.of(BLACKHOLE4, BLACKHOLE6)),
  /** No route. */
  NO_ROUTE(Action.PLAIN, Face.ALL, List.of(NO_ROUTE4, NO_ROUTE6)),
  /** A name whose first address is on a blackhole route (EINVAL at once) and whose second lives. */
  ROUTED_FIRST_FAMILY(Action.PLAIN, Face.DIALER, List.of(ROUTED_FIRST)),
  /** A listener every ephemeral port of the namespace is connected to already. */
  PORTS_EXHAUSTED(Action.PLAIN, Face.ALL, List.of(EXHAUSTED4)),
  /** A listener that accepts, while the namespace has 8 ephemeral ports for every attempt. */
  SUCCESS_FEW_PORTS(Action.PLAIN, Face.ALL, List.of(LIVE4)),
  /** A refused port, while the namespace has 8 ephemeral ports for every attempt. */
  REFUSED_FEW_PORTS(Action.PLAIN, Face.ALL, List.of(REFUSED4)),
  /** Every descriptor the limit allows is taken. */
  EMFILE(Action.PLAIN, Face.ALL, List.of(LIVE4, LIVE6, REFUSED4, REFUSED6, FULL4, FULL6)),
  /** A few descriptors free, fewer than the attempts in flight. */
  EMFILE_EDGE(Action.PLAIN, Face.ALL, List.of(LIVE4, LIVE6, REFUSED4, REFUSED6));

  /** What the soak does to an attempt besides starting it. */
  enum Action {
    PLAIN,
    TIMEOUT,
    INTERRUPT,
    FUTURE_CANCEL,
    HANDLE_CANCEL,
    LOOPFD_CANCEL,
    CLOSE,
    DIALER_CLOSE,
    LOOP_CLOSE;

    /** Whether it runs a batch of attempts on a dialer or loop of its own, which it closes. */
    boolean batch() {
      return this == DIALER_CLOSE || this == LOOP_CLOSE;
    }

    /** Whether it does something to the attempt at a random moment. */
    boolean chaos() {
      return this != PLAIN && this != TIMEOUT;
    }
  }

  final Action action;
  final List<Face> faces;
  final List<Target> targets;

  Fault(Action action, List<Face> faces, List<Target> targets) {
    this.action = action;
    this.faces = faces;
    this.targets = targets;
  }

  /** The outcomes right for this fault on {@code face} against {@code target}. */
  Set<String> allowed(Face face, Target target) {
    String connected = Outcomes.CONNECTED;
    return switch (this) {
      case SUCCESS, SILENT_FIRST_FAMILY, ROUTED_FIRST_FAMILY -> Set.of(connected);
      case REFUSED -> Set.of("ECONNREFUSED");
      case TIMEOUT -> Set.of("ETIMEDOUT");
      // Dialer.dial: ECANCELED (the interrupt status kept); PosixSocket: EINTR.
      case INTERRUPT -> Set.of(connected, face.isPosix() ? "EINTR" : "ECANCELED");
      case FUTURE_CANCEL -> Set.of(connected, Outcomes.CANCELLED);
      case HANDLE_CANCEL, LOOPFD_CANCEL, DIALER_CLOSE -> Set.of(connected, "ECANCELED");
      // A PosixSocket closed before its connect began: EBADF; while waiting: ECANCELED.
      case CLOSE ->
          face == Face.NAMED
              ? Set.of(connected, Outcomes.CLOSED)
              : Set.of(connected, "ECANCELED", "EBADF");
      // A named connect asked of a loop already closed: ENETDOWN at once.
      case LOOP_CLOSE ->
          face == Face.NAMED
              ? Set.of(connected, "ECANCELED", "ENETDOWN")
              : Set.of(connected, "ECANCELED");
      case ROUTE_UNREACHABLE -> Set.of("EHOSTUNREACH");
      case ROUTE_PROHIBIT -> Set.of("EACCES");
      case ROUTE_BLACKHOLE -> Set.of("EINVAL");
      case NO_ROUTE -> Set.of("ENETUNREACH");
      case PORTS_EXHAUSTED -> Set.of("EADDRNOTAVAIL");
      // Eight ports for every connection, each closed with a reset and its four-tuple reused at
      // once: the kernel answers about one SYN in 20,000 with a reset (ECONNREFUSED), on every
      // face, PosixSocket's bare connect(2) and SO_ERROR included (RELIABILITY.md, "The soak").
      case SUCCESS_FEW_PORTS -> Set.of(connected, "EADDRNOTAVAIL", "ECONNREFUSED");
      case REFUSED_FEW_PORTS -> Set.of("ECONNREFUSED", "EADDRNOTAVAIL");
      case EMFILE -> Set.of("EMFILE");
      case EMFILE_EDGE ->
          Set.of(target == LIVE4 || target == LIVE6 ? connected : "ECONNREFUSED", "EMFILE");
    };
  }

  /**
   * What a dial of this fault's name ends with when an injected failure ends its live address's
   * attempt (127.0.0.1, the second), or null for the faults without one: the silent first attempt
   * runs on to the deadline (ETIMEDOUT); the blackhole-routed first one's EINVAL is the first
   * error, which a dial whose every address failed reports (Go's rule).
   */
  @Nullable String withLiveAddressFailed() {
    return switch (this) {
      case SILENT_FIRST_FAMILY -> "ETIMEDOUT";
      case ROUTED_FIRST_FAMILY -> "EINVAL";
      default -> null;
    };
  }

  /** The name in the report: {@code success}, {@code silent-first-family}, ... */
  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Fault ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
