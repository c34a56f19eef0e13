package org.dial4j.internal.dnsconf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dial4j.error.InvalidArgumentException;

/**
 * The {@code hosts:} line of {@code /etc/nsswitch.conf} (nsswitch.conf(5)): the sources glibc asks
 * in order, each with what to do on each status. Immutable.
 *
 * <p>dial4j serves two sources itself, {@code files} ({@link HostsFile}) and {@code dns}; a name
 * whose lookup would reach any other ({@code myhostname}, {@code mdns4_minimal}, {@code resolve},
 * {@code nis}, ...) belongs to the system resolver, and {@link #unservedSources()} says which.
 *
 * @param sources the sources in order; empty when the line names none (glibc then finds nothing)
 * @param configured whether the file has a {@code hosts} line; false for glibc's default
 */
public record NsSwitchHosts(List<NsSwitchHosts.Source> sources, boolean configured) {
  /** Where glibc reads it ({@code _PATH_NSSWITCH_CONF}). */
  public static final Path PATH = Path.of("/etc/nsswitch.conf");

  /**
   * glibc's line when the file or its {@code hosts} line is missing: {@code files dns} since 2.35
   * (nss_database.c's {@code nss_database_default_dns}, bug 28700); {@code dns [!UNAVAIL=return]
   * files} before.
   */
  public static final NsSwitchHosts DEFAULT =
      new NsSwitchHosts(NsSwitchParser.services("files dns"), false);

  /** What a source answered (nss.h's {@code enum nss_status}, the four an action can name). */
  public enum Status {
    /** Found. */
    SUCCESS,
    /** The source works but has no such name. */
    NOTFOUND,
    /** The source cannot be used (not there, not configured, its service down). */
    UNAVAIL,
    /** A temporary failure (a buffer too small, a server busy). */
    TRYAGAIN
  }

  /** What to do after a status (nsswitch.conf(5)). */
  public enum Action {
    /** Stop with this source's answer. */
    RETURN,
    /** Ask the next source. */
    CONTINUE,
    /** Merge with the next source's answer: getaddrinfo refuses it for hosts (EBUSY). */
    MERGE
  }

  /**
   * One source and its actions.
   *
   * @param name the service's name, as written (the module {@code libnss_NAME.so.2})
   * @param actions the action on each of the four statuses; all four are present
   */
  public record Source(String name, Map<Status, Action> actions) {
    /**
     * A source as given.
     *
     * @throws IllegalArgumentException if a status has no action
     */
    public Source {
      EnumMap<Status, Action> copy = new EnumMap<>(Status.class);
      copy.putAll(actions);
      if (copy.size() != Status.values().length) {
        throw new IllegalArgumentException("every status needs an action: " + actions);
      }
      actions = Collections.unmodifiableMap(copy);
    }

    /** A source with glibc's default actions: RETURN on SUCCESS, CONTINUE on the rest. */
    public static Source of(String name) {
      EnumMap<Status, Action> actions = new EnumMap<>(Status.class);
      for (Status s : Status.values()) {
        actions.put(s, s == Status.SUCCESS ? Action.RETURN : Action.CONTINUE);
      }
      return new Source(name, actions);
    }

    /** The action after {@code status}. */
    public Action on(Status status) {
      Action a = actions.get(status);
      if (a == null) {
        throw new IllegalStateException("no action for " + status); // the constructor forbids it
      }
      return a;
    }

    /** Whether dial4j serves this source itself: {@code files} or {@code dns}. */
    public boolean servedByDial4j() {
      return name.equals("files") || name.equals("dns");
    }

    /** Whether each status has glibc's default action: RETURN on SUCCESS, CONTINUE on the rest. */
    public boolean hasDefaultActions() {
      return actions.equals(of(name).actions());
    }
  }

  /** A line as given; the list is copied. */
  public NsSwitchHosts {
    sources = List.copyOf(sources);
  }

  /**
   * Reads nsswitch.conf text as glibc does: the last {@code hosts} line wins, none means {@link
   * #DEFAULT}, and a last line without a newline is not read at all (nss_database.c stops at end of
   * file before it parses what {@code getline} returned with it).
   *
   * @throws InvalidArgumentException with EINVAL, naming the line, where glibc refuses the whole
   *     file: a bracket it cannot parse on the line of any database it knows (an unknown status or
   *     action, a missing {@code =} or {@code ]}); glibc then fails every lookup, so such a name
   *     belongs to the system resolver
   */
  public static NsSwitchHosts parse(String text) {
    return NsSwitchParser.parse(text);
  }

  /**
   * The services of a {@code hosts:} line alone, such as {@code files [NOTFOUND=return] dns}.
   *
   * @throws InvalidArgumentException with EINVAL where glibc's action parser refuses it
   */
  public static NsSwitchHosts ofServices(String services) {
    return new NsSwitchHosts(NsSwitchParser.services(services), true);
  }

  /**
   * Reads a file as glibc does; a file glibc cannot open for a reason of the file system's contents
   * (missing, not permitted) gives {@link #DEFAULT}.
   *
   * @throws IOException a {@code ResolveException} for any other failure to read
   * @throws InvalidArgumentException where glibc refuses the file (see {@link #parse})
   */
  public static NsSwitchHosts read(Path path) throws IOException {
    return fileParser().parse(ConfFile.read(path));
  }

  /**
   * How a {@link WatchedFile} makes the hosts line: {@link #parse}, or {@link #DEFAULT} for no
   * file; a text glibc refuses throws {@link InvalidArgumentException} from the watched file's get.
   */
  public static WatchedFile.Parser<NsSwitchHosts> fileParser() {
    return text -> text == null ? DEFAULT : parse(text);
  }

  /** Whether {@code files} is asked before {@code dns} (or without {@code dns}). */
  public boolean filesBeforeDns() {
    int files = indexOf("files");
    int dns = indexOf("dns");
    return files >= 0 && (dns < 0 || files < dns);
  }

  /** The first index of a source, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The sources dial4j does not serve, in order (for the resolver's trace). */
  public List<String> unservedSources() {
    List<String> out = new ArrayList<>();
    for (Source s : sources) {
      if (!s.servedByDial4j()) {
        out.add(s.name());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Whether dial4j can answer for the whole line: at least one source, each {@code files} or {@code
   * dns} (in any order) with the default actions. A line with other sources, with criteria ({@code
   * files [NOTFOUND=return] dns}) or with none at all (glibc then finds nothing) belongs to the
   * system resolver; {@link #notServedBecause()} says why.
   */
  public boolean servedByDial4j() {
    return notServedBecause().isEmpty();
  }

  /** Why dial4j does not serve the line, in words for the resolver's trace; empty when it does. */
  public Optional<String> notServedBecause() {
    if (sources.isEmpty()) {
      return Optional.of("nsswitch.conf's hosts line names no source");
    }
    List<String> unserved = unservedSources();
    if (!unserved.isEmpty()) {
      return Optional.of(
          "nsswitch.conf's hosts line names sources dial4j does not serve: "
              + String.join(" ", unserved));
    }
    for (Source s : sources) {
      if (!s.hasDefaultActions()) {
        return Optional.of(
            "nsswitch.conf's hosts line gives " + s.name() + " actions other than the default");
      }
    }
    return Optional.empty();
  }
}
