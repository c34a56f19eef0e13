package org.dial4j.internal.dnsconf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dial4j.InetEndpoint;
import org.dial4j.IpLiterals;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.internal.dnsconf.ResolvConf.Option;
import org.jspecify.annotations.Nullable;

/**
 * glibc 2.41's resolv.conf reader, {@code res_vinit_1} and {@code res_setoptions} of res_init.c,
 * step for step: {@code LOCALDOMAIN} first (it silences the file's {@code domain} and {@code
 * search} lines), then the file line by line, then 127.0.0.1 if no server was read, the host name's
 * domain if the search list is still empty, and {@code RES_OPTIONS} last.
 *
 * <p>A keyword counts only at the very start of a line and followed by a space or a tab ({@code
 * MATCH}); a comment is a line whose first character is {@code #} or {@code ;}, and nothing else
 * is: {@code search a # b} searches {@code a}, {@code #} and {@code b}, as glibc does. Blanks are
 * spaces and tabs only, so a CRLF file leaves a {@code \r} on every value (which breaks its {@code
 * nameserver} lines in glibc as here).
 */
final class ResolvConfParser {
  /**
   * res_setoptions' flag table, in its order: the first word that the option's text starts with
   * wins ({@code strncmp} on the word's length), so {@code rotatefoo} is {@code rotate} and {@code
   * single-request-reopen} must come before {@code single-request}.
   */
  private static final List<Map.Entry<String, Option>> FLAGS =
      List.of(
          Map.entry("rotate", Option.ROTATE),
          Map.entry("edns0", Option.EDNS0),
          Map.entry("single-request-reopen", Option.SINGLE_REQUEST_REOPEN),
          Map.entry("single-request", Option.SINGLE_REQUEST),
          Map.entry("no_tld_query", Option.NO_TLD_QUERY),
          Map.entry("no-tld-query", Option.NO_TLD_QUERY),
          Map.entry("no-reload", Option.NO_RELOAD),
          Map.entry("use-vc", Option.USE_VC),
          Map.entry("trust-ad", Option.TRUST_AD),
          Map.entry("no-aaaa", Option.NO_AAAA),
          Map.entry("strict-error", Option.STRICT_ERROR));

  private final List<InetEndpoint> nameservers = new ArrayList<>();
  private List<String> search = new ArrayList<>();
  private final EnumSet<Option> options = EnumSet.noneOf(Option.class);
  // As res_setoptions stores them, before the conversion to res_state's fields.
  private int ndots = 1;
  private int retrans = ResolvConf.RES_TIMEOUT;
  private int retry = ResolvConf.RES_DFLRETRY;

  private ResolvConfParser() {}

  static ResolvConf parse(String text, ResolvEnvironment env) {
    ResolvConfParser p = new ResolvConfParser();
    String localDomain = env.localDomain();
    boolean haveEnv = localDomain != null;
    if (localDomain != null) {
      p.search = localDomain(localDomain);
    }
    for (String line : CText.lines(text)) {
      p.line(line, haveEnv);
    }
    if (p.nameservers.isEmpty()) {
      // INADDR_LOOPBACK only: glibc adds no ::1 (Go's defaultNS has both).
      p.nameservers.add(InetEndpoint.of(new byte[] {127, 0, 0, 1}, ResolvConf.NAMESERVER_PORT));
    }
    String host = env.hostName();
    if (p.search.isEmpty() && host != null) {
      // domain_from_hostname: all that follows the first dot, even "" for "host."
      int dot = host.indexOf('.');
      if (dot >= 0) {
        p.search.add(host.substring(dot + 1));
      }
    }
    String resOptions = env.resOptions();
    if (resOptions != null) {
      p.options(resOptions, 0);
    }
    return new ResolvConf(
        p.nameservers.subList(0, Math.min(p.nameservers.size(), ResolvConf.MAXNS)),
        p.search,
        // res_state's "unsigned ndots:4" keeps the low 4 bits of what resolv_conf.c copies in, so
        // ndots:-1 is 15 (the value res_query.c compares); Go reads it as 0.
        (p.ndots <= ResolvConf.RES_MAXNDOTS ? p.ndots : ResolvConf.RES_MAXNDOTS) & 0xf,
        // A negative timeout or attempts count acts as 0 in res_send.c (at least 1 second; no try).
        Math.max(0, Math.min(p.retrans, ResolvConf.RES_MAXRETRANS)),
        Math.max(0, Math.min(p.retry, ResolvConf.RES_MAXRETRY)),
        p.options);
  }

  /**
   * LOCALDOMAIN's search list: cut at its first newline, then the text up to the first blank (even
   * if empty: {@code LOCALDOMAIN=" x"} searches the root first), then each further run of
   * non-blanks.
   */
  private static List<String> localDomain(String value) {
    int nl = value.indexOf('\n');
    String v = nl < 0 ? value : value.substring(0, nl);
    List<String> out = new ArrayList<>();
    int end = CText.toBlank(v, 0);
    out.add(v.substring(0, end));
    out.addAll(words(v, end));
    return out;
  }

  /** The runs of non-blanks from {@code from} on. */
  private static List<String> words(String s, int from) {
    List<String> out = new ArrayList<>();
    int i = CText.skipBlanks(s, from);
    while (i < s.length()) {
      int end = CText.toBlank(s, i);
      out.add(s.substring(i, end));
      i = CText.skipBlanks(s, end);
    }
    return out;
  }

  private void line(String line, boolean haveEnv) {
    if (line.isEmpty() || line.charAt(0) == ';' || line.charAt(0) == '#') {
      return;
    }
    int at;
    if ((at = match(line, "domain")) >= 0) {
      if (!haveEnv && at < line.length()) {
        search = new ArrayList<>(List.of(line.substring(at, CText.toBlank(line, at))));
      }
    } else if ((at = match(line, "search")) >= 0) {
      if (!haveEnv && at < line.length()) {
        search = words(line, at);
      }
    } else if ((at = match(line, "nameserver")) >= 0) {
      // Trailing contents are ignored: only the text up to the first blank is the address.
      nameserver(line.substring(at, CText.toBlank(line, at))).ifPresent(nameservers::add);
    } else if ((at = match(line, "options")) >= 0) {
      options(line, at);
    }
    // "sortlist" (IPv4 answer sorting, for gethostbyname-style lookups only) is not kept.
  }

  /**
   * res_init.c's {@code MATCH}: the line starts with the keyword and a blank; the index of the
   * first non-blank after it, or -1.
   */
  private static int match(String line, String keyword) {
    int n = keyword.length();
    if (line.length() > n && line.startsWith(keyword) && CText.isBlank(line.charAt(n))) {
      return CText.skipBlanks(line, n);
    }
    return -1;
  }

  /**
   * One {@code nameserver} address: {@code inet_aton} exactly, else an IPv6 literal before an
   * optional {@code %zone}; anything else is ignored.
   */
  static Optional<InetEndpoint> nameserver(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    byte[] v4 = InetAton.exact(text);
    if (v4 != null) {
      return Optional.of(InetEndpoint.of(v4, ResolvConf.NAMESERVER_PORT));
    }
    int percent = text.indexOf('%');
    String literal = percent < 0 ? text : text.substring(0, percent);
    Optional<byte[]> v6 = IpLiterals.parseIpv6(literal);
    if (v6.isEmpty()) {
      return Optional.empty();
    }
    String zone = percent < 0 ? null : zone(v6.get(), text.substring(percent + 1));
    try {
      return Optional.of(InetEndpoint.of(v6.get(), zone, ResolvConf.NAMESERVER_PORT));
    } catch (InvalidArgumentException unusable) {
      // glibc ignores a zone it cannot use, "for backwards compatibility", and keeps the address.
      return Optional.of(InetEndpoint.of(v6.get(), ResolvConf.NAMESERVER_PORT));
    }
  }

  /**
   * The zone glibc's {@code __inet6_scopeid_pton} (inet/inet6_scopeid_pton.c) would make a scope
   * of: an interface name for a link-local unicast or a link- or node-local multicast address
   * (glibc asks {@code if_nametoindex} at load time; the name is kept here, looked up when used), a
   * decimal number up to 2^32-1 for any address; null (scope 0) otherwise.
   */
  private static @Nullable String zone(byte[] a, String zone) {
    if (zone.isEmpty()) {
      return null;
    }
    if (CText.isDigit(zone.charAt(0))) {
      boolean digits = zone.chars().allMatch(c -> CText.isDigit((char) c));
      if (digits) {
        String number = zone.replaceFirst("^0+(?=.)", "");
        boolean fits = number.length() <= 10 && Long.parseLong(number) <= 0xffff_ffffL;
        return fits && !number.equals("0") ? number : null; // scope 0 is no zone
      }
    }
    boolean linkLocal = (a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80;
    boolean multicastLocal = (a[0] & 0xff) == 0xff && ((a[1] & 0x0f) == 1 || (a[1] & 0x0f) == 2);
    return linkLocal || multicastLocal ? zone : null;
  }

  /**
   * res_setoptions from {@code from}: words separated by blanks; {@code ndots:}, {@code timeout:}
   * and {@code attempts:} take {@code strtol} of what follows the colon (which skips white space:
   * {@code ndots: 3} is 3) capped at 15, 30 and 5; a flag word sets its flag, with a leading {@code
   * -} clears it (2.41); anything else is ignored.
   */
  private void options(String s, int from) {
    int i = from;
    while (i < s.length()) {
      i = CText.skipBlanks(s, i);
      if (s.startsWith("ndots:", i)) {
        ndots = CText.strtolToInt(s, i + "ndots:".length());
      } else if (s.startsWith("timeout:", i)) {
        retrans = CText.strtolToInt(s, i + "timeout:".length());
      } else if (s.startsWith("attempts:", i)) {
        retry = CText.strtolToInt(s, i + "attempts:".length());
      } else {
        boolean negate = i < s.length() && s.charAt(i) == '-';
        int word = negate ? i + 1 : i;
        for (Map.Entry<String, Option> flag : FLAGS) {
          if (s.startsWith(flag.getKey(), word)) {
            if (negate) {
              options.remove(flag.getValue());
            } else {
              options.add(flag.getValue());
            }
            break;
          }
        }
      }
      i = CText.toBlank(s, i);
    }
  }
}
