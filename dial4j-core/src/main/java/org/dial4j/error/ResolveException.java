package org.dial4j.error;

import java.io.Serial;

/**
 * A host name could not be turned into addresses (operation {@code resolve}): ENOENT, EAGAIN and
 * the like. A {@link java.net.UnknownHostException}. A deadline that passes while a name resolves
 * is a {@link TimedOutException} (operation {@code resolve}), and a cancelled resolution a {@link
 * CanceledException}, as in every other operation.
 *
 * <p>Made by {@link NetError#of}; carries the errno, operation, network and endpoints.
 */
public final class ResolveException extends java.net.UnknownHostException implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;

  ResolveException(ErrorInfo info) {
    super(info.message());
    this.info = info;
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
