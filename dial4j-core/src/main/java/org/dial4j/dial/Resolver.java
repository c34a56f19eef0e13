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
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
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
   * As {@link #lookup(String, Family, Deadline)}, telling {@code trace} of each DNS query as it
   * ends (on any thread), so a dial can show its queries on its own timeline. This default asks no
   * DNS server of its own and reports nothing; {@link DnsResolver} reports each exchange.
   */
  default CompletableFuture<List<InetAddress>> lookup(
      String host, Family family, Deadline deadline, Consumer<DnsQueryEvent> trace) {
    return lookup(host, family, deadline);
  }

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
   * The system resolver: getaddrinfo(3) of the C library, one call per family ({@code ai_family}
   * AF_INET6 or AF_INET, {@code SOCK_STREAM}, no {@code AI_ADDRCONFIG}), so the sources and their
   * order are the platform's (nsswitch.conf: /etc/hosts, DNS as resolv.conf says, ...), and an A
   * answer reaches the dial without waiting for the AAAA one (RFC 8305 section 3's Resolution Delay
   * then applies). Each list is in getaddrinfo's order, without repeats.
   *
   * <p>A family with no address: glibc says EAI_NONAME (or EAI_NODATA) both when the name does not
   * exist and when it has addresses of the other family only, so such an answer waits for the other
   * family's call (the same shared call a dial asking both families makes anyway; made for it if
   * not): an empty list if that family has an address, else ENOENT, with this family's text.
   *
   * <p>The calls run on a small pool of platform threads, never on the loop and never on a virtual
   * thread (the C call holds its thread, a virtual thread's carrier too): at most 8, made on
   * demand, daemons, each ended after 30 s without work, with up to 256 lookups queued behind them;
   * a lookup that finds the queue full fails at once with EAGAIN. Lookups of the same name and
   * family while a call for them is in flight share that call (and an answer already made is handed
   * to whoever asks while the name's other family is still in flight). The call cannot be
   * interrupted: a caller that cancels its future (a dial whose deadline passed) stops waiting, and
   * nobody else; the call finishes in the background (resolv.conf's timeouts bound it) for those
   * still waiting; a call still queued when nobody waits for its name, in either family, is not
   * made.
   *
   * <p>Failures: ENOENT when the name has no address at all (EAI_NONAME, EAI_NODATA,
   * EAI_ADDRFAMILY), EAGAIN for a temporary one (EAI_AGAIN: a DNS server timed out or said
   * SERVFAIL; the queue full), ENOMEM (EAI_MEMORY), EIO for a non-recoverable one (EAI_FAIL, and
   * any other code), EAI_SYSTEM's errno; each a {@code ResolveException} (operation resolve) naming
   * the host, with the C library's text (gai_strerror(3)). The {@code deadline} is the caller's to
   * keep.
   *
   * <p>A {@link Dialer} and {@code EventLoop.resolve} never ask it for an IP literal ({@link
   * org.dial4j.Endpoint#parse} makes one an address, not a name); asked for one directly, it gives
   * it to getaddrinfo, which answers it without a query.
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
