package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

/** {@link DnsName}: the text form read and written, the wire form, case-blind comparison. */
class DnsNameTest {

  private static InvalidArgumentException refused(String text) {
    Throwable t = catchThrowable(() -> DnsName.parse(text));
    assertThat(t).isInstanceOf(InvalidArgumentException.class);
    InvalidArgumentException e = (InvalidArgumentException) t;
    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
    assertThat(e.input()).hasValue(text);
    return e;
  }

  @Test
  void aNameAndItsWireForm() {
    DnsName n = DnsName.parse("www.Example.com");
    assertThat(n.toWire())
        .isEqualTo(Wire.hex("03 77 77 77 07 45 78 61 6d 70 6c 65 03 63 6f 6d 00"));
    assertThat(n.wireLength()).isEqualTo(17);
    assertThat(n.labelCount()).isEqualTo(3);
    assertThat(n).hasToString("www.Example.com.");
    assertThat(DnsName.parse("www.example.com.")).isEqualTo(n);
  }

  @Test
  void theRoot() {
    assertThat(DnsName.parse(".")).isSameAs(DnsName.ROOT);
    assertThat(DnsName.ROOT.isRoot()).isTrue();
    assertThat(DnsName.ROOT.labelCount()).isZero();
    assertThat(DnsName.ROOT.toWire()).containsExactly(0);
    assertThat(DnsName.ROOT).hasToString(".");
  }

  @Test
  void badTextIsAnInvalidArgument() {
    assertThat(refused("")).hasMessageContaining("empty");
    assertThat(refused("a..b")).hasMessageContaining("empty label");
    assertThat(refused("..")).hasMessageContaining("empty label");
    assertThat(refused("a".repeat(64) + ".com"))
        .hasMessageContaining("64 bytes long, more than 63");
    String label = "a".repeat(63);
    assertThat(refused(String.join(".", label, label, label, label)))
        .hasMessageContaining("more than 255");
    assertThat(refused("bücher.example")).hasMessageContaining("xn--");
    assertThat(refused("a b.example")).hasMessageContaining("character 32");
    assertThat(refused("a\\.b")).hasMessageContaining("character 92");
    assertThat(refused("a\u007fb")).hasMessageContaining("character 127");
  }

  @Test
  void theLongestNameIs255Bytes() {
    String label = "a".repeat(63);
    assertThat(DnsName.parse(String.join(".", label, label, label, "b".repeat(61))).wireLength())
        .isEqualTo(255);
  }

  @Test
  void wireBytesOutsidePrintableAsciiAreEscaped() throws Exception {
    // A label "a.b" and one holding the bytes 0x00 and 0xff, as a message may carry them.
    byte[] m =
        Wire.header(1, 0x8180, 1, 0, 0, 0)
            .hexBytes("03 61 2e 62 02 00 ff 00")
            .u16(1)
            .u16(1)
            .build();
    DnsQuestion q = DnsDecoder.decode(m).question();
    assertThat(q).isNotNull();
    assertThat(q.name()).hasToString("a\\.b.\\000\\255.");
  }

  @Test
  void atOrBelowGoesByWholeLabelsWithoutCase() {
    DnsName www = DnsName.parse("www.example.com");
    assertThat(www.isAtOrBelow(DnsName.parse("EXAMPLE.com"))).isTrue();
    assertThat(www.isAtOrBelow(www)).isTrue();
    assertThat(www.isAtOrBelow(DnsName.ROOT)).isTrue();
    assertThat(www.isAtOrBelow(DnsName.parse("ample.com"))).as("not inside a label").isFalse();
    assertThat(DnsName.parse("example.com").isAtOrBelow(www)).isFalse();
  }
}
