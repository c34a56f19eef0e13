package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libut's {@code UT_net_resolve} (named by seed 000): host:port to IP:port. Only localhost and IP
 * literals, which need no DNS query, so that the test sends nothing over any network.
 */
class ResolveTest {

  @Test
  @DisplayName("libut UT_net_resolve: localhost:PORT is a loopback IP:port")
  void localhost() throws Exception {
    assertThat(EventLoop.resolve("localhost:8080")).isIn("127.0.0.1:8080", "[::1]:8080");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:80              | 127.0.0.1:80",
        "[::1]:443                 | [::1]:443",
        "[0:0:0:0:0:0:0:1]:443     | [::1]:443",
        "[2001:DB8:0:0:0:0:0:1]:80 | [2001:db8::1]:80",
        "[::ffff:127.0.0.1]:7      | [::ffff:127.0.0.1]:7",
      })
  @DisplayName("libut UT_net_resolve: an IP literal comes back in canonical form, without a lookup")
  void literalsAreCanonical(String in, String out) throws Exception {
    assertThat(EventLoop.resolve(in)).isEqualTo(out);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {"", "localhost", "localhost:", "localhost:99999", "::1:80", "[::1:80", ":80"})
  @DisplayName("libut UT_net_resolve: input that is not host:port is EINVAL before any lookup")
  void malformedIsEinval(String bad) {
    assertThatThrownBy(() -> EventLoop.resolve(bad))
        .isInstanceOf(InvalidArgumentException.class)
        .satisfies(e -> assertThat(((InvalidArgumentException) e).errno()).isEqualTo(Errno.EINVAL));
  }
}
