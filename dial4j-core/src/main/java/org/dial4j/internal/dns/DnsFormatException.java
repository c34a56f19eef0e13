package org.dial4j.internal.dns;

import java.io.Serial;

/**
 * A DNS message that breaks the rules of its RFCs: cut short, a count or a length that runs past
 * its end, a compression pointer that does not point backwards, a name or label too long, a record
 * whose data does not have its type's form. The resolver answers it with EBADMSG.
 *
 * <p>The decoder throws nothing else for any input: every read is bounds-checked first, every loop
 * is bounded, and nothing is allocated with a size the message chose before that size is checked
 * against the bytes that are left.
 */
public final class DnsFormatException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /** Where the defect is, counted from the first byte; -1 if in no one place. */
  private final int offset;

  /**
   * A defect found at a place in the message.
   *
   * @param offset where in the message the defect is, counted from its first byte, or -1 when it is
   *     in no one place (an answer that contradicts itself)
   * @param detail what is wrong
   */
  public DnsFormatException(int offset, String detail) {
    super(
        offset < 0
            ? "malformed DNS message: " + detail
            : "malformed DNS message at byte " + offset + ": " + detail);
    this.offset = offset;
  }

  /** A defect of the message as a whole (no one byte is at fault). */
  public DnsFormatException(String detail) {
    this(-1, detail);
  }

  /** Where the defect is, counted from the message's first byte; -1 if in no one place. */
  public int offset() {
    return offset;
  }
}
