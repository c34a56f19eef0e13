package org.dial4j.dial;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.error.Operation;
import org.dial4j.internal.PlatformLookup;
import org.jspecify.annotations.Nullable;

/**
 * Turns a host name into addresses, one family at a time, so that a dial can start on the IPv6
 * answer before the IPv4 one is in (RFC 8305 section 3: "asynchronous DNS queries ... AAAA first,
 * then A").
 *
 * <p>A {@link Dialer} asks once per family it may use and never from an event-loop thread's own
 * blocking call: {@link #lookup} returns at once and completes the future later, on any thread. The
 * dialer cancels a query it no longer needs ({@code future.cancel}); an implementation may stop its
 * work then, or let it finish and have the result ignored.
 *
 * <p>Errors complete the future exceptionally with a {@code NetError} of operation {@link
 * Operation#RESOLVE}: ENOENT when the name has no address at all (the {@code EAI_NONAME} of
 * getaddrinfo), EAGAIN for a temporary failure; a family with no address is an empty list, not an
 * error.
 */
@FunctionalInterface
public interface Resolver {
  /**
   * Starts looking up {@code host}'s addresses of {@code family} (A for {@link Family#INET}, AAAA
   * for {@link Family#INET6}); the dial stops waiting at {@code deadline}.
   *
   * @return a future of the addresses in the order the resolver prefers (maybe empty)
   */
  CompletableFuture<List<InetAddress>> lookup(String host, Family family, Deadline deadline);

  /**
   * Starts looking up the service bindings of {@code host} for {@code scheme} on {@code port}: the
   * ServiceMode records of its HTTPS (for {@code https}) or SVCB answer, AliasMode followed, in
   * priority order (RFC 9460); what Happy Eyeballs version 3 races besides the addresses. The
   * records are optional to a dial: a name without them, or a resolver that cannot ask (this
   * default, and {@link #system()}), answers an empty list, and so does a failed query.
   *
   * @param scheme the URI scheme, lower case ({@code https}, or another for SVCB)
   * @return a future of the bindings, lowest priority first (maybe empty); never failed
   */
  default CompletableFuture<List<ServiceBinding>> services(
      String host, int port, String scheme, Deadline deadline) {
    return CompletableFuture.completedFuture(List.of());
  }

  /**
   * The system resolver ({@link InetAddress#getAllByName}: /etc/hosts, DNS, as the platform is set
   * up), run on a virtual thread, never on the loop. The platform call answers both families at
   * once, so the two families' lookups of one name share one call while it runs. The call itself
   * cannot be interrupted: a dial whose deadline passes first stops waiting for it, and the call
   * finishes in the background (the platform's own resolver timeout bounds it).
   */
  static Resolver system() {
    return SystemResolver.INSTANCE;
  }

  /**
   * A fixed table: each name answers with its addresses of the asked family, in the given order, at
   * once (as {@code dial4j dial --resolve NAME=IP,...} and {@code curl --resolve} do). Names are
   * matched without regard to case; a name not in the table fails with ENOENT.
   */
  static Resolver fixed(Map<String, List<InetAddress>> table) {
    Map<String, List<InetAddress>> copy = new LinkedHashMap<>();
    table.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return (host, family, deadline) -> {
      List<InetAddress> all = copy.get(host.toLowerCase(Locale.ROOT));
      if (all == null) {
        return CompletableFuture.failedFuture(noAddress(host, null));
      }
      return CompletableFuture.completedFuture(only(all, family));
    };
  }

  /** The addresses of {@code all} that are of {@code family}, in order. */
  static List<InetAddress> only(List<InetAddress> all, Family family) {
    List<InetAddress> out = new ArrayList<>(all.size());
    for (InetAddress a : all) {
      if (family == Family.INET ? a instanceof Inet4Address : a instanceof Inet6Address) {
        out.add(a);
      }
    }
    return out;
  }

  /** ENOENT from resolve: {@code host} has no address. */
  static IOException noAddress(String host, @Nullable String why) {
    return PlatformLookup.noAddress(host, why);
  }
}

/** {@link Resolver#system()}. */
final class SystemResolver implements Resolver {
  static final SystemResolver INSTANCE = new SystemResolver();

  private final Map<String, CompletableFuture<List<InetAddress>>> running =
      new ConcurrentHashMap<>();

  @Override
  public CompletableFuture<List<InetAddress>> lookup(
      String host, Family family, Deadline deadline) {
    Objects.requireNonNull(host, "host");
    CompletableFuture<List<InetAddress>> mine = new CompletableFuture<>();
    CompletableFuture<List<InetAddress>> all = running.putIfAbsent(host, mine);
    if (all == null) {
      all = mine;
      // Started only once in the table, so its removal can never come before its insertion.
      Thread.ofVirtual()
          .name("dial4j-resolve")
          .start(
              () -> {
                try {
                  mine.complete(PlatformLookup.all(host));
                } catch (IOException e) {
                  mine.completeExceptionally(e);
                } finally {
                  running.remove(host, mine);
                }
              });
    }
    // A copy per family: cancelling one family's future must not cancel the shared call.
    return all.thenApply(list -> Resolver.only(list, family));
  }
}
