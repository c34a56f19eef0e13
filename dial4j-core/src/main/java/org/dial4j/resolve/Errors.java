package org.dial4j.resolve;

import java.io.IOException;
import java.util.List;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.dns.DnsName;
import org.jspecify.annotations.Nullable;

/** The resolver's own failures, each a {@code NetError} of operation resolve naming the host. */
final class Errors {
  private Errors() {}

  /** ENOENT: every name {@code host} was tried as does not exist. */
  static IOException noSuchHost(String host, List<DnsName> tried) {
    StringBuilder names = new StringBuilder();
    for (DnsName n : tried) {
      names.append(names.isEmpty() ? "" : ", ").append(n);
    }
    String detail =
        tried.size() == 1 && tried.get(0).toString().equalsIgnoreCase(host + ".")
            ? "no such host " + host
            : "no such host " + host + " (tried " + names + ")";
    return NetError.of(Errno.ENOENT, Operation.RESOLVE, detail);
  }

  /** ETIMEDOUT: the lookup's deadline passed. */
  static IOException timedOut(String host, String why) {
    return NetError.of(Errno.ETIMEDOUT, Operation.RESOLVE, "looking up " + host + ": " + why);
  }

  /** ECANCELED: the lookup was cancelled. */
  static IOException canceled(String host) {
    return NetError.of(Errno.ECANCELED, Operation.RESOLVE, "looking up " + host + ": cancelled");
  }

  /** EINVAL: {@code host} is no DNS name. */
  static IOException invalid(String host, @Nullable String why) {
    return NetError.of(
        Errno.EINVAL, Operation.RESOLVE, "\"" + host + "\" is not a DNS name: " + why);
  }
}
