package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.dial4j.InetEndpoint;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.ResolveException;
import org.dial4j.internal.dnsconf.ResolvConf.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** resolv.conf(5) with glibc's rules (res_init.c), beyond Go's fixtures. */
class ResolvConfTest {
  private static ResolvConf read(String text) {
    return ResolvConf.parse(text, ResolvEnvironment.NONE);
  }

  private static List<String> servers(ResolvConf c) {
    return c.nameservers().stream().map(Object::toString).toList();
  }

  @Test
  @DisplayName("nameserver: inet_aton's forms, trailing words ignored, three at most")
  void nameservers() {
    ResolvConf c =
        read(
            """
            nameserver 127.1
            nameserver 0x7f.2
            nameserver 1.2.3.4 the rest of the line
            nameserver 5.6.7.8
            """);
    assertThat(servers(c)).containsExactly("127.0.0.1:53", "127.0.0.2:53", "1.2.3.4:53");
  }

  @Test
  @DisplayName("nameserver: a keyword only at the start of a line and before a blank")
  void keywordMatch() {
    ResolvConf c =
        read(
            """
             nameserver 9.9.9.9
            nameserver\t10.0.0.1
            nameserver
            nameserverx 10.0.0.2
            Nameserver 10.0.0.3
            nameserver 1.2.3.4%eth0
            nameserver 300.1.1.1
            """);
    assertThat(servers(c)).containsExactly("10.0.0.1:53");
  }

  @Test
  @DisplayName("nameserver: IPv6 zones as __inet6_scopeid_pton keeps them")
  void zones() {
    ResolvConf c =
        ResolvConf.parse(
            """
            nameserver fe80::1%lo
            nameserver fe80::2%007
            nameserver 2001:db8::1%eth0
            """,
            ResolvEnvironment.NONE);
    // A name for a link-local address, a number for any; a name on a global address is dropped.
    assertThat(servers(c)).containsExactly("[fe80::1%lo]:53", "[fe80::2%7]:53", "[2001:db8::1]:53");
    ResolvConf more =
        read(
            """
            nameserver ff02::fb%eth0
            nameserver 2001:db8::2%12
            nameserver fe80::3%
            """);
    assertThat(servers(more))
        .containsExactly("[ff02::fb%eth0]:53", "[2001:db8::2%12]:53", "[fe80::3]:53");
  }

  @Test
  @DisplayName("nameserver: duplicates kept, bad lines not counted toward the three")
  void duplicatesAndBadLines() {
    ResolvConf c =
        read(
            """
            nameserver 192.0.2.1
            nameserver 192.0.2.1
            nameserver bogus
            nameserver 1.2.3
            nameserver 192.0.2.2 ; trailing garbage
            nameserver 192.0.2.3
            """);
    // "1.2.3" is inet_aton's a.b.c form: 1.2.0.3, a server like any other.
    assertThat(servers(c)).containsExactly("192.0.2.1:53", "192.0.2.1:53", "1.2.0.3:53");
    ResolvConf v6 =
        read(
            """
            nameserver ::1
            nameserver 2001:db8::1 x
            nameserver 2001:db8::zz
            nameserver [2001:db8::2]
            nameserver ::ffff:192.0.2.9
            """);
    assertThat(servers(v6))
        .containsExactly("[::1]:53", "[2001:db8::1]:53", "[::ffff:192.0.2.9]:53");
  }

  @Test
  @DisplayName("Last wins: repeated options, and search and domain in any mix")
  void lastWins() {
    ResolvConf c =
        read(
            """
            options ndots:3 timeout:2
            options ndots:4 attempts:1
            options timeout:7 ndots:9 ndots:2
            """);
    assertThat(c.ndots()).isEqualTo(2);
    assertThat(c.timeout()).isEqualTo(7);
    assertThat(c.attempts()).isEqualTo(1);
    assertThat(read("search a b\nsearch c\n").search()).containsExactly("c");
    assertThat(read("domain a\ndomain b\n").search()).containsExactly("b");
    assertThat(read("search a b\ndomain c\nsearch d e\n").search()).containsExactly("d", "e");
    assertThat(read("search a b\ndomain\tc d\n").search()).containsExactly("c");
    assertThat(read("search a\nsearch   \n").search())
        .as("an empty line changes nothing")
        .containsExactly("a");
  }

  @Test
  @DisplayName("Caps and defaults at their edges: ndots 0..15, timeout 0..30, attempts 0..5")
  void capsAtTheEdges() {
    ResolvConf defaults = read("");
    assertThat(defaults.ndots()).isEqualTo(1);
    assertThat(defaults.timeout()).isEqualTo(ResolvConf.RES_TIMEOUT).isEqualTo(5);
    assertThat(defaults.attempts()).isEqualTo(ResolvConf.RES_DFLRETRY).isEqualTo(2);
    assertThat(defaults.options()).isEmpty();
    ResolvConf top = read("options ndots:15 timeout:30 attempts:5\n");
    assertThat(List.of(top.ndots(), top.timeout(), top.attempts())).containsExactly(15, 30, 5);
    ResolvConf over = read("options ndots:16 timeout:31 attempts:6\n");
    assertThat(List.of(over.ndots(), over.timeout(), over.attempts())).containsExactly(15, 30, 5);
    ResolvConf zero = read("options ndots:0 timeout:0 attempts:0\n");
    assertThat(List.of(zero.ndots(), zero.timeout(), zero.attempts())).containsExactly(0, 0, 0);
    ResolvConf garbage = read("options ndots:3x timeout:4.5 attempts:\n");
    assertThat(List.of(garbage.ndots(), garbage.timeout(), garbage.attempts()))
        .as("strtol reads up to the first non-digit; nothing is 0")
        .containsExactly(3, 4, 0);
  }

  @Test
  @DisplayName("options: a keyword needs a blank after it; unknown words and garbage ignored")
  void optionsLineShape() {
    assertThat(read("options\trotate\n").has(Option.ROTATE)).isTrue();
    assertThat(read("optionsrotate\n").options()).isEmpty();
    assertThat(read(" options rotate\n").options()).as("not at the start").isEmpty();
    assertThat(read("options foo bar:1 rotate ndots\n").options()).containsExactly(Option.ROTATE);
    assertThat(read("options ndots\n").ndots()).as("no colon: not ndots").isEqualTo(1);
    assertThat(read("options single-request-reopen\n").has(Option.SINGLE_REQUEST)).isFalse();
    assertThat(read("options single-requestx\n").options())
        .as("strncmp on the word's length: a prefix counts")
        .containsExactly(Option.SINGLE_REQUEST);
  }

  @Test
  @DisplayName("No nameserver line: 127.0.0.1 alone, not ::1")
  void defaultServer() {
    assertThat(servers(read("nameserver bogus\n"))).containsExactly("127.0.0.1:53");
    assertThat(ResolvConf.DEFAULT.nameservers()).hasSize(1);
    assertThat(ResolvConf.DEFAULT.search()).isEmpty();
    assertThat(ResolvConf.DEFAULT.ndots()).isEqualTo(1);
  }

  @Test
  @DisplayName("Comments: # or ; first on the line; nothing else is one")
  void comments() {
    ResolvConf c =
        read(
            """
            #nameserver 1.1.1.1
            ;nameserver 2.2.2.2
             # nameserver 3.3.3.3
            search a # b
            """);
    assertThat(servers(c)).containsExactly("127.0.0.1:53");
    assertThat(c.search()).containsExactly("a", "#", "b");
  }

  @Test
  @DisplayName("search keeps every domain (glibc 2.26 and later), domain only its first word")
  void searchList() {
    assertThat(read("search a b c d e f g h\n").search())
        .containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
    assertThat(read("search  a \t b  \n").search()).containsExactly("a", "b");
    assertThat(read("domain x y\n").search()).containsExactly("x");
    assertThat(read("domain\nsearch\n").search()).as("no blank after the keyword").isEmpty();
    assertThat(read("search   \n").search()).as("nothing after it").isEmpty();
    String longName = "d".repeat(300);
    assertThat(read("search " + longName + "\n").search()).containsExactly(longName);
  }

  @Test
  @DisplayName("A CRLF file: \\r stays on every value, so its nameserver lines fail as in glibc")
  void crlf() {
    ResolvConf c = read("nameserver 1.2.3.4\r\nsearch a\r\n");
    assertThat(servers(c)).containsExactly("127.0.0.1:53");
    assertThat(c.search()).containsExactly("a\r");
  }

  @Test
  @DisplayName("options: caps, strtol's reading, prefix words, - to clear, unknown words ignored")
  void options() {
    ResolvConf c =
        read(
            "options ndots: 7 timeout:99 attempts:99 rotatex -rotate edns0 inet6 no-aaaa"
                + " trust-ad\n");
    assertThat(c.ndots()).as("strtol skips the space").isEqualTo(7);
    assertThat(c.timeout()).isEqualTo(30);
    assertThat(c.attempts()).isEqualTo(5);
    assertThat(c.options()).containsExactly(Option.EDNS0, Option.TRUST_AD, Option.NO_AAAA);
    assertThat(read("options ndots:4294967299\n").ndots()).as("cut to an int").isEqualTo(3);
    ResolvConf negative = read("options timeout:-3 attempts:-1\n");
    assertThat(negative.timeout()).isZero();
    assertThat(negative.attempts()).isZero();
  }

  @Test
  @DisplayName("options: every flag glibc 2.41 knows, under its words")
  void flags() {
    ResolvConf c =
        read(
            "options rotate edns0 single-request single-request-reopen no_tld_query no-reload"
                + " use-vc trust-ad no-aaaa strict-error\n");
    assertThat(c.options()).containsExactlyInAnyOrder(Option.values());
    assertThat(read("options no-tld-query\n").has(Option.NO_TLD_QUERY)).isTrue();
    assertThat(read("options rotate\noptions -rotate\n").options()).isEmpty();
  }

  @Test
  @DisplayName("LOCALDOMAIN replaces the file's search and domain lines, word by word")
  void localDomain() {
    String file = "search a b\ndomain c\n";
    assertThat(env(file, "p q", null, null).search()).containsExactly("p", "q");
    assertThat(env(file, " x  y", null, null).search()).containsExactly("", "x", "y");
    assertThat(env(file, "", null, null).search()).containsExactly("");
    assertThat(env(file, "m\nn", null, null).search()).containsExactly("m");
  }

  @Test
  @DisplayName("LOCALDOMAIN wins whatever the order of the file's lines; unset, the file wins")
  void localDomainAgainstTheFile() {
    assertThat(env("domain c\nsearch a b\n", "env.example", null, "h.host.example").search())
        .containsExactly("env.example");
    assertThat(env("domain c\n", null, null, "h.host.example").search()).containsExactly("c");
    assertThat(env("", null, null, "h.host.example").search()).containsExactly("host.example");
  }

  @Test
  @DisplayName("RES_OPTIONS comes after the file and can clear what it set")
  void resOptions() {
    ResolvConf c = env("options rotate edns0 ndots:2\n", null, "-rotate ndots:3", null);
    assertThat(c.options()).containsExactly(Option.EDNS0);
    assertThat(c.ndots()).isEqualTo(3);
    assertThat(env("nameserver 1.2.3.4\n", null, "attempts:1", null).attempts()).isEqualTo(1);
  }

  @Test
  @DisplayName("The host name's domain only when no search list is set, all after its first dot")
  void hostNameDomain() {
    assertThat(env("", null, null, "host.example.org").search()).containsExactly("example.org");
    assertThat(env("", null, null, "a.b c.d").search()).containsExactly("b c.d");
    assertThat(env("domain d.example\n", null, null, "host.example.org").search())
        .containsExactly("d.example");
  }

  private static ResolvConf env(String file, String localDomain, String options, String host) {
    return ResolvConf.parse(file, new ResolvEnvironment(localDomain, options, host));
  }

  @Test
  @DisplayName("Made by hand: any port, 1 to 3 servers, the values glibc's state can hold")
  void byHand() {
    InetEndpoint test = InetEndpoint.of(new byte[] {127, 0, 0, 1}, 5353);
    ResolvConf c = ResolvConf.DEFAULT.withNameservers(List.of(test));
    assertThat(c.nameservers()).containsExactly(test);
    assertThatThrownBy(() -> ResolvConf.DEFAULT.withNameservers(List.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ResolvConf.DEFAULT.withNameservers(List.of(test, test, test, test)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new ResolvConf(List.of(test), List.of(), 16, 5, 2, Set.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new ResolvConf(List.of(test), List.of(), 1, -1, 2, Set.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new ResolvConf(List.of(test), List.of(), 1, 5, -1, Set.of()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(
            new ResolvConf(List.of(test), List.of("a"), 1, 60, 9, Set.of(Option.ROTATE)).timeout())
        .as("the file's caps bound a file, not a caller")
        .isEqualTo(60);
  }

  @Test
  @DisplayName("read: a missing file reads as empty; a directory fails with a ResolveException")
  void readPath(@TempDir Path dir) throws IOException {
    assertThat(ResolvConf.read(dir.resolve("none"), ResolvEnvironment.NONE))
        .isEqualTo(ResolvConf.DEFAULT);
    Path file = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
    assertThat(servers(ResolvConf.read(file, ResolvEnvironment.NONE)))
        .containsExactly("192.0.2.1:53");
    assertThatThrownBy(() -> ResolvConf.read(dir, ResolvEnvironment.NONE))
        .isInstanceOf(ResolveException.class)
        .hasMessageContaining("EISDIR");
  }

  @Test
  @DisplayName("The system's environment: the kernel's host name")
  void systemEnvironment() {
    ResolvEnvironment env = ResolvEnvironment.system();
    assertThat(env.hostName()).isNotBlank().doesNotContain("\n");
  }
}
