package org.dial4j.error;

import java.util.Objects;
import org.dial4j.Endpoint;
import org.dial4j.Network;
import org.jspecify.annotations.Nullable;

/**
 * The fields every {@link NetError} carries, and the message they make.
 *
 * @param errno the error number; not null
 * @param op the operation that failed; not null
 * @param network the network, or null if unknown
 * @param source the local endpoint, or null if unknown
 * @param target the remote endpoint, or null if there was none
 * @param detail what dial4j adds to the kernel's word, or null
 */
public record ErrorInfo(
    Errno errno,
    Operation op,
    @Nullable Network network,
    @Nullable Endpoint source,
    @Nullable Endpoint target,
    @Nullable String detail) {

  public ErrorInfo {
    Objects.requireNonNull(errno, "errno");
    Objects.requireNonNull(op, "op");
  }

  /**
   * {@code <op> <network> <source>-><target>: <ERRNO> (<message>)[: <detail>]}, leaving out what is
   * unknown: {@code connect tcp 127.0.0.1:40000->127.0.0.1:9: ECONNREFUSED (Connection refused)}.
   */
  public String message() {
    StringBuilder sb = new StringBuilder(96).append(op.label());
    if (network != null) {
      sb.append(' ').append(network.label());
    }
    if (source != null || target != null) {
      sb.append(' ');
      if (source != null) {
        sb.append(source);
      }
      if (source != null && target != null) {
        sb.append("->");
      }
      if (target != null) {
        sb.append(target);
      }
    }
    sb.append(": ").append(errno.describe());
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }
}
