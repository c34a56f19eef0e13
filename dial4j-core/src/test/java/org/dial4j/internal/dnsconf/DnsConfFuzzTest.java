package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.testing.FuzzTarget;
import org.dial4j.testing.Libc;

/**
 * The resolver's configuration readers on any text: resolv.conf (with any {@code LOCALDOMAIN},
 * {@code RES_OPTIONS} and host name), the hosts file and nsswitch.conf's {@code hosts:} line. The
 * first two take every input (a line glibc ignores is ignored) and stay within glibc's caps;
 * nsswitch.conf is read or refused, as glibc refuses it, with EINVAL. And a differential: the
 * {@code nameserver} address reader ({@link InetAton}) against glibc's {@code inet_aton}.
 */
@FuzzTarget
class DnsConfFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void anyTextIsRead(FuzzedDataProvider data) {
    String localDomain = data.consumeBoolean() ? data.consumeString(64) : null;
    String resOptions = data.consumeBoolean() ? data.consumeString(64) : null;
    String hostName = data.consumeBoolean() ? data.consumeString(64) : null;
    String lookup = data.consumeString(32);
    String text = data.consumeRemainingAsString();
    reads(new ResolvEnvironment(localDomain, resOptions, hostName), text, lookup);
  }

  /**
   * Differential: a {@code nameserver} line's IPv4 reader, glibc's {@code __inet_aton_exact}
   * ({@link InetAton}), against glibc's public {@code inet_aton}, which is the same reader but for
   * what follows the address after white space (it ignores it; the exact one refuses it).
   */
  static void inetAtonAgrees(String text) {
    byte[] ours = InetAton.exact(text);
    if (text.indexOf('\0') >= 0 || text.chars().anyMatch(c -> " \t\n\u000b\f\r".indexOf(c) >= 0)) {
      assertThat(ours).as("InetAton.exact(%s)", text).isNull();
      return;
    }
    byte[] glibc = Libc.inetAton(text.getBytes(StandardCharsets.UTF_8));
    assertThat(ours).as("inet_aton(%s)", text).isEqualTo(glibc);
  }

  static void reads(ResolvEnvironment env, String text, String lookup) {
    ResolvConf conf = ResolvConfParser.parse(text, env);
    assertThat(conf.nameservers()).isNotEmpty().hasSizeLessThanOrEqualTo(ResolvConf.MAXNS);
    for (InetEndpoint ns : conf.nameservers()) {
      assertThat(ns.port()).isEqualTo(ResolvConf.NAMESERVER_PORT);
    }
    assertThat(conf.ndots()).isBetween(0, ResolvConf.RES_MAXNDOTS);
    assertThat(conf.timeout()).isBetween(0, ResolvConf.RES_MAXRETRANS);
    assertThat(conf.attempts()).isBetween(0, ResolvConf.RES_MAXRETRY);
    // An empty domain is glibc's too: the host name "host." or LOCALDOMAIN=" x" searches the root.
    assertThat(conf.search()).doesNotContainNull();

    HostsFile hosts = HostsFile.parse(text);
    for (HostsFile.Entry e : hosts.entries()) {
      assertThat(e.canonicalName()).isNotEmpty();
      assertThat(hosts.lookup(e.canonicalName())).contains(e.address());
      assertThat(hosts.canonicalName(e.canonicalName())).isPresent();
    }
    for (Family f : Family.values()) {
      for (InetAddress a : hosts.lookup(lookup, f)) {
        assertThat(a.getAddress()).hasSize(f == Family.INET ? 4 : 16);
      }
    }

    inetAtonAgrees(lookup);
    try {
      NsSwitchHosts ns = NsSwitchHosts.parse(text);
      assertThat(ns.sources()).isNotNull();
    } catch (InvalidArgumentException refused) {
      assertThat(refused.errno()).isEqualTo(Errno.EINVAL);
    }
  }
}
