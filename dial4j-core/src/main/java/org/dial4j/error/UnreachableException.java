package org.dial4j.error;

import java.io.Serial;

/**
 * EHOSTUNREACH, ENETUNREACH, EHOSTDOWN or ENETDOWN: no route to the target. A {@link
 * java.net.NoRouteToHostException}.
 *
 * <p>Made by {@link NetError#of}; carries the errno, operation, network and endpoints.
 */
public final class UnreachableException extends java.net.NoRouteToHostException
    implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;

  UnreachableException(ErrorInfo info) {
    super(info.message());
    this.info = info;
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
