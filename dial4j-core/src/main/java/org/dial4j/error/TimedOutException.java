package org.dial4j.error;

import java.io.Serial;

/**
 * ETIMEDOUT: a deadline passed, or the kernel gave up on the handshake. A {@link
 * java.net.SocketTimeoutException}.
 *
 * <p>Made by {@link NetError#of}; carries the errno, operation, network and endpoints.
 */
public final class TimedOutException extends java.net.SocketTimeoutException implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;

  TimedOutException(ErrorInfo info) {
    super(info.message());
    this.info = info;
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
