package org.dial4j.bench;

import java.util.Map;
import org.dial4j.error.NetError;

/**
 * The errno name cconnect would count a failed connect under, read from the message the JDK or
 * Netty gives (both carry the C library's {@code strerror} text: "Connection refused", Netty's
 * native transport as "connect(..) failed: Connection refused"), or dial4j's own errno when the
 * failure is its {@code NetError}; the exception's class name when the message names none of these.
 */
final class ErrorNames {
  private static final Map<String, String> BY_TEXT =
      Map.of(
          "Connection refused", "ECONNREFUSED",
          "Cannot assign requested address", "EADDRNOTAVAIL",
          "Too many open files", "EMFILE",
          "Connection timed out", "ETIMEDOUT",
          "Connection reset by peer", "ECONNRESET",
          "Network is unreachable", "ENETUNREACH",
          "Address already in use", "EADDRINUSE",
          "No buffer space available", "ENOBUFS");

  private ErrorNames() {}

  /** The errno name for {@code e}, or its class's simple name. */
  static String of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NetError n) {
        return n.errno().name();
      }
      String m = t.getMessage();
      if (m != null) {
        for (Map.Entry<String, String> n : BY_TEXT.entrySet()) {
          if (m.contains(n.getKey())) {
            return n.getValue();
          }
        }
      }
    }
    return e.getClass().getSimpleName();
  }
}
