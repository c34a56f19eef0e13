package org.dial4j.soak;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;

/**
 * Where each {@link Target} is: the loopback peers' endpoints the parent made, the routed ones'
 * fixed addresses, and the two names at {@link Target#LIVE4}'s port. Passed to a child as {@code
 * --target KIND=ENDPOINT} arguments.
 */
final class Targets {
  private final Map<Target, Endpoint> at = new EnumMap<>(Target.class);

  /** The peers' endpoints; the routed targets and the names are added from them. */
  Targets(Map<Target, InetEndpoint> peers) {
    at.putAll(peers);
    for (Target t : Target.values()) {
      if (t.isRouted()) {
        at.put(t, Endpoint.parse(t.fixed));
      }
    }
    InetEndpoint live = peers.get(Target.LIVE4);
    if (live != null) {
      at.put(Target.SILENT_FIRST, Endpoint.parse(Target.SILENT_NAME + ":" + live.port()));
      at.put(Target.ROUTED_FIRST, Endpoint.parse(Target.ROUTED_NAME + ":" + live.port()));
    }
  }

  /** The endpoint of {@code t}; an {@code InetEndpoint}, or a {@code HostEndpoint} for a name. */
  Endpoint of(Target t) {
    Endpoint e = at.get(t);
    if (e == null) {
      throw new IllegalStateException("this phase has no " + t);
    }
    return e;
  }

  boolean has(Target t) {
    return at.containsKey(t);
  }

  /** Where a connection to {@code t} must end up: the live IPv4 listener for the names. */
  Endpoint expectedRemote(Target t) {
    return t.isName() ? of(Target.LIVE4) : of(t);
  }

  /** The resolver table of the two names. */
  static Map<String, List<InetAddress>> names() {
    return Map.of(
        Target.SILENT_NAME, addresses(Target.SILENT_ADDRESSES),
        Target.ROUTED_NAME, addresses(Target.ROUTED_ADDRESSES));
  }

  private static List<InetAddress> addresses(List<String> literals) {
    return literals.stream().map(InetAddress::ofLiteral).toList();
  }

  /** The peers as a child's arguments. */
  List<String> arguments() {
    List<String> args = new ArrayList<>();
    at.forEach(
        (t, e) -> {
          if (!t.isRouted() && !t.isName()) {
            args.add("--target");
            args.add(t.name() + "=" + e);
          }
        });
    return args;
  }

  /** Reads {@code KIND=ENDPOINT} values of {@code --target} arguments back. */
  static Targets parse(List<String> values) {
    Map<Target, InetEndpoint> peers = new EnumMap<>(Target.class);
    for (String v : values) {
      int eq = v.indexOf('=');
      peers.put(Target.valueOf(v.substring(0, eq)), Endpoint.parseInet(v.substring(eq + 1)));
    }
    return new Targets(peers);
  }
}
