package org.dial4j.dial;

import java.net.SocketOption;

/**
 * dial4j's own socket options, for the Linux options {@link java.net.StandardSocketOptions} and
 * {@link jdk.net.ExtendedSocketOptions} do not name; {@link Connection#setOption} and {@link
 * Connection#getOption} take them with the standard ones.
 */
public final class DialSocketOptions {
  private DialSocketOptions() {}

  /**
   * {@code TCP_USER_TIMEOUT} (tcp(7), RFC 5482): how long, in milliseconds, sent data may stay
   * unacknowledged (or a keep-alive probe unanswered) before the kernel ends the connection with
   * ETIMEDOUT. 0 is the kernel's default (its retransmission limits); a negative value is an {@link
   * IllegalArgumentException}.
   */
  public static final SocketOption<Integer> TCP_USER_TIMEOUT =
      new Option<>("TCP_USER_TIMEOUT", Integer.class);

  /**
   * {@code SO_MARK} (socket(7)): the mark the socket's packets carry for policy routing and
   * netfilter; any 32-bit value (read as unsigned by the kernel), 0 for none. Setting it needs
   * {@code CAP_NET_ADMIN} (or {@code CAP_NET_RAW}), else EPERM.
   */
  public static final SocketOption<Integer> SO_MARK = new Option<>("SO_MARK", Integer.class);

  /**
   * {@code SO_BINDTODEVICE} (socket(7)): the network interface the socket is bound to (its packets
   * leave and arrive only there), by name; empty for none. A name of 16 bytes or more (IFNAMSIZ
   * with its NUL) or holding a NUL is an {@link IllegalArgumentException}; an interface that does
   * not exist fails ENODEV; setting it without {@code CAP_NET_RAW} may fail EPERM.
   */
  public static final SocketOption<String> SO_BINDTODEVICE =
      new Option<>("SO_BINDTODEVICE", String.class);

  /** A named option of one value type. */
  private record Option<T>(String name, Class<T> type) implements SocketOption<T> {
    @Override
    public String toString() {
      return name;
    }
  }
}
