package org.dial4j.socket;

/** What a {@code connect} that did not fail says. */
public enum ConnectResult {
  /** The connection is established (or, for a datagram socket, the peer is set). */
  CONNECTED,
  /**
   * EINPROGRESS: a non-blocking stream connect has started and goes on in the background; wait for
   * writability, then read {@code SO_ERROR} ({@link PosixSocket#finishConnect}).
   */
  IN_PROGRESS
}
