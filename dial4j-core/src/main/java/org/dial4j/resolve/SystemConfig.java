package org.dial4j.resolve;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.dial4j.MonotonicClock;
import org.dial4j.internal.dnsconf.HostsFile;
import org.dial4j.internal.dnsconf.NsSwitchHosts;
import org.dial4j.internal.dnsconf.ResolvConf;
import org.dial4j.internal.dnsconf.ResolvEnvironment;
import org.dial4j.internal.dnsconf.WatchedFile;
import org.jspecify.annotations.Nullable;

/**
 * The resolver's configuration as the system has it: resolv.conf(5) for the settings, hosts(5) and
 * nsswitch.conf(5)'s {@code hosts:} line for the sources before, after and instead of DNS. Each
 * file is checked for a change at most every {@link WatchedFile#DEFAULT_INTERVAL} (Go's 5 s) and
 * read again only when it changed; a missing file means glibc's defaults. The caller's overrides (a
 * builder's servers, search list, timeout, ...) apply on top of resolv.conf through {@code
 * overrides}.
 *
 * <p>Which names go to the system resolver instead, by the sources the line names besides {@code
 * files} and {@code dns}: the {@code mdns} family answers names under {@code .local} (RFC 6762);
 * {@code myhostname} the machine's own name and {@code _gateway} and {@code _outbound}; systemd's
 * {@code resolve} single-label names (its LLMNR; resolv.conf then names its DNS stub, which dial4j
 * asks for the rest); any other source (ldap, nis, sss, winbind, ...), and a line whose {@code
 * files} or {@code dns} has actions other than the default, every name.
 */
public final class SystemConfig implements NameSources {
  private final @Nullable WatchedFile<ResolvConf> resolvConf;
  private final @Nullable WatchedFile<HostsFile> hosts;
  private final @Nullable WatchedFile<NsSwitchHosts> nsswitch;
  private final Function<ResolvConf, DnsSettings> overrides;
  private final ResolvEnvironment env;
  private @Nullable ResolvConf lastConf;
  private @Nullable DnsSettings lastSettings;

  /**
   * A configuration read from these files.
   *
   * @param resolvConfPath resolv.conf, or null to read none (glibc's defaults, and the overrides)
   * @param hostsPath the hosts file, or null to read none (DNS alone)
   * @param nsswitchPath nsswitch.conf, or null to take {@code files dns} (with a hosts file) or
   *     {@code dns}
   * @param overrides makes the settings of a resolv.conf (the builder's values over the file's)
   */
  public SystemConfig(
      @Nullable Path resolvConfPath,
      @Nullable Path hostsPath,
      @Nullable Path nsswitchPath,
      ResolvEnvironment env,
      MonotonicClock clock,
      Function<ResolvConf, DnsSettings> overrides) {
    this.env = env;
    this.resolvConf =
        resolvConfPath == null
            ? null
            : ResolvConf.watch(resolvConfPath, env, WatchedFile.DEFAULT_INTERVAL, clock);
    this.hosts =
        hostsPath == null ? null : WatchedFile.of(hostsPath, HostsFile.fileParser(), clock);
    this.nsswitch =
        nsswitchPath == null
            ? null
            : WatchedFile.of(nsswitchPath, NsSwitchHosts.fileParser(), clock);
    this.overrides = overrides;
  }

  /** The system's own files: /etc/resolv.conf, /etc/hosts, /etc/nsswitch.conf. */
  public static SystemConfig system(
      MonotonicClock clock, Function<ResolvConf, DnsSettings> overrides) {
    return new SystemConfig(
        ResolvConf.PATH,
        HostsFile.PATH,
        NsSwitchHosts.PATH,
        ResolvEnvironment.system(),
        clock,
        overrides);
  }

  /**
   * The settings now; a resolv.conf that cannot be read counts as empty (glibc's defaults), as
   * glibc treats it.
   *
   * @param changed run when the settings differ from the last ones (the cache is then dropped)
   */
  public synchronized DnsSettings settings(Runnable changed) {
    ResolvConf conf = ResolvConf.DEFAULT;
    WatchedFile<ResolvConf> file = resolvConf;
    if (file != null) {
      try {
        conf = file.get();
      } catch (IOException unreadable) {
        conf = ResolvConf.DEFAULT;
      }
    }
    DnsSettings s = lastSettings;
    if (s == null || !conf.equals(lastConf)) {
      DnsSettings made = overrides.apply(conf);
      if (s != null && !made.equals(s)) {
        changed.run();
      }
      lastConf = conf;
      lastSettings = made;
      s = made;
    }
    return s;
  }

  /** The nsswitch line now ({@code files dns}, or {@code dns} without a hosts file, if none). */
  private NsSwitchHosts line() {
    WatchedFile<NsSwitchHosts> n = nsswitch;
    if (n == null) {
      return NsSwitchHosts.ofServices(hosts == null ? "dns" : "files dns");
    }
    try {
      return n.get();
    } catch (IOException | IllegalArgumentException unreadable) {
      return NsSwitchHosts.DEFAULT;
    }
  }

  @Override
  public @Nullable List<InetAddress> hosts(String host) {
    WatchedFile<HostsFile> h = hosts;
    if (h == null || !line().filesBeforeDns()) {
      return null;
    }
    try {
      List<InetAddress> found = h.get().lookup(host);
      return found.isEmpty() ? null : found;
    } catch (IOException unreadable) {
      return null; // glibc's files source is UNAVAIL then, and the next source is asked
    }
  }

  @Override
  public @Nullable List<InetAddress> hostsAfterDns(String host) {
    WatchedFile<HostsFile> h = hosts;
    NsSwitchHosts line = line();
    if (h == null || line.filesBeforeDns() || line.indexOf("files") < 0) {
      return null;
    }
    try {
      List<InetAddress> found = h.get().lookup(host);
      return found.isEmpty() ? null : found;
    } catch (IOException unreadable) {
      return null;
    }
  }

  @Override
  public @Nullable String systemReason(String host) {
    NsSwitchHosts line = line();
    Optional<String> why = line.notServedBecause();
    if (why.isEmpty()) {
      return null;
    }
    for (String source : line.unservedSources()) {
      if (!answersOnly(source)) {
        return why.get(); // ldap, nis, ...: any name may be theirs
      }
    }
    if (line.unservedSources().isEmpty()) {
      return why.get(); // files or dns with other actions: the C library's order decides
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    name = name.toLowerCase(Locale.ROOT);
    for (String source : line.unservedSources()) {
      if (serves(source, name)) {
        return "nsswitch.conf's hosts line lists " + source + ", which answers " + name;
      }
    }
    return null;
  }

  /** Whether {@code source} is one that answers only some names (see {@link #serves}). */
  private static boolean answersOnly(String source) {
    return source.startsWith("mdns") || source.equals("myhostname") || source.equals("resolve");
  }

  private boolean serves(String source, String name) {
    if (source.startsWith("mdns")) {
      return name.endsWith(".local");
    }
    if (source.equals("myhostname")) {
      String own = env.hostName();
      return name.equals("_gateway")
          || name.equals("_outbound")
          || (own != null && name.equals(own.toLowerCase(Locale.ROOT)));
    }
    return source.equals("resolve") && name.indexOf('.') < 0;
  }

  /** The resolv.conf settings of glibc made DNS settings, before any override. */
  public static DnsSettings fromFile(ResolvConf conf) {
    return new DnsSettings(
        conf.nameservers(),
        conf.search(),
        conf.ndots(),
        Duration.ofSeconds(Math.max(1, conf.timeout())), // timeout:0 waits as glibc's 1 s floor
        Math.max(1, conf.attempts()),
        conf.has(ResolvConf.Option.ROTATE),
        conf.has(ResolvConf.Option.USE_VC),
        true);
  }
}
