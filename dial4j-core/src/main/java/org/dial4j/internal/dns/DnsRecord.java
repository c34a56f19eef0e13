package org.dial4j.internal.dns;

/**
 * One resource record of class IN that the decoder reads (RFC 1035 section 4.1.3): its owner name,
 * type, TTL and data. Records of another class or of a type the decoder does not read are skipped
 * by their RDLENGTH and are in no list; the OPT pseudo-record is {@link DnsMessage#edns()}.
 *
 * @param name the owner name
 * @param type the record type ({@link DnsCodes#TYPE_A}, ...); SVCB and HTTPS share one data form
 * @param ttl the time to live in seconds, 0..2147483647: a TTL with its top bit set is read as 0
 *     (RFC 2181 section 8)
 * @param data the data, of the form the type says
 */
public record DnsRecord(DnsName name, int type, long ttl, RData data) {
  @Override
  public String toString() {
    return name + " " + ttl + " IN " + DnsCodes.typeName(type) + " " + data;
  }
}
