package org.dial4j.internal;

import java.io.IOException;

/**
 * What a connect does to its socket between {@code socket(2)} and {@code connect(2)}: the protocol
 * it asks {@code socket(2)} for, and the options it sets (the dialer's socket options and its
 * control hook). The loop's named connect calls it on the thread that starts the connect; a failure
 * closes the socket and fails the connect at once.
 */
public interface SocketSetup {
  /**
   * The protocol to ask {@code socket(2)} for first: 0 (plain TCP) or {@code IPPROTO_MPTCP}. Where
   * the kernel refuses another protocol (EPROTONOSUPPORT, EINVAL, ENOPROTOOPT), the connect makes a
   * plain TCP socket instead and says so to {@link #prepare}.
   */
  int protocol();

  /**
   * Sets the socket up, after {@code socket(2)} and before any {@code bind(2)} or {@code
   * connect(2)}.
   *
   * @param fd the new socket
   * @param refused 0, or the errno with which the kernel refused {@link #protocol()} (the socket is
   *     then plain TCP)
   * @throws IOException the failure that ends the connect (the socket is closed by the caller)
   */
  void prepare(int fd, int refused) throws IOException;
}
