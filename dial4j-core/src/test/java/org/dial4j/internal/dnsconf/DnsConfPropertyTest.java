package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dial4j.error.InvalidArgumentException;

/**
 * Any text read by the three parsers: never an exception (but for the one nsswitch.conf text glibc
 * refuses, an {@link InvalidArgumentException}), and a value within glibc's caps.
 */
class DnsConfPropertyTest {

  @Property(tries = 2000)
  void resolvConfNeverThrowsAndStaysWithinItsCaps(
      @ForAll("confText") String text, @ForAll("confText") String env) {
    ResolvConf c = ResolvConf.parse(text, new ResolvEnvironment(env, env, env));
    assertThat(c.nameservers()).hasSizeBetween(1, ResolvConf.MAXNS);
    assertThat(c.ndots()).isBetween(0, ResolvConf.RES_MAXNDOTS);
    assertThat(c.timeout()).isBetween(0, ResolvConf.RES_MAXRETRANS);
    assertThat(c.attempts()).isBetween(0, ResolvConf.RES_MAXRETRY);
  }

  @Property(tries = 2000)
  void hostsNeverThrows(@ForAll("confText") String text, @ForAll("word") String name) {
    HostsFile h = HostsFile.parse(text);
    assertThat(h.lookup(name)).hasSizeLessThanOrEqualTo(h.entries().size());
    for (HostsFile.Entry e : h.entries()) {
      assertThat(e.canonicalName()).isNotEmpty().doesNotContain(" ", "\t", "\n", "#");
    }
  }

  @Property(tries = 2000)
  void nsswitchThrowsOnlyWhatGlibcRefuses(@ForAll("confText") String text) {
    assertThatCode(
            () -> {
              try {
                NsSwitchHosts h = NsSwitchHosts.parse(text);
                assertThat(h.unservedSources()).hasSizeLessThanOrEqualTo(h.sources().size());
              } catch (InvalidArgumentException refused) {
                assertThat(refused).hasMessageContaining("glibc refuses");
              }
            })
        .doesNotThrowAnyException();
  }

  /** Lines made of the files' own words and punctuation, and of anything at all. */
  @Provide
  Arbitrary<String> confText() {
    Arbitrary<String> token =
        Arbitraries.oneOf(
            Arbitraries.of(
                "nameserver ",
                "search ",
                "domain ",
                "options ",
                "hosts:",
                "hosts ",
                "files",
                "dns",
                "[",
                "]",
                "!",
                "=",
                "NOTFOUND",
                "return",
                "ndots:",
                "timeout:",
                "attempts:",
                "-",
                "rotate",
                "#",
                ";",
                "%",
                "::1",
                "fe80::1%lo",
                "127.0.0.1",
                "1.2.3.4",
                "0x7f.1",
                " ",
                "\t",
                "\n",
                "\r",
                "\0",
                "99999999999999999999"),
            Arbitraries.strings().ofMaxLength(6),
            Arbitraries.strings().withCharRange('0', '9').ofMaxLength(12));
    return token.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> word() {
    return Arbitraries.of("localhost", "files", "a", "1.2.3.4", "");
  }
}
