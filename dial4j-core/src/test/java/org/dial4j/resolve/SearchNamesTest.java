package org.dial4j.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.internal.dns.DnsName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The names a host is tried as: glibc's res_search order (with fewer than ndots dots, the search
 * list first and the name as it is last; with ndots or more, the other way round; an absolute name
 * alone), and Go's TestDNSNameLength cases (net/dnsclient_unix_test.go: a candidate longer than DNS
 * allows is left out, a name too long itself is refused).
 */
class SearchNamesTest {
  private static final List<String> SEARCH = List.of("a.test", "c.test");

  private static List<String> of(String host, List<String> search, int ndots) {
    return SearchNames.of(host, search, ndots).stream().map(DnsName::toString).toList();
  }

  @Test
  @DisplayName("fewer dots than ndots: the search list first, the name as it is last")
  void searchFirst() {
    assertThat(of("host", SEARCH, 1)).containsExactly("host.a.test.", "host.c.test.", "host.");
    assertThat(of("x.y", SEARCH, 2)).containsExactly("x.y.a.test.", "x.y.c.test.", "x.y.");
  }

  @Test
  @DisplayName("ndots dots or more: the name as it is first, then the search list")
  void asIsFirst() {
    assertThat(of("x.y", SEARCH, 1)).containsExactly("x.y.", "x.y.a.test.", "x.y.c.test.");
    assertThat(of("host", SEARCH, 0)).containsExactly("host.", "host.a.test.", "host.c.test.");
  }

  @Test
  @DisplayName("an absolute name (a trailing dot) is tried alone; no search list: the name alone")
  void absolute() {
    assertThat(of("host.", SEARCH, 1)).containsExactly("host.");
    assertThat(of("host", List.of(), 1)).containsExactly("host.");
  }

  @Test
  @DisplayName(
      "Go's TestDNSNameLength: every candidate fits DNS's 255 bytes; a name that fits only alone"
          + " is tried alone; a name too long itself is EINVAL naming it")
  void lengths() {
    String label = "a".repeat(63);
    // Wire length = text length + 2: 253 characters is the longest name.
    String longest = label + "." + label + "." + label + "." + "a".repeat(61);
    assertThat(longest).hasSize(253);
    String fitsWithSuffix = longest.substring(longest.length() - (253 - ".a.test".length()));
    fitsWithSuffix = "b" + fitsWithSuffix.substring(1);
    assertThat(of(fitsWithSuffix, SEARCH, 1))
        .allSatisfy(n -> assertThat(DnsName.parse(n).wireLength()).isLessThanOrEqualTo(255))
        .hasSize(3);
    assertThat(of(longest, SEARCH, 1)).containsExactly(longest + ".");
    String tooLong = "a." + longest;
    assertThatThrownBy(() -> SearchNames.of(tooLong, SEARCH, 1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(tooLong);
  }
}
