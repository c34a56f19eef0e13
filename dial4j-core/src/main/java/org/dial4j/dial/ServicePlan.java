package org.dial4j.dial;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Happy Eyeballs version 3's half of a dial's planning: which endpoint comes from which service
 * binding (RFC 9460's HTTPS or SVCB ServiceMode records), and in which group it is tried. A race
 * with a service feeds it every answer as it comes (the name's A and AAAA, its bindings, each other
 * target's A and AAAA) and adds the endpoints it returns to the {@link AttemptPlan}, which orders
 * them by {@link #rank} before RFC 6724 and the families' interleaving.
 *
 * <ul>
 *   <li>The bindings are tried in priority order, lowest first (RFC 9460 section 2.4.1); a binding
 *       that a TCP connection cannot use (its {@code alpn} only QUIC's h3 with {@code
 *       no-default-alpn}) is left out.
 *   <li>A binding's endpoints are its target's addresses on its {@code port} (or the dial's): the
 *       name's own A and AAAA answers for a target that is the name ({@code .} in the record), else
 *       the target's, which the race looks up ({@link #targets}). Until the target's answer of a
 *       family comes, that family's {@code ipv4hint}/{@code ipv6hint} addresses stand in for it
 *       (section 7.3); once it has come, the hints of that family not tried yet give way ({@link
 *       #superseded}).
 *   <li>The name's own addresses that no binding covers are tried after every binding's (section 3:
 *       the origin's addresses are the fallback of a client that may use them).
 * </ul>
 */
final class ServicePlan {
  private final String host;
  private final int port;
  private final Map<InetEndpoint, Integer> rank = new HashMap<>();
  private final Map<InetEndpoint, ServiceBinding> bindingOf = new HashMap<>();
  private final Map<String, Map<Family, List<InetAddress>>> answers = new HashMap<>();
  private final Set<InetEndpoint> hints = new LinkedHashSet<>();

  private List<ServiceBinding> bindings = List.of();
  private boolean bindingsKnown;

  ServicePlan(String host, int port) {
    this.host = key(host);
    this.port = port;
  }

  private static String key(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }

  /** Whether the bindings have come (an empty list included). */
  boolean bindingsKnown() {
    return bindingsKnown;
  }

  /**
   * The bindings came: their endpoints so far (hints, and the addresses of targets already
   * answered), to add to the plan.
   */
  List<InetEndpoint> bindings(List<ServiceBinding> all) {
    bindingsKnown = true;
    List<ServiceBinding> usable = new ArrayList<>(all.size());
    for (ServiceBinding b : all) {
      if (usableOverTcp(b)) {
        usable.add(b);
      }
    }
    bindings = List.copyOf(usable);
    List<InetEndpoint> out = new ArrayList<>();
    for (int i = 0; i < bindings.size(); i++) {
      ServiceBinding b = bindings.get(i);
      Map<Family, List<InetAddress>> known = answers.get(key(b.target()));
      for (Family f : Family.values()) {
        List<InetAddress> real = known == null ? null : known.get(f);
        if (real != null) {
          endpoints(out, b, i, real, false);
        } else {
          endpoints(out, b, i, f == Family.INET ? b.ipv4Hints() : b.ipv6Hints(), true);
        }
      }
    }
    // The name's own addresses: under a binding that targets the name, else the fallback (their
    // rank was set when they came, before the bindings; the loop above re-ranked those covered).
    return out;
  }

  /** Whether a usable binding hints at addresses of {@code family}. */
  boolean hasHints(Family family) {
    for (ServiceBinding b : bindings) {
      if (!(family == Family.INET ? b.ipv4Hints() : b.ipv6Hints()).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The other targets whose addresses the race must look up, each once. */
  List<String> targets() {
    List<String> out = new ArrayList<>();
    for (ServiceBinding b : bindings) {
      String t = key(b.target());
      if (!t.equals(host) && !out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * One family's addresses of {@code name} (the dial's host, or a binding's target) came: their
   * endpoints, to add to the plan.
   */
  List<InetEndpoint> answer(String name, Family family, List<InetAddress> addresses) {
    String n = key(name);
    answers.computeIfAbsent(n, k -> new HashMap<>()).put(family, List.copyOf(addresses));
    List<InetEndpoint> out = new ArrayList<>();
    for (int i = 0; i < bindings.size(); i++) {
      ServiceBinding b = bindings.get(i);
      if (key(b.target()).equals(n)) {
        endpoints(out, b, i, addresses, false);
      }
    }
    if (n.equals(host)) {
      // The origin's own addresses on the dial's port, last (RFC 9460 section 3: an SVCB-optional
      // client falls back to them once every binding has failed; draft-ietf-happy-happyeyeballs-
      // v3-04 section 5.2: addresses with no service go at the end). An endpoint a binding on the
      // same port has already is that binding's.
      for (InetAddress a : addresses) {
        InetEndpoint e = InetEndpoint.of(a, port);
        rank.putIfAbsent(e, Integer.MAX_VALUE);
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Whether {@code e} is no longer to be tried (the race drops it if not tried yet): a hint whose
   * target's real answer of its family has come without it (RFC 9460 section 7.3: hints stand in
   * only until then).
   */
  boolean superseded(InetEndpoint e) {
    if (!hints.contains(e)) {
      return false;
    }
    ServiceBinding b = bindingOf.get(e);
    if (b == null) {
      return false;
    }
    Map<Family, List<InetAddress>> known = answers.get(key(b.target()));
    List<InetAddress> real = known == null ? null : known.get(e.family());
    return real != null && !real.contains(e.toInetAddress());
  }

  /** The group {@code e} is tried in: its binding's place in priority order, the fallback last. */
  int rank(InetEndpoint e) {
    Integer r = rank.get(e);
    return r == null ? Integer.MAX_VALUE : r;
  }

  /** The binding {@code e} came from, or null for the name's plain addresses. */
  @Nullable ServiceBinding bindingOf(InetEndpoint e) {
    return bindingOf.get(e);
  }

  private void endpoints(
      List<InetEndpoint> out, ServiceBinding b, int i, List<InetAddress> addresses, boolean hint) {
    int p = b.port().orElse(port);
    for (InetAddress a : addresses) {
      InetEndpoint e = InetEndpoint.of(a, p);
      Integer had = rank.get(e);
      if (had == null || had > i) {
        rank.put(e, i);
        bindingOf.put(e, b);
      }
      if (hint) {
        hints.add(e);
      } else {
        hints.remove(e);
      }
      out.add(e);
    }
  }

  /**
   * Whether a TCP connection can use {@code b}: not if its protocols are only QUIC's (every {@code
   * alpn} ID h3 or a draft h3-NN, and {@code no-default-alpn}, so the scheme's default protocol
   * over TCP is not offered either; RFC 9460 section 7.1.2).
   */
  static boolean usableOverTcp(ServiceBinding b) {
    if (!b.noDefaultAlpn()) {
      return true;
    }
    for (String id : b.alpn()) {
      if (!id.equals("h3") && !id.startsWith("h3-")) {
        return true;
      }
    }
    return false;
  }
}
