package org.dial4j.soak;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The soak's parts, each a child JVM in a network namespace of its own (so its ports, TIME_WAIT
 * sockets and routes are its own and nobody else's), with the faults it mixes and their weights.
 */
// Its lists are List.of's, which cannot change.
@SuppressWarnings("ImmutableEnumChecker")
enum Phase {
  /**
   * Loopback peers: success, refused, full-queue timeouts, a silent first family, and every way of
   * cancelling at a random moment.
   */
  LOOPBACK(
      70,
      List.of(
          new Weighted(Fault.SUCCESS, 26),
          new Weighted(Fault.REFUSED, 14),
          new Weighted(Fault.TIMEOUT, 10),
          new Weighted(Fault.SILENT_FIRST_FAMILY, 6),
          new Weighted(Fault.INTERRUPT, 8),
          new Weighted(Fault.FUTURE_CANCEL, 5),
          new Weighted(Fault.HANDLE_CANCEL, 5),
          new Weighted(Fault.LOOPFD_CANCEL, 5),
          new Weighted(Fault.CLOSE, 7),
          new Weighted(Fault.DIALER_CLOSE, 7),
          new Weighted(Fault.LOOP_CLOSE, 7))),
  /** The kernel's route errors ({@link Target#ROUTES}) mixed with loopback success and refusal. */
  ROUTES(
      12,
      List.of(
          new Weighted(Fault.ROUTE_UNREACHABLE, 15),
          new Weighted(Fault.ROUTE_PROHIBIT, 15),
          new Weighted(Fault.ROUTE_BLACKHOLE, 15),
          new Weighted(Fault.NO_ROUTE, 15),
          new Weighted(Fault.ROUTED_FIRST_FAMILY, 15),
          new Weighted(Fault.SUCCESS, 15),
          new Weighted(Fault.REFUSED, 10))),
  /**
   * {@code net.ipv4.ip_local_port_range} narrowed to {@value #PORT_RANGE}, every port of it
   * connected to one listener: EADDRNOTAVAIL there, while other destinations still share the ports.
   */
  PORTS(
      9,
      List.of(
          new Weighted(Fault.PORTS_EXHAUSTED, 60),
          new Weighted(Fault.SUCCESS_FEW_PORTS, 25),
          new Weighted(Fault.REFUSED_FEW_PORTS, 15))),
  /**
   * {@code RLIMIT_NOFILE} lowered to {@value #NOFILE} for the child ({@code prlimit}), then rounds
   * of: every descriptor taken (EMFILE), a few free (EMFILE or the target's outcome), all free
   * again (recovered).
   */
  EMFILE(9, List.of(new Weighted(Fault.EMFILE, 1)));

  /** The ephemeral ports {@link #PORTS} leaves its namespace: eight. */
  static final String PORT_RANGE = "40000 40007";

  /** The descriptor limit of {@link #EMFILE}'s child. */
  static final int NOFILE = 1024;

  /** A fault and its weight in a phase's mix. */
  record Weighted(Fault fault, int weight) {}

  /** Percent of the run's attempts this phase gets. */
  final int share;

  final List<Weighted> mix;
  private final int total;

  Phase(int share, List<Weighted> mix) {
    this.share = share;
    this.mix = mix;
    this.total = mix.stream().mapToInt(Weighted::weight).sum();
  }

  /** A fault of this phase's mix, drawn by weight. */
  Fault pick(SplittableRandom rng) {
    int r = rng.nextInt(total);
    for (Weighted w : mix) {
      r -= w.weight();
      if (r < 0) {
        return w.fault();
      }
    }
    throw new AssertionError("weights add up to " + total);
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Phase ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
