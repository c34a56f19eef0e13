package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dial4j.internal.dnsconf.ResolvConf.Option;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Go's resolv.conf fixtures (golang/go src/net/testdata/*resolv.conf, with their expectations in
 * src/net/dnsconfig_unix_test.go), each read with glibc's rules. Go's test runs with the host name
 * {@code host.domain.local}, and so do these. Where glibc and Go differ, the expectation is glibc's
 * and a comment says what Go expects. Go writes every search domain rooted ({@code localdomain.});
 * glibc keeps it as written.
 */
class ResolvConfGoFixturesTest {
  private static final ResolvEnvironment GO_HOST =
      new ResolvEnvironment(null, null, "host.domain.local");

  private static ResolvConf read(String text) {
    return ResolvConf.parse(text, GO_HOST);
  }

  private static List<String> servers(ResolvConf c) {
    return c.nameservers().stream().map(Object::toString).toList();
  }

  /** Go's defaultNS is 127.0.0.1:53 and [::1]:53; glibc's is 127.0.0.1 alone (res_init.c). */
  private static void assertDefaults(ResolvConf c) {
    assertThat(servers(c)).containsExactly("127.0.0.1:53");
    assertThat(c.search()).containsExactly("domain.local");
    assertThat(c.timeout()).isEqualTo(5);
    assertThat(c.attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName("testdata/resolv.conf: three servers (one zoned), domain, ndots, timeout, attempts")
  void resolvConf() {
    ResolvConf c =
        read(
            """
            # /etc/resolv.conf

            domain localdomain
            nameserver 8.8.8.8
            nameserver 2001:4860:4860::8888
            nameserver fe80::1%lo0
            options ndots:5 timeout:10 attempts:3 rotate
            options attempts 3
            """);
    assertThat(servers(c))
        .containsExactly("8.8.8.8:53", "[2001:4860:4860::8888]:53", "[fe80::1%lo0]:53");
    assertThat(c.search()).containsExactly("localdomain");
    assertThat(c.ndots()).isEqualTo(5);
    assertThat(c.timeout()).isEqualTo(10);
    // "options attempts 3" has no colon: two words no option starts, ignored (Go: unknownOpt).
    assertThat(c.attempts()).isEqualTo(3);
    assertThat(c.options()).containsExactly(Option.ROTATE);
  }

  @Test
  @DisplayName("testdata/domain-resolv.conf: a domain line after search wins")
  void domainAfterSearch() {
    ResolvConf c =
        read(
            """
            # /etc/resolv.conf

            search test invalid
            domain localdomain
            nameserver 8.8.8.8
            """);
    assertThat(servers(c)).containsExactly("8.8.8.8:53");
    assertThat(c.search()).containsExactly("localdomain");
    assertThat(c.ndots()).isEqualTo(1);
  }

  @Test
  @DisplayName("testdata/search-resolv.conf: a search line after domain wins")
  void searchAfterDomain() {
    ResolvConf c =
        read(
            """
            # /etc/resolv.conf

            domain localdomain
            search test invalid
            nameserver 8.8.8.8
            """);
    assertThat(c.search()).containsExactly("test", "invalid");
  }

  @Test
  @DisplayName("testdata/search-single-dot-resolv.conf: search . is the root, kept")
  void searchSingleDot() {
    ResolvConf c =
        read(
            """
            # /etc/resolv.conf

            domain localdomain
            search .
            nameserver 8.8.8.8
            """);
    // Go drops "." and, its list then empty, falls back to the host name's domain; glibc keeps
    // "." (res_query.c searches it as the root), so the host name is never consulted.
    assertThat(c.search()).containsExactly(".");
  }

  @Test
  @DisplayName("testdata/empty-resolv.conf and a missing file: glibc's defaults")
  void empty() {
    ResolvConf c = read("# /etc/resolv.conf\n");
    assertDefaults(c);
    assertThat(c.ndots()).isEqualTo(1);
    assertThat(c.options()).isEmpty();
    assertThat(read("")).isEqualTo(c);
  }

  @Test
  @DisplayName("testdata/invalid-ndots-resolv.conf: ndots:invalid is 0 (strtol)")
  void invalidNdots() {
    ResolvConf c = read("options ndots:invalid");
    assertDefaults(c);
    assertThat(c.ndots()).isZero();
  }

  @Test
  @DisplayName("testdata/large-ndots-resolv.conf: ndots:16 is capped at 15")
  void largeNdots() {
    assertThat(read("options ndots:16").ndots()).isEqualTo(15);
  }

  @Test
  @DisplayName("testdata/negative-ndots-resolv.conf: ndots:-1 is 15, res_state's 4-bit field")
  void negativeNdots() {
    // Go clamps to 0. glibc stores -1 (it is <= RES_MAXNDOTS) and res_state's "unsigned ndots:4"
    // keeps its low four bits, 15: what res_query.c compares a name's dots with.
    assertThat(read("options ndots:-1").ndots()).isEqualTo(15);
  }

  @Test
  @DisplayName("testdata/openbsd-resolv.conf: OpenBSD's lookup line is not glibc's, ignored")
  void openbsd() {
    ResolvConf c =
        read(
            """
            # Generated by vio0 dhclient
            search c.symbolic-datum-552.internal.
            nameserver 169.254.169.254
            nameserver 10.240.0.1
            lookup file bind
            """);
    assertThat(servers(c)).containsExactly("169.254.169.254:53", "10.240.0.1:53");
    // As written, its trailing dot kept (Go's is the same here).
    assertThat(c.search()).containsExactly("c.symbolic-datum-552.internal.");
    assertThat(c.ndots()).isEqualTo(1);
  }

  @Test
  @DisplayName("testdata/single-request(-reopen)-resolv.conf: each its own flag")
  void singleRequest() {
    assertThat(read("options single-request").options()).containsExactly(Option.SINGLE_REQUEST);
    // Go folds both into singleRequest; glibc keeps RES_SNGLKUPREOP, which res_send.c reads as
    // implying single-request.
    assertThat(read("options single-request-reopen").options())
        .containsExactly(Option.SINGLE_REQUEST_REOPEN);
  }

  @Test
  @DisplayName("testdata/linux-use-vc-resolv.conf: use-vc; the BSDs' usevc and tcp are not glibc's")
  void useVc() {
    assertThat(read("options use-vc").options()).containsExactly(Option.USE_VC);
    // Go reads FreeBSD's usevc (freebsd-usevc-resolv.conf) and OpenBSD's tcp
    // (openbsd-tcp-resolv.conf) as TCP too; glibc knows neither word.
    assertThat(read("options usevc").options()).isEmpty();
    assertThat(read("options tcp").options()).isEmpty();
  }

  @Test
  @DisplayName("dnsDefaultSearch's cases: the host name's part after its first dot")
  void defaultSearch() {
    assertThat(domainOf("host.long.domain.local")).containsExactly("long.domain.local");
    assertThat(domainOf("host.local")).containsExactly("local");
    assertThat(domainOf("host")).isEmpty();
    assertThat(domainOf(null)).as("gethostname failed").isEmpty();
    // Go returns nothing for "foo." (to avoid a duplicate lookup); glibc's domain_from_hostname
    // takes the empty text after the dot, the root.
    assertThat(domainOf("foo.")).containsExactly("");
  }

  private static List<String> domainOf(String host) {
    return ResolvConf.parse("", new ResolvEnvironment(null, null, host)).search();
  }
}
