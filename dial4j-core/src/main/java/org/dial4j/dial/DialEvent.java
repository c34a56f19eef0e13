package org.dial4j.dial;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.jspecify.annotations.Nullable;

/**
 * What happens during one dial, in order, as a {@link DialListener} sees it. Every event carries
 * {@code at}, the time since the dial started (on the dialer's clock), and the dial's number
 * ({@code dial}, counted per {@link Dialer}) so a listener shared by concurrent dials can tell them
 * apart. Attempts are numbered from 1 in the order they start.
 *
 * <p>A dial to a host name goes: {@link ResolveStart}, one {@link ResolveAnswer} (or {@link
 * ResolveFailed}) per family as each arrives, {@link ResolveEnd}; then {@link AttemptStart} for
 * each address tried (followed by {@link MultipathFallback} where a Multipath TCP socket was
 * refused), each ending in {@link AttemptConnected}, {@link AttemptFailed} or {@link
 * AttemptCancelled}; and last {@link Won} or {@link Failed}. A dial to an IP literal starts with
 * its one {@link AttemptStart}. A family's query still running when the dial ends gives {@link
 * ResolveCancelled}.
 */
public sealed interface DialEvent {
  /** Time since the dial started. */
  Duration at();

  /** The dial's number within its dialer, from 1. */
  long dial();

  /** A one-line description without the time, as {@code dial4j dial --trace} prints it. */
  String describe();

  /** Resolution of {@code host} starts; one query per family in {@code families}. */
  record ResolveStart(Duration at, long dial, String host, List<Family> families)
      implements DialEvent {
    @Override
    public String describe() {
      return "resolve start " + host + " " + families.stream().map(DialText::family).toList();
    }
  }

  /** One family's answer arrived: {@code addresses} in the resolver's order (maybe none). */
  record ResolveAnswer(Duration at, long dial, Family family, List<InetEndpoint> addresses)
      implements DialEvent {
    @Override
    public String describe() {
      return "resolve answer " + DialText.family(family) + " " + addresses;
    }
  }

  /**
   * One DNS query for the family's lookup ended (dial4j's {@link DnsResolver} reports each
   * exchange: its server, transport, time and response code); at the time the race heard of it.
   */
  record DnsQuery(Duration at, long dial, Family family, DnsQueryEvent query) implements DialEvent {
    @Override
    public String describe() {
      return "dns "
          + DialText.family(family)
          + " "
          + query.name()
          + " "
          + query.type()
          + (query.cached() || query.server() == null
              ? " " + query.outcome()
              : " to "
                  + InetEndpoint.of(query.server().getAddress(), query.server().getPort())
                  + (query.tcp() ? " tcp" : " udp")
                  + " "
                  + query.outcome()
                  + " in "
                  + DialText.millis(query.took()));
    }
  }

  /** One family's query failed. */
  record ResolveFailed(Duration at, long dial, Family family, IOException error)
      implements DialEvent {
    @Override
    public String describe() {
      return "resolve failed " + DialText.family(family) + ": " + error.getMessage();
    }
  }

  /** One family's query was still running when the dial ended, and was cancelled. */
  record ResolveCancelled(Duration at, long dial, Family family) implements DialEvent {
    @Override
    public String describe() {
      return "resolve cancelled " + DialText.family(family);
    }
  }

  /**
   * Every family has answered (or failed, or the dial ended first): {@code plan} is the order in
   * which the addresses are tried (RFC 6724 then RFC 8305 interleaving).
   */
  record ResolveEnd(Duration at, long dial, List<InetEndpoint> plan) implements DialEvent {
    @Override
    public String describe() {
      return "resolve end " + plan;
    }
  }

  /**
   * Attempt {@code attempt} starts connecting from {@code source} (null: any) to {@code target}.
   */
  record AttemptStart(
      Duration at, long dial, int attempt, @Nullable InetEndpoint source, InetEndpoint target)
      implements DialEvent {
    @Override
    public String describe() {
      return "attempt "
          + attempt
          + " start "
          + DialText.family(target.family())
          + " "
          + target
          + (source != null ? " from " + source : "");
    }
  }

  /**
   * Attempt {@code attempt} asked for a Multipath TCP socket ({@link Dialer.Builder#multipath}) and
   * the kernel refused it with {@code refused} (EPROTONOSUPPORT: built without MPTCP; ENOPROTOOPT
   * or EINVAL: {@code net.mptcp.enabled} is 0); the attempt goes on over plain TCP. Right after its
   * {@link AttemptStart}.
   */
  record MultipathFallback(Duration at, long dial, int attempt, InetEndpoint target, Errno refused)
      implements DialEvent {
    @Override
    public String describe() {
      return "attempt "
          + attempt
          + " multipath refused "
          + refused.name()
          + ", plain TCP to "
          + target;
    }
  }

  /** Attempt {@code attempt} connected after {@code took}. */
  record AttemptConnected(
      Duration at,
      long dial,
      int attempt,
      InetEndpoint target,
      @Nullable InetEndpoint local,
      Duration took)
      implements DialEvent {
    @Override
    public String describe() {
      return "attempt "
          + attempt
          + " connected "
          + target
          + " local "
          + local
          + " in "
          + DialText.millis(took);
    }
  }

  /** Attempt {@code attempt} failed with {@code errno} after {@code took}. */
  record AttemptFailed(
      Duration at,
      long dial,
      int attempt,
      InetEndpoint target,
      Errno errno,
      IOException error,
      Duration took)
      implements DialEvent {
    @Override
    public String describe() {
      return "attempt "
          + attempt
          + " failed "
          + target
          + " "
          + errno.name()
          + " in "
          + DialText.millis(took);
    }
  }

  /**
   * Attempt {@code attempt} was given up after {@code took}: another won, the dial ended, or it
   * connected after another had won ({@code lateSuccess}; that connection was closed at once).
   */
  record AttemptCancelled(
      Duration at, long dial, int attempt, InetEndpoint target, Duration took, boolean lateSuccess)
      implements DialEvent {
    @Override
    public String describe() {
      return "attempt "
          + attempt
          + (lateSuccess ? " late success closed " : " cancelled ")
          + target
          + " after "
          + DialText.millis(took);
    }
  }

  /**
   * The dial connected: attempt {@code attempt} to {@code remote} from {@code local} won; with a
   * service (Happy Eyeballs v3), {@code binding} is the HTTPS or SVCB record {@code remote} came
   * from (null for the name's plain addresses, and without a service).
   */
  record Won(
      Duration at,
      long dial,
      int attempt,
      InetEndpoint remote,
      @Nullable InetEndpoint local,
      @Nullable ServiceBinding binding)
      implements DialEvent {
    /** A winner without a service binding. */
    public Won(
        Duration at, long dial, int attempt, InetEndpoint remote, @Nullable InetEndpoint local) {
      this(at, dial, attempt, remote, local, null);
    }

    @Override
    public String describe() {
      return "winner attempt "
          + attempt
          + " "
          + remote
          + " local "
          + local
          + (binding == null ? "" : " service " + binding);
    }
  }

  /**
   * Happy Eyeballs v3: the name's service bindings (HTTPS or SVCB ServiceMode records, RFC 9460)
   * came, in priority order; empty when it has none (or the query failed: they are optional).
   */
  record ServiceAnswer(Duration at, long dial, List<ServiceBinding> bindings) implements DialEvent {
    @Override
    public String describe() {
      return "service answer " + bindings;
    }
  }

  /** The dial failed with {@code error} (its errno, and each attempt's failure suppressed). */
  record Failed(Duration at, long dial, IOException error) implements DialEvent {
    @Override
    public String describe() {
      return "failed " + error.getMessage();
    }
  }
}
