package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dial4j.testing.FuzzTarget;
import org.dial4j.testing.Libc;

/**
 * Differential: {@link IpLiterals} against glibc's {@code inet_pton} and {@code inet_ntop} on the
 * same bytes, called through FFM ({@link Libc}): the same verdict, the same address bytes, the same
 * text.
 *
 * <p>Two differences are the documented ones, asserted as such rather than skipped: a Java string
 * holds its length, so a NUL inside the text is part of it and dial4j refuses the literal, where C
 * stops reading at the NUL; and glibc writes an IPv4-compatible address ({@code ::/96} whose
 * seventh group is not zero, {@code ::0.1.0.0} and up; deprecated by RFC 4291 section 2.5.5.1) as
 * {@code ::a.b.c.d}, where dial4j writes it in hex groups as RFC 5952 section 5 asks (mixed
 * notation only for prefixes known to embed IPv4). Each reads the other's text back to the same
 * bytes.
 */
@FuzzTarget
class IpLiteralsFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void literalsAgreeWithGlibc(byte[] input) {
    // The bytes as C sees them (each byte a char, so no byte is lost or merged), and as UTF-8 text,
    // where non-ASCII digits such as U+0661 can meet Character.digit.
    parseAgrees(new String(input, StandardCharsets.ISO_8859_1), input);
    String utf8 = new String(input, StandardCharsets.UTF_8);
    parseAgrees(utf8, utf8.getBytes(StandardCharsets.UTF_8));
    if (input.length >= 4) {
      formatAgrees(Arrays.copyOf(input, 4));
    }
    if (input.length >= 16) {
      formatAgrees(Arrays.copyOf(input, 16));
    }
  }

  /** The verdict and bytes of both parsers on {@code text}, which C reads as {@code bytes}. */
  static void parseAgrees(String text, byte[] bytes) {
    byte[] v4 = IpLiterals.parseIpv4(text).orElse(null);
    byte[] v6 = IpLiterals.parseIpv6(text).orElse(null);
    if (text.indexOf('\0') >= 0) {
      assertThat(v4).as("IPv4 literal with a NUL: %s", Arrays.toString(bytes)).isNull();
      assertThat(v6).as("IPv6 literal with a NUL: %s", Arrays.toString(bytes)).isNull();
      return;
    }
    assertThat(v4)
        .as("inet_pton(AF_INET, %s)", Arrays.toString(bytes))
        .isEqualTo(Libc.inetPton(Libc.AF_INET, bytes));
    assertThat(v6)
        .as("inet_pton(AF_INET6, %s)", Arrays.toString(bytes))
        .isEqualTo(Libc.inetPton(Libc.AF_INET6, bytes));
    if (v4 != null) {
      formatAgrees(v4);
    }
    if (v6 != null) {
      formatAgrees(v6);
    }
  }

  /**
   * The text of an address: inet_ntop's, but for the IPv4-compatible form; each reads the other.
   */
  static void formatAgrees(byte[] address) {
    boolean v4 = address.length == 4;
    int af = v4 ? Libc.AF_INET : Libc.AF_INET6;
    String ours = IpLiterals.format(address);
    String glibc = Libc.inetNtop(af, address);
    if (!v4 && isV4Compatible(address)) {
      String dotted = IpLiterals.format(Arrays.copyOfRange(address, 12, 16));
      assertThat(glibc).isEqualTo("::" + dotted);
      assertThat(ours).doesNotContain(".");
    } else {
      assertThat(ours).as("inet_ntop of %s", Arrays.toString(address)).isEqualTo(glibc);
    }
    byte[] oursBack = v4 ? IpLiterals.parseIpv4(ours).orElseThrow() : parseV6(ours);
    assertThat(oursBack).isEqualTo(address);
    assertThat(v4 ? IpLiterals.parseIpv4(glibc).orElseThrow() : parseV6(glibc)).isEqualTo(address);
    assertThat(Libc.inetPton(af, ours.getBytes(StandardCharsets.US_ASCII))).isEqualTo(address);
  }

  private static byte[] parseV6(String text) {
    return IpLiterals.parseIpv6(text).orElseThrow(() -> new AssertionError("unread: " + text));
  }

  /**
   * glibc's {@code inet_ntop6} test for an embedded IPv4 address that is not IPv4-mapped: the
   * longest zero run is exactly the first six groups.
   */
  static boolean isV4Compatible(byte[] a) {
    for (int i = 0; i < 12; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[12] != 0 || a[13] != 0;
  }
}
