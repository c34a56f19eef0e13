package org.dial4j.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrnoTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "EACCES",
        "EPERM",
        "EADDRINUSE",
        "EADDRNOTAVAIL",
        "EAFNOSUPPORT",
        "EAGAIN",
        "EWOULDBLOCK",
        "EALREADY",
        "EBADF",
        "ECANCELED",
        "ECONNREFUSED",
        "ECONNRESET",
        "EDESTADDRREQ",
        "EFAULT",
        "EHOSTUNREACH",
        "EINPROGRESS",
        "EINTR",
        "EINVAL",
        "EIO",
        "EISCONN",
        "ELOOP",
        "EMFILE",
        "ENETDOWN",
        "ENETUNREACH",
        "ENFILE",
        "ENOBUFS",
        "ENOENT",
        "ENOMEM",
        "ENOSR",
        "ENOTDIR",
        "ENOTSOCK",
        "ENXIO",
        "EOPNOTSUPP",
        "EPROTOTYPE",
        "ETIMEDOUT",
        "EPIPE",
        "ENOTCONN"
      })
  @DisplayName("every errno named on the five seed pages is known by name and by number")
  void seedErrnosAreKnown(String name) {
    Errno e = Errno.lookup(name).orElseThrow();
    assertThat(Errno.of(e.number())).isSameAs(e);
    assertThat(e.message()).isNotBlank();
  }

  @Test
  @DisplayName("Linux numbers and glibc messages")
  void linuxNumbersAndMessages() {
    assertThat(Errno.ECONNREFUSED.number()).isEqualTo(111);
    assertThat(Errno.ETIMEDOUT.number()).isEqualTo(110);
    assertThat(Errno.EINPROGRESS.number()).isEqualTo(115);
    assertThat(Errno.EALREADY.number()).isEqualTo(114);
    assertThat(Errno.EISCONN.number()).isEqualTo(106);
    assertThat(Errno.ECANCELED.number()).isEqualTo(125);
    assertThat(Errno.ECONNREFUSED.describe()).isEqualTo("ECONNREFUSED (Connection refused)");
  }

  @Test
  @DisplayName("aliases share one constant, lookups are case-insensitive, unknowns are empty")
  void aliasesAndLookups() {
    assertThat(Errno.EWOULDBLOCK).isSameAs(Errno.EAGAIN);
    assertThat(Errno.ENOTSUP).isSameAs(Errno.EOPNOTSUPP);
    assertThat(Errno.lookup("ewouldblock")).contains(Errno.EAGAIN);
    assertThat(Errno.lookup("ENOTSUP")).contains(Errno.EOPNOTSUPP);
    assertThat(Errno.lookup("EDEADLOCK")).contains(Errno.EDEADLK);
    assertThat(Errno.lookup("NOPE")).isEmpty();
    assertThat(Errno.lookup((String) null)).isEmpty();
    assertThat(Errno.lookup(0)).isEmpty();
    assertThat(Errno.lookup(41)).as("Linux has no errno 41").isEmpty();
    assertThatThrownBy(() -> Errno.of(9999)).hasMessageContaining("9999");
  }

  @Test
  @DisplayName("the dialer's classification: try the next address, give up, timed out, cancelled")
  void dispositions() {
    assertThat(Errno.ECONNREFUSED.disposition()).isEqualTo(Errno.Disposition.TRY_NEXT);
    assertThat(Errno.ENETUNREACH.disposition()).isEqualTo(Errno.Disposition.TRY_NEXT);
    assertThat(Errno.EHOSTUNREACH.disposition()).isEqualTo(Errno.Disposition.TRY_NEXT);
    assertThat(Errno.EADDRNOTAVAIL.disposition()).isEqualTo(Errno.Disposition.TRY_NEXT);
    assertThat(Errno.EMFILE.disposition()).isEqualTo(Errno.Disposition.GIVE_UP);
    assertThat(Errno.EINVAL.disposition()).isEqualTo(Errno.Disposition.GIVE_UP);
    assertThat(Errno.ETIMEDOUT.disposition()).isEqualTo(Errno.Disposition.TIMED_OUT);
    assertThat(Errno.ECANCELED.disposition()).isEqualTo(Errno.Disposition.CANCELLED);
  }

  @Test
  @org.junit.jupiter.api.DisplayName(
      "The syscall boundary's own errno constants (it imports nothing of dial4j) agree with Errno")
  void sysConstantsAgree() {
    org.assertj.core.api.Assertions.assertThat(org.dial4j.sys.Sys.EINVAL)
        .isEqualTo(Errno.EINVAL.number());
    org.assertj.core.api.Assertions.assertThat(org.dial4j.sys.Sys.ENOSYS)
        .isEqualTo(Errno.ENOSYS.number());
  }
}
