package org.dial4j.soak;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.Endpoint;
import org.dial4j.dial.Dialer;
import org.dial4j.loop.EventLoop;

/**
 * One attempt: what it meets, on which face, with which dialer or loop, under which deadline; and
 * its end, which must come exactly once ({@link Referee#end}).
 */
final class Attempt {
  final long index;
  final Fault fault;
  final Face face;
  final Target target;
  final Endpoint endpoint;

  /** The deadline, on {@code System.nanoTime()}'s scale. */
  final long deadlineNanos;

  /** The dialer of a Dialer face; the loop of a named connect. */
  final Dialer dialer;

  final EventLoop loop;

  /** How many times the attempt ended: 1 when it is over, and never more. */
  final AtomicInteger ends = new AtomicInteger();

  final CountDownLatch ended = new CountDownLatch(1);

  /** How it ended (its first end). */
  volatile String outcome;

  /** What its fault does to it at a random moment, set by its face's start; null: nothing. */
  volatile Runnable chaos;

  /** What {@code cancel} answered, for the faults that cancel: null until asked. */
  volatile Boolean cancelled;

  Attempt(
      long index,
      Fault fault,
      Face face,
      Target target,
      Endpoint endpoint,
      long deadlineNanos,
      Dialer dialer,
      EventLoop loop) {
    this.index = index;
    this.fault = fault;
    this.face = face;
    this.target = target;
    this.endpoint = endpoint;
    this.deadlineNanos = deadlineNanos;
    this.dialer = dialer;
    this.loop = loop;
  }

  @Override
  public String toString() {
    return "attempt #"
        + index
        + " "
        + fault.label()
        + " "
        + face.label()
        + " "
        + target
        + " ("
        + endpoint
        + ")";
  }
}
