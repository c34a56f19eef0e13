package org.dial4j.internal.dns;

/**
 * One question (RFC 1035 section 4.1.2): a name, a type and a class. Two questions are equal when
 * their types and classes are and their names are without regard to case (RFC 4343 section 3), as a
 * response's echoed question must be to answer a query (RFC 5452 section 9.1).
 *
 * @param name the name asked about, its case kept
 * @param type the record type, 0..65535 ({@link DnsCodes#TYPE_A}, ...)
 * @param qclass the class, 0..65535 ({@link DnsCodes#CLASS_IN})
 */
public record DnsQuestion(DnsName name, int type, int qclass) {
  /**
   * Checks the numbers.
   *
   * @throws IllegalArgumentException if the type or the class is outside 0..65535
   */
  public DnsQuestion {
    if ((type & ~0xffff) != 0 || (qclass & ~0xffff) != 0) {
      throw new IllegalArgumentException(
          "type " + type + " or class " + qclass + " is not 16 bits");
    }
  }

  /** A question of class IN. */
  public static DnsQuestion in(DnsName name, int type) {
    return new DnsQuestion(name, type, DnsCodes.CLASS_IN);
  }

  /** As dig writes it: {@code example.com. IN A}. */
  @Override
  public String toString() {
    return name
        + " "
        + (qclass == DnsCodes.CLASS_IN ? "IN" : "CLASS" + qclass)
        + " "
        + DnsCodes.typeName(type);
  }
}
