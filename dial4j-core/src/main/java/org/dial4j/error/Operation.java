package org.dial4j.error;

/**
 * The operation that failed, as the first word of every dial4j error message (Go's {@code
 * OpError.Op}): {@code connect tcp 127.0.0.1:40000->127.0.0.1:9: ECONNREFUSED ...}.
 */
public enum Operation {
  /** Reading an address, a port, a network name or another argument. */
  PARSE("parse"),
  /** Turning a host name into addresses. */
  RESOLVE("resolve"),
  /** Creating a socket. */
  SOCKET("socket"),
  /** Binding a local address. */
  BIND("bind"),
  /** Marking a socket as listening. */
  LISTEN("listen"),
  /** Accepting a connection. */
  ACCEPT("accept"),
  /** Connecting, or waiting for a connect to finish. */
  CONNECT("connect"),
  /** Sending. */
  SEND("send"),
  /** Receiving. */
  RECV("recv"),
  /** Shutting down one or both directions. */
  SHUTDOWN("shutdown"),
  /** Closing. */
  CLOSE("close"),
  /** Setting a socket option. */
  SETSOCKOPT("setsockopt"),
  /** Reading a socket option. */
  GETSOCKOPT("getsockopt"),
  /** Reading a socket's local or peer address. */
  GETNAME("getname"),
  /** Waiting for readiness. */
  POLL("poll"),
  /** Reading or setting a process resource limit (the descriptor limit, RLIMIT_NOFILE). */
  RLIMIT("rlimit");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  /** The word used in messages, e.g. {@code connect}. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
