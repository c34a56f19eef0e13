package org.dial4j.dial;

import java.io.IOException;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;

/**
 * Go's {@code net.Dialer.Control}: sees each attempt's socket after {@code socket(2)} and the
 * dialer's socket options, before {@code connect(2)} (and before the source address is bound), to
 * set what the builder does not offer. Set with {@link Dialer.Builder#control}.
 *
 * <p>It runs on the dial's event loop thread, once per attempt, so it must not block. The
 * descriptor is the dialer's: the hook may set options on it but must neither close it, keep it,
 * nor connect it.
 */
@FunctionalInterface
public interface SocketControl {
  /**
   * Sets the socket up.
   *
   * @param fd the attempt's socket, non-blocking, not yet bound or connected
   * @param network {@code tcp4} or {@code tcp6}, the socket's family
   * @param target the address the attempt will connect to
   * @throws IOException fails the attempt (and so, if it was the last address, the dial): with its
   *     errno if it is a {@link org.dial4j.error.NetError}, else EIO, the exception the cause
   */
  void control(int fd, Network network, InetEndpoint target) throws IOException;
}
