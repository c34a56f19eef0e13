package org.dial4j.soak;

import java.util.List;
import java.util.Locale;

/** The ways the soak connects: the Dialer's three faces, the loop's named connect, PosixSocket. */
enum Face {
  /** {@code Dialer.dial(address, deadline)}, blocking, on a virtual thread. */
  BLOCKING(3),
  /** {@code Dialer.dialAsync(address, deadline)}: the future face. */
  FUTURE(3),
  /** {@code Dialer.dial(network, endpoint, deadline, callback)}: the event-loop face. */
  CALLBACK(3),
  /** {@code EventLoop.connect}: libut's named connect, its callback on the loop. */
  NAMED(3),
  /** {@code PosixSocket.connect(target, deadline)}, blocking, on a virtual thread (the poller). */
  POSIX_VT(3),
  /** The same on a platform thread (its own {@code poll(2)} in slices); fewer: a thread each. */
  POSIX_PT(1);

  /** The Dialer's faces, for the faults only a dial has (a name's race, closing the dialer). */
  static final List<Face> DIALER = List.of(BLOCKING, FUTURE, CALLBACK);

  /** Every face. */
  static final List<Face> ALL = List.of(values());

  /** The faces that run their call on a thread of their own, which an interrupt can reach. */
  static final List<Face> INTERRUPTIBLE = List.of(BLOCKING, POSIX_VT, POSIX_PT);

  /** How often this face is picked among those a fault allows, relative to the others. */
  final int weight;

  Face(int weight) {
    this.weight = weight;
  }

  boolean isDialer() {
    return DIALER.contains(this);
  }

  boolean isPosix() {
    return this == POSIX_VT || this == POSIX_PT;
  }

  /** The name in the report: {@code blocking}, {@code posix-vt}, ... */
  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Face ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
