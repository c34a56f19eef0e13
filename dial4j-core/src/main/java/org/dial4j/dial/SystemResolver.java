package org.dial4j.dial;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.internal.PlatformLookup;
import org.jspecify.annotations.Nullable;

/**
 * {@link Resolver#system()}, where its contract is written: {@link PlatformLookup}, per family. A
 * test gives it lookups of its own (a fake getaddrinfo, a small pool).
 */
final class SystemResolver implements Resolver {
  static final SystemResolver INSTANCE = new SystemResolver(null);

  /** The lookups to use, or null for the process's own (made on the first lookup, not here). */
  private final @Nullable PlatformLookup lookups;

  SystemResolver(@Nullable PlatformLookup lookups) {
    this.lookups = lookups;
  }

  @Override
  public CompletableFuture<List<InetAddress>> lookup(
      String host, Family family, Deadline deadline) {
    return (lookups != null ? lookups : PlatformLookup.system()).lookup(host, family);
  }
}
