package org.dial4j.internal.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.dial4j.IpLiterals;

/**
 * The SvcParams of an SVCB or HTTPS record (RFC 9460 sections 2.2, 7 and 8), each checked against
 * its key's wire form; a key this codec does not know is kept with its value as sent. An RR whose
 * params break a rule is malformed (RFC 9460 section 2.2: "the end of the RDATA occurs within a
 * SvcParam", "SvcParamKeys are not in strictly increasing numeric order", "the SvcParamValue for a
 * SvcParamKey does not have the expected format"), and so is the message that carries it.
 *
 * <p>What the client then does with the params is the resolver's: RFC 9460 section 8 has it ignore
 * a ServiceMode record whose {@code mandatory} names a key it does not support, and section 2.4.2
 * an AliasMode record's params altogether.
 *
 * @param keys every key present, in increasing order
 * @param mandatory {@code mandatory} (key 0): the keys a client must support to use the record,
 *     increasing, without 0, each present in the record; empty if absent
 * @param alpn {@code alpn} (key 1): the ALPN protocol IDs (RFC 7301), one character per byte as the
 *     JDK's {@code jdk.tls.alpnCharset} default, ISO 8859-1, reads them; empty if absent
 * @param noDefaultAlpn {@code no-default-alpn} (key 2) is present
 * @param port {@code port} (key 3), if present
 * @param ipv4Hint the IPv4 hints (key 4, "ipv4hint"); empty if absent
 * @param ech {@code ech} (key 5): the TLS ECHConfigList, kept opaque for the TLS layer to read
 * @param ipv6Hint the IPv6 hints (key 6, "ipv6hint"); empty if absent
 * @param others the keys this codec does not know, each with its value as sent
 */
public record SvcParams(
    List<Integer> keys,
    List<Integer> mandatory,
    List<String> alpn,
    boolean noDefaultAlpn,
    OptionalInt port,
    List<Inet4Address> ipv4Hint,
    Optional<Octets> ech,
    List<Inet6Address> ipv6Hint,
    Map<Integer, Octets> others) {

  /** {@code mandatory}. */
  public static final int KEY_MANDATORY = 0;

  /** {@code alpn}. */
  public static final int KEY_ALPN = 1;

  /** {@code no-default-alpn}. */
  public static final int KEY_NO_DEFAULT_ALPN = 2;

  /** {@code port}. */
  public static final int KEY_PORT = 3;

  /** {@code ipv4hint}. */
  public static final int KEY_IPV4HINT = 4;

  /** {@code ech}. */
  public static final int KEY_ECH = 5;

  /** {@code ipv6hint}. */
  public static final int KEY_IPV6HINT = 6;

  /** No params at all. */
  public static final SvcParams NONE =
      new SvcParams(
          List.of(),
          List.of(),
          List.of(),
          false,
          OptionalInt.empty(),
          List.of(),
          Optional.empty(),
          List.of(),
          Map.of());

  /** Copies the lists and the map, which are then immutable (the map in key order). */
  public SvcParams {
    keys = List.copyOf(keys);
    mandatory = List.copyOf(mandatory);
    alpn = List.copyOf(alpn);
    ipv4Hint = List.copyOf(ipv4Hint);
    ipv6Hint = List.copyOf(ipv6Hint);
    others = Collections.unmodifiableMap(new TreeMap<>(others));
  }

  /**
   * Reads the params from the reader's position to {@code end}, the end of the record's data (the
   * reader's limit).
   */
  static SvcParams read(WireReader r, int end) throws DnsFormatException {
    if (r.pos() == end) {
      return NONE;
    }
    List<Integer> keys = new ArrayList<>();
    List<Integer> mandatory = List.of();
    List<String> alpn = List.of();
    boolean noDefaultAlpn = false;
    OptionalInt port = OptionalInt.empty();
    List<Inet4Address> ipv4Hint = List.of();
    Optional<Octets> ech = Optional.empty();
    List<Inet6Address> ipv6Hint = List.of();
    Map<Integer, Octets> others = new TreeMap<>();
    int mandatoryAt = -1;
    int previous = -1;
    while (r.pos() < end) {
      int at = r.pos();
      if (end - at < 4) {
        throw new DnsFormatException(
            at, "the SVCB data ends within a SvcParam (RFC 9460 section 2.2)");
      }
      int key = r.u16("a SvcParamKey");
      int length = r.u16("a SvcParamValue's length");
      if (key <= previous) {
        throw new DnsFormatException(
            at,
            "SvcParamKey "
                + key
                + " follows key "
                + previous
                + ": the keys must be strictly increasing (RFC 9460 section 2.2)");
      }
      previous = key;
      if (length > end - r.pos()) {
        throw new DnsFormatException(
            at + 2,
            "the value of SvcParamKey " + key + " runs past the SVCB data (RFC 9460 section 2.2)");
      }
      int valueEnd = r.pos() + length;
      switch (key) {
        case KEY_MANDATORY -> {
          mandatory = mandatory(r, at, length);
          mandatoryAt = at;
        }
        case KEY_ALPN -> alpn = alpn(r, at, valueEnd);
        case KEY_NO_DEFAULT_ALPN -> {
          if (length != 0) {
            throw new DnsFormatException(at, "no-default-alpn has a value (RFC 9460 section 7.1)");
          }
          noDefaultAlpn = true;
        }
        case KEY_PORT -> {
          if (length != 2) {
            throw new DnsFormatException(
                at, "port is " + length + " bytes, not 2 (RFC 9460 section 7.2)");
          }
          port = OptionalInt.of(r.u16("port"));
        }
        case KEY_IPV4HINT -> {
          List<Inet4Address> hints = new ArrayList<>(hintCount(at, length, 4, "ipv4hint"));
          while (r.pos() < valueEnd) {
            hints.add(r.inet4("ipv4hint"));
          }
          ipv4Hint = hints;
        }
        case KEY_ECH -> ech = Optional.of(r.octets(length, "ech"));
        case KEY_IPV6HINT -> {
          List<Inet6Address> hints = new ArrayList<>(hintCount(at, length, 16, "ipv6hint"));
          while (r.pos() < valueEnd) {
            hints.add(r.inet6("ipv6hint"));
          }
          ipv6Hint = hints;
        }
        default -> others.put(key, r.octets(length, "SvcParamKey " + key));
      }
      keys.add(key);
    }
    for (int key : mandatory) {
      if (!keys.contains(key)) {
        throw new DnsFormatException(
            mandatoryAt,
            "mandatory names SvcParamKey "
                + key
                + ", which the record does not have (RFC 9460 section 8)");
      }
    }
    return new SvcParams(
        keys, mandatory, alpn, noDefaultAlpn, port, ipv4Hint, ech, ipv6Hint, others);
  }

  /** RFC 9460 section 8: keys of 2 bytes, at least one, strictly increasing, never 0 itself. */
  private static List<Integer> mandatory(WireReader r, int at, int length)
      throws DnsFormatException {
    if (length == 0 || length % 2 != 0) {
      throw new DnsFormatException(
          at,
          "mandatory is "
              + length
              + " bytes, not a non-empty list of 2-byte keys (RFC 9460 section 8)");
    }
    List<Integer> keys = new ArrayList<>(length / 2);
    int previous = -1;
    for (int i = 0; i < length; i += 2) {
      int key = r.u16("a mandatory key");
      if (key == KEY_MANDATORY) {
        throw new DnsFormatException(at, "mandatory lists itself (RFC 9460 section 8)");
      }
      if (key <= previous) {
        throw new DnsFormatException(
            at, "mandatory's keys are not strictly increasing (RFC 9460 section 8)");
      }
      previous = key;
      keys.add(key);
    }
    return keys;
  }

  /** RFC 9460 section 7.1: one or more alpn-ids, each a length byte of 1..255 and its bytes. */
  private static List<String> alpn(WireReader r, int at, int valueEnd) throws DnsFormatException {
    if (r.pos() == valueEnd) {
      throw new DnsFormatException(at, "alpn is empty (RFC 9460 section 7.1)");
    }
    List<String> ids = new ArrayList<>();
    while (r.pos() < valueEnd) {
      int length = r.u8("an alpn-id's length");
      if (length == 0) {
        throw new DnsFormatException(
            r.pos() - 1, "alpn has an empty alpn-id (RFC 9460 section 7.1)");
      }
      if (length > valueEnd - r.pos()) {
        throw new DnsFormatException(
            r.pos() - 1, "an alpn-id runs past the alpn value (RFC 9460 section 7.1)");
      }
      ids.add(r.latin1(length, "an alpn-id"));
    }
    return ids;
  }

  /** RFC 9460 section 7.3: a non-empty list of whole addresses. */
  private static int hintCount(int at, int length, int size, String what)
      throws DnsFormatException {
    if (length == 0 || length % size != 0) {
      throw new DnsFormatException(
          at,
          what
              + " is "
              + length
              + " bytes, not a non-empty list of "
              + size
              + "-byte addresses (RFC 9460 section 7.3)");
    }
    return length / size;
  }

  /** As RFC 9460's presentation form, roughly: {@code alpn=h2,h3 port=443 ...}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (!mandatory.isEmpty()) {
      parts.add("mandatory=" + join(mandatory.stream().map(SvcParams::keyName).toList()));
    }
    if (!alpn.isEmpty()) {
      parts.add("alpn=" + join(alpn));
    }
    if (noDefaultAlpn) {
      parts.add("no-default-alpn");
    }
    port.ifPresent(p -> parts.add("port=" + p));
    if (!ipv4Hint.isEmpty()) {
      parts.add("ipv4hint=" + join(ipv4Hint.stream().map(Inet4Address::getHostAddress).toList()));
    }
    ech.ifPresent(e -> parts.add("ech=" + e));
    if (!ipv6Hint.isEmpty()) {
      parts.add(
          "ipv6hint="
              + join(ipv6Hint.stream().map(a -> IpLiterals.format(a.getAddress())).toList()));
    }
    others.forEach((k, v) -> parts.add("key" + k + "=" + v));
    return String.join(" ", parts);
  }

  private static String join(List<String> items) {
    return String.join(",", items);
  }

  /** A key's name in RFC 9460's presentation form ({@code key} and its number for the rest). */
  public static String keyName(int key) {
    return switch (key) {
      case KEY_MANDATORY -> "mandatory";
      case KEY_ALPN -> "alpn";
      case KEY_NO_DEFAULT_ALPN -> "no-default-alpn";
      case KEY_PORT -> "port";
      case KEY_IPV4HINT -> "ipv4hint";
      case KEY_ECH -> "ech";
      case KEY_IPV6HINT -> "ipv6hint";
      default -> "key" + key;
    };
  }
}
