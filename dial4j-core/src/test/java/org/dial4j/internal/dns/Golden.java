package org.dial4j.internal.dns;

/**
 * Hand-built responses of the shapes a stub resolver meets, byte by byte, the offset of each line
 * in its comment. Shared by the golden tests and the property tests (which mutate them).
 */
final class Golden {
  private Golden() {}

  /** {@code www.example.com. A}: two addresses, each owner a pointer to the question's name. */
  static final byte[] A_COMPRESSED =
      Wire.hex(
          "12 34 81 80 00 01 00 02 00 00 00 00", // 0: ID 0x1234; QR RD RA; QD 1, AN 2
          "03 77 77 77 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // 12: www.example.com.
          "00 01 00 01", // 29: A IN
          "c0 0c 00 01 00 01 00 00 0e 10 00 04 c0 00 02 0a", // 33: @12 A IN 3600 192.0.2.10
          "c0 0c 00 01 00 01 00 00 01 2c 00 04 c0 00 02 0b"); // 49: @12 A IN 300 192.0.2.11

  /** {@code example.com. AAAA}, AD set, with the server's OPT record. */
  static final byte[] AAAA_EDNS =
      Wire.hex(
          "ab cd 81 a0 00 01 00 01 00 00 00 01", // 0: QR RD RA AD; QD 1, AN 1, AR 1
          "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // 12: example.com.
          "00 1c 00 01", // 25: AAAA IN
          "c0 0c 00 1c 00 01 00 00 00 3c 00 10", // 29: @12 AAAA IN 60, 16 bytes:
          "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01", // 41: 2001:db8::1
          "00 00 29 04 d0 00 00 00 00 00 00"); // 57: OPT: root, UDP 1232, TTL 0, no options

  /** {@code www.example.org. A} through two CNAMEs, their names compressed into each other. */
  static final byte[] CNAME_CHAIN =
      Wire.hex(
          "00 07 81 80 00 01 00 03 00 00 00 00", // 0: QR RD RA; QD 1, AN 3
          "03 77 77 77 07 65 78 61 6d 70 6c 65 03 6f 72 67 00", // 12: www.example.org.
          "00 01 00 01", // 29: A IN
          "c0 0c 00 05 00 01 00 00 02 58 00 0f", // 33: @12 CNAME IN 600, 15 bytes:
          "01 61 07 65 78 61 6d 70 6c 65 03 6e 65 74 00", // 45: a.example.net.
          "c0 2d 00 05 00 01 00 00 00 78 00 04", // 60: @45 CNAME IN 120, 4 bytes:
          "01 62 c0 2f", // 72: b + @47 (example.net.)
          "c0 48 00 01 00 01 00 00 0e 10 00 04 c6 33 64 07"); // 76: @72 A IN 3600 198.51.100.7

  /** {@code nope.example.com. A}: NXDOMAIN, the zone's SOA in the authority section. */
  static final byte[] NXDOMAIN_SOA =
      Wire.hex(
          "00 08 81 83 00 01 00 00 00 01 00 00", // 0: QR RD RA, NXDOMAIN; QD 1, NS 1
          "04 6e 6f 70 65 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // 12: nope.example.com.
          "00 01 00 01", // 30: A IN
          "c0 11 00 06 00 01 00 00 03 84 00 27", // 34: @17 (example.com.) SOA IN 900, 39 bytes:
          "03 6e 73 31 c0 11", // 46: MNAME ns1 + @17
          "0a 68 6f 73 74 6d 61 73 74 65 72 c0 11", // 52: RNAME hostmaster + @17
          "78 a3 f1 75", // 65: SERIAL 2024010101
          "00 00 1c 20 00 00 0e 10 00 12 75 00 00 00 01 2c"); // 69: 7200 3600 1209600 MINIMUM 300

  /** {@code example.com. AAAA}: NOERROR, no answer, the SOA in the authority section (NODATA). */
  static final byte[] NODATA_SOA =
      Wire.hex(
          "00 09 81 80 00 01 00 00 00 01 00 00", // 0: QR RD RA; QD 1, NS 1
          "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00", // 12: example.com.
          "00 1c 00 01", // 25: AAAA IN
          "c0 0c 00 06 00 01 00 00 00 3c 00 22", // 29: @12 SOA IN 60, 34 bytes:
          "03 6e 73 31 c0 0c", // 41: MNAME ns1 + @12
          "05 61 64 6d 69 6e c0 0c", // 47: RNAME admin + @12
          "00 00 00 01 00 00 1c 20 00 00 0e 10", // 55: SERIAL 1, REFRESH 7200, RETRY 3600
          "00 12 75 00 00 00 0e 10"); // 67: EXPIRE 1209600, MINIMUM 3600

  /** {@code example.com. TXT}, TC set and nothing else: to be asked again over TCP. */
  static final byte[] TRUNCATED =
      Wire.hex(
          "00 0a 83 80 00 01 00 00 00 00 00 00", // 0: QR TC RD RA; QD 1
          "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 10 00 01"); // 12: example.com. TXT IN

  /** {@code example.com. A}: BADVERS, whose upper bits only the OPT record carries. */
  static final byte[] EDNS_BADVERS =
      Wire.hex(
          "00 0b 81 00 00 01 00 00 00 00 00 01", // 0: QR RD, header RCODE 0; QD 1, AR 1
          "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01", // 12: example.com. A IN
          "00 00 29 10 00 01 00 80 00 00 08", // 29: OPT: UDP 4096; ext. RCODE 1, version 0, DO
          "00 03 00 04 6e 73 30 31"); // 40: option NSID (RFC 5001), 4 bytes: "ns01"

  /** {@code example.com. HTTPS}: ServiceMode at the owner with alpn, port, hints and ech. */
  static final byte[] HTTPS_SERVICE =
      Wire.hex(
          "00 0c 81 80 00 01 00 01 00 00 00 00", // 0: QR RD RA; QD 1, AN 1
          "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 41 00 01", // 12: example.com. HTTPS IN
          "c0 0c 00 41 00 01 00 00 0e 10 00 3d", // 29: @12 HTTPS IN 3600, 61 bytes:
          "00 01", // 41: SvcPriority 1
          "00", // 43: TargetName . (the owner)
          "00 01 00 06 02 68 33 02 68 32", // 44: alpn=h3,h2
          "00 03 00 02 20 fb", // 54: port=8443
          "00 04 00 08 c0 00 02 01 c0 00 02 02", // 60: ipv4hint=192.0.2.1,192.0.2.2
          "00 05 00 06 00 04 fe 0d 00 00", // 72: ech (opaque here)
          "00 06 00 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"); // 82: ipv6hint

  /** {@code example.com. HTTPS}: AliasMode (SvcPriority 0) to svc.example.net. */
  static final byte[] HTTPS_ALIAS =
      Wire.hex(
          "00 0d 81 80 00 01 00 01 00 00 00 00", // 0: QR RD RA; QD 1, AN 1
          "07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 41 00 01", // 12: example.com. HTTPS IN
          "c0 0c 00 41 00 01 00 00 01 2c 00 13", // 29: @12 HTTPS IN 300, 19 bytes:
          "00 00", // 41: SvcPriority 0: AliasMode
          "03 73 76 63 07 65 78 61 6d 70 6c 65 03 6e 65 74 00"); // 43: svc.example.net.

  /** All of them, for the property tests. */
  static byte[][] all() {
    return new byte[][] {
      A_COMPRESSED,
      AAAA_EDNS,
      CNAME_CHAIN,
      NXDOMAIN_SOA,
      NODATA_SOA,
      TRUNCATED,
      EDNS_BADVERS,
      HTTPS_SERVICE,
      HTTPS_ALIAS
    };
  }

  /** A response to {@code example.com.} of {@code type} whose one answer has {@code rdata}. */
  static byte[] withRdata(int type, byte[] rdata) {
    return Wire.header(1, 0x8180, 1, 1, 0, 0)
        .question("example.com", type)
        .pointer(12)
        .rrHeader(type, 300, rdata.length)
        .bytes(rdata)
        .build();
  }
}
