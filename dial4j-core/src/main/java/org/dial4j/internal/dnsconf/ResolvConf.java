package org.dial4j.internal.dnsconf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dial4j.InetEndpoint;
import org.dial4j.MonotonicClock;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;

/**
 * What the stub resolver takes from {@code /etc/resolv.conf} (resolv.conf(5)), with glibc's
 * defaults and caps (res_init.c, resolv.h, bits/types/res_state.h). Immutable.
 *
 * <p>{@link #parse} and {@link #read} read a file exactly as glibc 2.41 does; the constructor takes
 * a configuration made by hand (a test's name server on another port, say) and checks only what
 * glibc's own state could not hold.
 *
 * @param nameservers 1 to {@link #MAXNS} servers in the order to try them, each with its port (53
 *     from a file) and, for IPv6, its zone; 127.0.0.1 alone when the file names none
 * @param search the search list in order, as written: glibc keeps every domain of the line since
 *     2.26 (NEWS: "an arbitrary number of search domains"; the six-domain, 256-byte cap now bounds
 *     only the legacy {@code _res.dnsrch} view), checks none, and drops no trailing dot; {@code ""}
 *     and {@code "."} both stand for the root (res_query.c's {@code __res_context_search})
 * @param ndots the dots a name needs to be tried as is before the search list, 0..{@link
 *     #RES_MAXNDOTS}
 * @param timeout seconds for a first query to one server, 0 or more ({@link #RES_MAXRETRANS} at
 *     most from a file); res_send.c waits at least 1 second whatever it says
 * @param attempts how many times the whole server list is tried, 0 or more ({@link #RES_MAXRETRY}
 *     at most from a file); 0 sends nothing, as in res_send.c
 * @param options the flags set by {@code options} lines and {@code RES_OPTIONS}
 */
public record ResolvConf(
    List<InetEndpoint> nameservers,
    List<String> search,
    int ndots,
    int timeout,
    int attempts,
    Set<ResolvConf.Option> options) {

  /** Where glibc reads it ({@code _PATH_RESCONF}). */
  public static final Path PATH = Path.of("/etc/resolv.conf");

  /** The most name servers glibc uses; later {@code nameserver} lines are ignored (resolv.h). */
  public static final int MAXNS = 3;

  /** The port of a name server read from the file ({@code NAMESERVER_PORT}, RFC 1035). */
  public static final int NAMESERVER_PORT = 53;

  /** The default and the cap of {@code ndots}: 1 and 15, the width of res_state's bit field. */
  public static final int RES_MAXNDOTS = 15;

  /** The default {@code timeout} in seconds ({@code RES_TIMEOUT}). */
  public static final int RES_TIMEOUT = 5;

  /** The cap of {@code timeout:n} in seconds ({@code RES_MAXRETRANS}). */
  public static final int RES_MAXRETRANS = 30;

  /** The default {@code attempts} ({@code RES_DFLRETRY}). */
  public static final int RES_DFLRETRY = 2;

  /** The cap of {@code attempts:n} ({@code RES_MAXRETRY}). */
  public static final int RES_MAXRETRY = 5;

  /** What glibc uses with no file, no environment and no host name: 127.0.0.1 port 53, alone. */
  public static final ResolvConf DEFAULT = parse("", ResolvEnvironment.NONE);

  /**
   * The flags of glibc 2.41's {@code res_setoptions} (resolv.conf(5), res_init.c), each with its
   * word. An option glibc does not know is ignored silently: {@code inet6} (removed in 2.30),
   * {@code ip6-bytestring}, {@code ip6-dotint}, BSD's {@code tcp} and {@code usevc}.
   */
  public enum Option {
    /** {@code rotate}: start at a random server of the list (RES_ROTATE; random since 2.26). */
    ROTATE("rotate"),
    /** {@code edns0}: send an EDNS(0) OPT record, RFC 6891 (RES_USE_EDNS0). */
    EDNS0("edns0"),
    /** {@code single-request}: the A and AAAA queries one after the other (RES_SNGLKUP). */
    SINGLE_REQUEST("single-request"),
    /**
     * {@code single-request-reopen}: one after the other, on a new socket for the second
     * (RES_SNGLKUPREOP); res_send.c treats it as implying {@link #SINGLE_REQUEST}.
     */
    SINGLE_REQUEST_REOPEN("single-request-reopen"),
    /** {@code no-tld-query} (or {@code no_tld_query}): never send a name without a dot as is. */
    NO_TLD_QUERY("no-tld-query"),
    /**
     * {@code no-reload}: do not re-read the file when it changes (RES_NORELOAD); {@link #watch}
     * honours it.
     */
    NO_RELOAD("no-reload"),
    /** {@code use-vc}: TCP for every query (RES_USEVC). */
    USE_VC("use-vc"),
    /** {@code trust-ad}: set the AD bit in queries and keep it in answers (RES_TRUSTAD). */
    TRUST_AD("trust-ad"),
    /** {@code no-aaaa}: send no AAAA query; DNS only, not /etc/hosts (RES_NOAAAA, 2.36). */
    NO_AAAA("no-aaaa"),
    /**
     * {@code strict-error}: a failed half of an A/AAAA pair fails the pair (RES_STRICTERR, 2.41).
     */
    STRICT_ERROR("strict-error");

    private final String word;

    Option(String word) {
      this.word = word;
    }

    /** The word in {@code resolv.conf}. */
    public String word() {
      return word;
    }
  }

  /**
   * A configuration as given.
   *
   * @throws InvalidArgumentException with EINVAL for no name server or more than {@link #MAXNS}, an
   *     {@code ndots} outside 0..15, a negative {@code timeout} or {@code attempts}
   */
  public ResolvConf {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
    options =
        Collections.unmodifiableSet(
            options.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(options));
    if (nameservers.isEmpty() || nameservers.size() > MAXNS) {
      throw invalid(nameservers.toString(), "a resolver has 1 to " + MAXNS + " name servers");
    }
    if (ndots < 0 || ndots > RES_MAXNDOTS) {
      throw invalid(Integer.toString(ndots), "ndots is outside 0.." + RES_MAXNDOTS);
    }
    if (timeout < 0) {
      throw invalid(Integer.toString(timeout), "the timeout is negative");
    }
    if (attempts < 0) {
      throw invalid(Integer.toString(attempts), "attempts is negative");
    }
  }

  /**
   * Reads resolv.conf text as glibc does.
   *
   * @param text the file's text; empty for a missing file (glibc makes no difference)
   * @param env the environment and host name glibc consults
   * @return the configuration; never fails, as glibc ignores what it cannot read
   */
  public static ResolvConf parse(String text, ResolvEnvironment env) {
    return ResolvConfParser.parse(text, env);
  }

  /**
   * Reads a file as glibc does; a file glibc cannot open for a reason of the file system's contents
   * (missing, not permitted) reads as empty.
   *
   * @throws IOException a {@code ResolveException} for any other failure to read
   */
  public static ResolvConf read(Path path, ResolvEnvironment env) throws IOException {
    return fileParser(env).parse(ConfFile.read(path));
  }

  /**
   * The file watched as glibc re-reads it: checked at most once per interval, reparsed when it
   * changed, never again once it sets {@code no-reload}.
   *
   * @param path the file, {@link #PATH} for the system's
   * @param env the environment and host name glibc consults
   * @param interval the least time between two checks ({@link WatchedFile#DEFAULT_INTERVAL})
   * @param clock the clock the interval is measured on
   */
  public static WatchedFile<ResolvConf> watch(
      Path path, ResolvEnvironment env, Duration interval, MonotonicClock clock) {
    return WatchedFile.of(path, fileParser(env), interval, clock, c -> c.has(Option.NO_RELOAD));
  }

  /**
   * How a {@link WatchedFile} makes a configuration: {@link #parse} of the text, no file read as
   * empty ({@code WatchedFile.of(ResolvConf.PATH, ResolvConf.fileParser(env), clock)}).
   */
  public static WatchedFile.Parser<ResolvConf> fileParser(ResolvEnvironment env) {
    return text -> parse(text == null ? "" : text, env);
  }

  /** Whether an option is set. */
  public boolean has(Option option) {
    return options.contains(option);
  }

  /** The same with other name servers (a test server on a port of its own, say). */
  public ResolvConf withNameservers(List<InetEndpoint> servers) {
    return new ResolvConf(servers, search, ndots, timeout, attempts, options);
  }

  private static InvalidArgumentException invalid(String input, String why) {
    return new InvalidArgumentException(Errno.EINVAL, input, why);
  }
}
