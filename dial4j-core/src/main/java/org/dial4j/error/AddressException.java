package org.dial4j.error;

import java.io.Serial;

/**
 * EADDRINUSE or EADDRNOTAVAIL: the local address is taken or absent, or no ephemeral port is left.
 * A {@link java.net.BindException}.
 *
 * <p>Made by {@link NetError#of}; carries the errno, operation, network and endpoints.
 */
public final class AddressException extends java.net.BindException implements NetError {
  @Serial private static final long serialVersionUID = 1L;

  private final transient ErrorInfo info;

  AddressException(ErrorInfo info) {
    super(info.message());
    this.info = info;
  }

  @Override
  public ErrorInfo info() {
    return info;
  }
}
