package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UnixEndpointTest {

  @Test
  void path() {
    UnixEndpoint e = UnixEndpoint.path("/run/app.sock");
    assertThat(e).hasToString("/run/app.sock");
    assertThat(e.name()).isEqualTo("/run/app.sock");
    assertThat(e.isAbstract()).isFalse();
    assertThat(e.isUnnamed()).isFalse();
    assertThat(e.sunPath()).isEqualTo("/run/app.sock".getBytes(StandardCharsets.US_ASCII));
    assertThat(e).isEqualTo(UnixEndpoint.path("/run/app.sock")).hasSameHashCodeAs(e);
    assertThat(e).isNotEqualTo(UnixEndpoint.abstractName("/run/app.sock"));
  }

  @Test
  void abstractName() {
    UnixEndpoint e = UnixEndpoint.abstractName("a\0b");
    assertThat(e).hasToString("@a\0b");
    assertThat(e.name()).isEqualTo("a\0b");
    assertThat(e.isAbstract()).isTrue();
    assertThat(e.sunPath()).containsExactly(0, 'a', 0, 'b');
  }

  @Test
  void unnamed() {
    UnixEndpoint e = UnixEndpoint.unnamed();
    assertThat(e).isSameAs(UnixEndpoint.unnamed()).hasToString("(unnamed)");
    assertThat(e.name()).isEmpty();
    assertThat(e.isUnnamed()).isTrue();
    assertThat(e.isAbstract()).isFalse();
    assertThat(e.sunPath()).isEmpty();
    assertThat(e).isNotEqualTo(UnixEndpoint.path("x"));
  }

  @Test
  @DisplayName("sun_path is 108 bytes: a name takes at most 107, counted in UTF-8")
  void byteLimit() {
    assertThat(UnixEndpoint.path("/" + "a".repeat(106)).sunPath()).hasSize(107);
    assertThat(UnixEndpoint.abstractName("a".repeat(107)).sunPath()).hasSize(108);
    assertBad(
        () -> UnixEndpoint.path("/" + "a".repeat(107)),
        "108 bytes in UTF-8, more than the limit of 107");
    assertBad(() -> UnixEndpoint.abstractName("a".repeat(108)), "108 bytes in UTF-8");
    // 54 two-byte characters are 108 bytes though only 54 chars.
    assertBad(() -> UnixEndpoint.path("é".repeat(54)), "108 bytes in UTF-8");
    assertThat(UnixEndpoint.path("é".repeat(53)).sunPath()).hasSize(106);
  }

  @Test
  void badNames() {
    assertBad(() -> UnixEndpoint.path(""), "empty Unix socket path");
    assertBad(() -> UnixEndpoint.path(null), "empty Unix socket path");
    assertBad(() -> UnixEndpoint.path("/tmp/a\0b"), "cannot contain a NUL character");
    assertBad(() -> UnixEndpoint.abstractName(""), "empty abstract socket name");
    assertBad(() -> UnixEndpoint.path("/tmp/\uD800"), "not valid Unicode");
  }

  private static void assertBad(Runnable call, String why) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL))
        .hasMessageContaining(why);
  }
}
