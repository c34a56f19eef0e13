package org.dial4j.error;

import java.io.Serial;

/**
 * Any other errno from a socket call. A {@link java.net.SocketException}.
 *
 * <p>Made by {@link NetError#of}; carries the errno, operation, network and endpoints.
 */
public final class SocketErrnoException extends java.net.SocketException implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;

  SocketErrnoException(ErrorInfo info) {
    super(info.message());
    this.info = info;
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
