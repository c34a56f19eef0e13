package org.dial4j.internal.dns;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A decoded message ({@link DnsDecoder}): its header, its question, the records of its three
 * sections that the decoder reads, and its OPT record. Immutable.
 *
 * @param header the ID and flags
 * @param question the question; null only when the message has none (an error response may not echo
 *     a query its server could not read, RFC 1035 section 4.1.1's FORMERR)
 * @param answers the answer section's records
 * @param authorities the authority section's records (the SOA of a negative answer)
 * @param additionals the additional section's records, without the OPT record
 * @param edns the OPT record, or null if there is none
 * @param trailingBytes how many bytes followed the last record; they are not read (see {@link
 *     DnsDecoder})
 */
public record DnsMessage(
    DnsHeader header,
    @Nullable DnsQuestion question,
    List<DnsRecord> answers,
    List<DnsRecord> authorities,
    List<DnsRecord> additionals,
    @Nullable Edns edns,
    int trailingBytes) {

  /** Copies the lists, which are then immutable. */
  public DnsMessage {
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  /**
   * The whole response code: the header's four bits under the OPT record's eight (RFC 6891 section
   * 6.1.3), 0..4095.
   */
  public int rcode() {
    return header.rcode() | (edns == null ? 0 : edns.extendedRcode() << 4);
  }

  /**
   * Whether this message answers {@code query} (RFC 5452 section 9.1): a response, of opcode QUERY,
   * with the query's ID, echoing its question (the name without regard to case, the type and the
   * class). An error response that echoes no question (see {@link #question()}) answers it too, if
   * its code is neither NOERROR nor NXDOMAIN: a bare error says nothing about the name. The
   * addresses and ports are the resolver's to match.
   */
  public boolean answers(DnsQuery query) {
    if (!header.response()
        || header.opcode() != DnsCodes.OPCODE_QUERY
        || header.id() != query.id()) {
      return false;
    }
    if (question == null) {
      int rcode = rcode();
      return rcode != DnsCodes.RCODE_NOERROR && rcode != DnsCodes.RCODE_NXDOMAIN;
    }
    return question.equals(query.question());
  }
}
