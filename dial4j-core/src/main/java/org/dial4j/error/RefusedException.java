package org.dial4j.error;

import java.io.Serial;

/**
 * ECONNREFUSED: nobody listens at the target, or the peer refused the connection. A {@link
 * java.net.ConnectException}.
 *
 * <p>Made by {@link NetError#of}; carries the errno, operation, network and endpoints.
 */
public final class RefusedException extends java.net.ConnectException implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;

  RefusedException(ErrorInfo info) {
    super(info.message());
    this.info = info;
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
