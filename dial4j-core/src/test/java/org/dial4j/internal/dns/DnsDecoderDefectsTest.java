package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each defect the decoder refuses, one test each: a {@link DnsFormatException} that says what is
 * wrong and at which byte. (The SvcParams' defects are in {@link SvcbVectorsTest}.)
 */
class DnsDecoderDefectsTest {

  private static DnsFormatException rejected(byte[] message) {
    Throwable t = catchThrowable(() -> DnsDecoder.decode(message));
    assertThat(t).isInstanceOf(DnsFormatException.class);
    DnsFormatException e = (DnsFormatException) t;
    assertThat(e.getMessage()).startsWith("malformed DNS message");
    return e;
  }

  /** A response header with one question, {@code an} answers and {@code ar} additionals. */
  private static Wire response(int an, int ar) {
    return Wire.header(1, 0x8180, 1, an, 0, ar).question("example.com", DnsCodes.TYPE_A);
  }

  // The header and the counts.

  @Test
  void aHeaderShorterThan12Bytes() {
    for (int length = 0; length < 12; length++) {
      DnsFormatException e = rejected(new byte[length]);
      assertThat(e).hasMessageContaining("the header needs 12 bytes, the message has " + length);
      assertThat(e.offset()).isEqualTo(length);
    }
  }

  @Test
  void countsBeyondTheData() {
    byte[] m = Wire.header(1, 0x8180, 1, 1000, 0, 0).question("example.com", 1).build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("AN 1000").hasMessageContaining("need at least 11005 bytes");
    assertThat(e.offset()).isEqualTo(4);
  }

  @Test
  void countsOfRecordsThatAreNotThere() {
    // The counts fit the bytes by the smallest record (11 bytes), but answer 2 ends at its TYPE.
    byte[] m =
        response(2, 0)
            .pointer(12) // 29: answer 1
            .rrHeader(DnsCodes.TYPE_A, 60, 4)
            .hexBytes("c0 00 02 01")
            .name("example.com") // 45: answer 2
            .u16(DnsCodes.TYPE_A) // 58
            .build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("the CLASS of answer record 2 needs 2 bytes, 0 are left");
    assertThat(e.offset()).isEqualTo(60);
  }

  @Test
  void moreThanOneQuestion() {
    byte[] m =
        Wire.header(1, 0x8180, 2, 0, 0, 0).question("a.test", 1).question("b.test", 1).build();
    assertThat(rejected(m)).hasMessageContaining("QDCOUNT is 2");
  }

  @Test
  void aMessageOver65535Bytes() {
    byte[] m = Arrays.copyOf(Golden.A_COMPRESSED, 65536);
    assertThat(rejected(m)).hasMessageContaining("more than 65535");
  }

  @Test
  void aLengthOutsideTheBufferIsTheCallersMistake() {
    assertThatThrownBy(() -> DnsDecoder.decode(new byte[12], 13))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  // Names and their compression pointers.

  @Test
  void aPointerToItself() {
    byte[] m = Wire.header(1, 0x8180, 1, 0, 0, 0).pointer(12).u16(1).u16(1).build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("points to 12, not before 12");
    assertThat(e.offset()).isEqualTo(12);
  }

  @Test
  void aPointerForward() {
    byte[] m =
        response(1, 0).pointer(45).rrHeader(DnsCodes.TYPE_A, 60, 4).hexBytes("c0 00 02 01").build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("the owner name of answer record 1");
    assertThat(e).hasMessageContaining("points to 45, not before 29");
    assertThat(e.offset()).isEqualTo(29);
  }

  @Test
  void aPointerIntoTheHeader() {
    byte[] m =
        response(1, 0).pointer(4).rrHeader(DnsCodes.TYPE_A, 60, 4).hexBytes("c0 00 02 01").build();
    assertThat(rejected(m)).hasMessageContaining("points into the header");
  }

  @Test
  void twoPointersThatPointAtEachOther() {
    // Answer 1 (type 99, opaque) carries a pointer at 40 to offset 42, where answer 2's owner is
    // a pointer back to 40: 42 -> 40 -> 42 would loop, and the second jump goes forward.
    byte[] m =
        response(2, 0)
            .u8(0) // 29: answer 1's owner, the root
            .rrHeader(99, 60, 2) // 30
            .pointer(42) // 40: its opaque data
            .pointer(40) // 42: answer 2's owner
            .rrHeader(DnsCodes.TYPE_A, 60, 4)
            .hexBytes("c0 00 02 01")
            .build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("points to 42, not before 40");
    assertThat(e.offset()).isEqualTo(40);
  }

  /**
   * A response whose answer 2's owner follows {@code jumps} pointers: answer 1 (type 99, opaque)
   * holds a pointer to the question's name and then pointers each to the one before.
   */
  private static byte[] pointerChain(int jumps) {
    int pointers = jumps - 1;
    Wire w = response(2, 0).u8(0).rrHeader(99, 60, 2 * pointers);
    int first = w.at();
    w.pointer(12);
    for (int i = 1; i < pointers; i++) {
      w.pointer(first + 2 * (i - 1));
    }
    return w.pointer(first + 2 * (pointers - 1))
        .rrHeader(DnsCodes.TYPE_A, 60, 4)
        .hexBytes("c0 00 02 01")
        .build();
  }

  @Test
  void aPointerChainLongerThanTheBound() throws Exception {
    assertThat(DnsDecoder.decode(pointerChain(WireReader.MAX_JUMPS)).answers())
        .singleElement()
        .hasToString("example.com. 60 IN A 192.0.2.1");
    assertThat(rejected(pointerChain(WireReader.MAX_JUMPS + 1)))
        .hasMessageContaining("follows more than 127 compression pointers");
  }

  @Test
  void aLabelLongerThan63() {
    byte[] m =
        Wire.header(1, 0x8180, 1, 0, 0, 0).u8(64).bytes(new byte[64]).u8(0).u16(1).u16(1).build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("length byte 64").hasMessageContaining("1 to 63");
    assertThat(e.offset()).isEqualTo(12);
  }

  @Test
  void aNameLongerThan255Bytes() {
    // Four labels of 63: 4 * 64 + 1 = 257 bytes.
    String label = "a".repeat(63);
    String name = String.join(".", label, label, label, label);
    DnsFormatException e = rejected(Wire.header(1, 0x8180, 1, 0, 0, 0).question(name, 1).build());
    assertThat(e).hasMessageContaining("the question's name is longer than 255 bytes");
    assertThat(e.offset()).isEqualTo(12 + 3 * 64);
  }

  @Test
  void aNameOfExactly255BytesIsRead() throws Exception {
    // Three labels of 63 and one of 61: 3 * 64 + 62 + 1 = 255 bytes.
    String label = "a".repeat(63);
    String name = String.join(".", label, label, label, "b".repeat(61));
    DnsMessage m = DnsDecoder.decode(Wire.header(1, 0x8180, 1, 0, 0, 0).question(name, 1).build());
    assertThat(m.question()).isNotNull();
    assertThat(m.question().name().wireLength()).isEqualTo(255);
  }

  @Test
  void aNameLongerThan255BytesThroughPointers() {
    // Answer 1's owner: labels of 63, 63, 63 and 50 (243 bytes) then a pointer to the question's
    // example.com. (13 bytes): 256 in all.
    String label = "a".repeat(63);
    byte[] m =
        response(1, 0)
            .labels(String.join(".", label, label, label, "b".repeat(50)))
            .pointer(12)
            .rrHeader(DnsCodes.TYPE_A, 60, 4)
            .hexBytes("c0 00 02 01")
            .build();
    assertThat(rejected(m)).hasMessageContaining("longer than 255 bytes");
  }

  @Test
  void theReservedLabelType01() {
    byte[] m = Wire.header(1, 0x8180, 1, 0, 0, 0).hexBytes("41 00 00 01 00 01").build();
    assertThat(rejected(m)).hasMessageContaining("extended label type (RFC 6891 section 5)");
  }

  @Test
  void theReservedLabelType10() {
    byte[] m = Wire.header(1, 0x8180, 1, 0, 0, 0).hexBytes("81 00 00 01 00 01").build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("length byte 129").hasMessageContaining("reserved");
    assertThat(e.offset()).isEqualTo(12);
  }

  @Test
  void aNameRunningPastTheMessage() {
    byte[] m =
        Wire.header(1, 0x8180, 0, 1, 0, 0).hexBytes("0a 61 62 63 64 65 66 67 68 69 70").build();
    assertThat(rejected(m)).hasMessageContaining("runs past the end");
  }

  // Records.

  @Test
  void anRdlengthPastTheEnd() {
    byte[] m =
        response(1, 0)
            .pointer(12)
            .rrHeader(DnsCodes.TYPE_A, 60, 10)
            .hexBytes("c0 00 02 01")
            .build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("RDLENGTH of answer record 1 is 10, past the end");
    assertThat(e.offset()).isEqualTo(39);
  }

  @Test
  void anARecordNotOf4Bytes() {
    DnsFormatException e = rejected(Golden.withRdata(DnsCodes.TYPE_A, Wire.hex("c0 00 02 01 07")));
    assertThat(e).hasMessageContaining("an A record, is 5, not 4");
    assertThat(e.offset()).isEqualTo(39);
    assertThat(rejected(Golden.withRdata(DnsCodes.TYPE_A, Wire.hex("c0 00 02"))))
        .hasMessageContaining("is 3, not 4");
  }

  @Test
  void anAaaaRecordNotOf16Bytes() {
    assertThat(rejected(Golden.withRdata(DnsCodes.TYPE_AAAA, Wire.hex("c0 00 02 01"))))
        .hasMessageContaining("an AAAA record, is 4, not 16");
  }

  @Test
  void aCnameWhoseNameDoesNotFillItsRdata() {
    DnsFormatException e =
        rejected(Golden.withRdata(DnsCodes.TYPE_CNAME, Wire.hex("01 61 c0 0c 00")));
    assertThat(e).hasMessageContaining("the CNAME data of answer record 1 leaves 1");
    assertThat(e.offset()).isEqualTo(45);
  }

  @Test
  void aCnameWhoseNameRunsPastItsRdata() {
    // RDLENGTH 3 of the 4 bytes of "a" + a pointer: the pointer is cut by the record's end.
    byte[] m =
        response(1, 0)
            .pointer(12)
            .rrHeader(DnsCodes.TYPE_CNAME, 60, 3)
            .hexBytes("01 61 c0 0c")
            .build();
    assertThat(rejected(m)).hasMessageContaining("cut short");
    byte[] labels = Golden.withRdata(DnsCodes.TYPE_CNAME, Wire.hex("03 61 62"));
    assertThat(rejected(labels)).hasMessageContaining("runs past the end");
  }

  private static final String SOA_RDATA =
      "02 6e 73 c0 0c" // MNAME ns + @12
          + "02 68 6d c0 0c" // RNAME hm + @12
          + "00 00 00 01 00 00 0e 10 00 00 02 58 00 01 51 80 00 00 01 2c"; // five numbers

  @Test
  void anSoaIsReadWhenItFillsItsRdata() throws Exception {
    byte[] m = Golden.withRdata(DnsCodes.TYPE_SOA, Wire.hex(SOA_RDATA));
    assertThat(DnsDecoder.decode(m).answers().getFirst().data())
        .hasToString("ns.example.com. hm.example.com. 1 3600 600 86400 300");
  }

  @Test
  void anSoaWithBytesLeftOver() {
    DnsFormatException e = rejected(Golden.withRdata(DnsCodes.TYPE_SOA, Wire.hex(SOA_RDATA, "ff")));
    assertThat(e).hasMessageContaining("the SOA data of answer record 1 leaves 1");
  }

  @Test
  void anSoaCutShort() {
    byte[] rdata = Wire.hex(SOA_RDATA);
    byte[] m = Golden.withRdata(DnsCodes.TYPE_SOA, Arrays.copyOf(rdata, rdata.length - 1));
    assertThat(rejected(m))
        .hasMessageContaining("the MINIMUM of answer record 1 needs 4 bytes, 3 are left");
  }

  @Test
  void unknownTypesAndClassesAreSkippedByLength() throws Exception {
    byte[] m =
        response(2, 0)
            .pointer(12)
            .rrHeader(0xff00, 60, 5)
            .hexBytes("c0 ff ff ff ff") // opaque: would be a forward pointer if read as a name
            .pointer(12)
            .rrHeader(DnsCodes.TYPE_A, 60, 4)
            .hexBytes("c0 00 02 01")
            .build();
    assertThat(DnsDecoder.decode(m).answers())
        .singleElement()
        .hasToString("example.com. 60 IN A 192.0.2.1");
  }

  // OPT.

  private static Wire opt(Wire w, String owner, String rdata) {
    byte[] data = Wire.hex(rdata);
    return w.name(owner).u16(DnsCodes.TYPE_OPT).u16(1232).u32(0).u16(data.length).bytes(data);
  }

  @Test
  void twoOptRecords() {
    byte[] m = opt(opt(response(0, 2), "", ""), "", "").build();
    DnsFormatException e = rejected(m);
    assertThat(e).hasMessageContaining("a second OPT record");
    assertThat(e.offset()).isEqualTo(40);
  }

  @Test
  void anOptRecordNotOwnedByTheRoot() {
    DnsFormatException e = rejected(opt(response(0, 1), "example.com", "").build());
    assertThat(e).hasMessageContaining("an OPT record owned by example.com., not the root");
    assertThat(e.offset()).isEqualTo(29);
  }

  @Test
  void anOptRecordInTheAnswerSection() {
    assertThat(rejected(opt(response(1, 0), "", "").build()))
        .hasMessageContaining("an OPT record in the answer section");
  }

  @Test
  void anEdnsOptionPastItsRecord() {
    assertThat(rejected(opt(response(0, 1), "", "00 03 00 05 6e 73").build()))
        .hasMessageContaining("an EDNS option needs 5 bytes, 2 are left");
  }

  // What is not a defect.

  @Test
  void trailingBytesAreCountedNotRefused() throws Exception {
    byte[] m = Arrays.copyOf(Golden.NXDOMAIN_SOA, Golden.NXDOMAIN_SOA.length + 7);
    m[m.length - 1] = (byte) 0xc0; // whatever they hold
    assertThat(DnsDecoder.decode(m).trailingBytes()).isEqualTo(7);
  }
}
