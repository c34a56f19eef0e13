package org.dial4j.error;

import java.io.Serial;

/**
 * ECANCELED or EINTR: the caller cancelled or interrupted the call before it finished. A {@link
 * java.io.InterruptedIOException}.
 *
 * <p>Made by {@link NetError#of}; carries the errno, operation, network and endpoints.
 */
public final class CanceledException extends java.io.InterruptedIOException implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;

  CanceledException(ErrorInfo info) {
    super(info.message());
    this.info = info;
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
