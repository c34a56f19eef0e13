package org.dial4j.internal.dns;

/**
 * The numbers of the DNS this codec reads and writes: record types (RFC 1035 section 3.2.2, RFC
 * 3596, RFC 6891, RFC 9460), the class IN, the opcode QUERY and the response codes (RFC 1035
 * section 4.1.1, RFC 6891 section 9 for BADVERS).
 */
public final class DnsCodes {
  private DnsCodes() {}

  /** An IPv4 address (RFC 1035 section 3.4.1). */
  public static final int TYPE_A = 1;

  /** An authoritative name server (RFC 1035 section 3.3.11); skipped by the decoder. */
  public static final int TYPE_NS = 2;

  /** An alias (RFC 1035 section 3.3.1). */
  public static final int TYPE_CNAME = 5;

  /** The start of a zone of authority (RFC 1035 section 3.3.13). */
  public static final int TYPE_SOA = 6;

  /** An IPv6 address (RFC 3596 section 2.1). */
  public static final int TYPE_AAAA = 28;

  /** The EDNS pseudo-record (RFC 6891 section 6.1.1). */
  public static final int TYPE_OPT = 41;

  /** A service binding (RFC 9460 section 2). */
  public static final int TYPE_SVCB = 64;

  /** A service binding for HTTPS (RFC 9460 section 9). */
  public static final int TYPE_HTTPS = 65;

  /** The Internet class (RFC 1035 section 3.2.4). */
  public static final int CLASS_IN = 1;

  /** A standard query (RFC 1035 section 4.1.1). */
  public static final int OPCODE_QUERY = 0;

  /** No error. */
  public static final int RCODE_NOERROR = 0;

  /** The server could not read the query. */
  public static final int RCODE_FORMERR = 1;

  /** The server could not answer it. */
  public static final int RCODE_SERVFAIL = 2;

  /** The name does not exist (RFC 2308's NXDOMAIN). */
  public static final int RCODE_NXDOMAIN = 3;

  /** The server does not do this kind of query. */
  public static final int RCODE_NOTIMP = 4;

  /** The server will not answer, by policy. */
  public static final int RCODE_REFUSED = 5;

  /** The server does not speak the query's EDNS version (RFC 6891 section 9; 12 bits). */
  public static final int RCODE_BADVERS = 16;

  /** A type's mnemonic, or {@code TYPE} and its number for the rest (RFC 3597 section 5). */
  public static String typeName(int type) {
    return switch (type) {
      case TYPE_A -> "A";
      case TYPE_NS -> "NS";
      case TYPE_CNAME -> "CNAME";
      case TYPE_SOA -> "SOA";
      case TYPE_AAAA -> "AAAA";
      case TYPE_OPT -> "OPT";
      case TYPE_SVCB -> "SVCB";
      case TYPE_HTTPS -> "HTTPS";
      default -> "TYPE" + type;
    };
  }

  /** A response code's mnemonic, or {@code RCODE} and its number for the rest. */
  public static String rcodeName(int rcode) {
    return switch (rcode) {
      case RCODE_NOERROR -> "NOERROR";
      case RCODE_FORMERR -> "FORMERR";
      case RCODE_SERVFAIL -> "SERVFAIL";
      case RCODE_NXDOMAIN -> "NXDOMAIN";
      case RCODE_NOTIMP -> "NOTIMP";
      case RCODE_REFUSED -> "REFUSED";
      case RCODE_BADVERS -> "BADVERS";
      default -> "RCODE" + rcode;
    };
  }
}
