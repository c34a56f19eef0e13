package org.dial4j.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, {@link DnsDecoder#decode} and {@link DnsAnswer#of} end quickly, with a result
 * or a {@link DnsFormatException} and never another exception: random arrays, and the golden
 * responses mutated (bytes changed, cut, inserted, compression pointers written anywhere).
 */
class DnsDecoderPropertyTest {

  /** Far above what one message costs (microseconds); only a loop or a blow-up comes near it. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private static final DnsQuestion OTHER =
      DnsQuestion.in(DnsName.parse("example.com"), DnsCodes.TYPE_A);

  /** Decodes and reads {@code m} as the resolver would; only DnsFormatException may come out. */
  private static void readAsTheResolverWould(byte[] m) {
    long start = System.nanoTime();
    String outcome = "decoded";
    try {
      DnsMessage d = DnsDecoder.decode(m);
      DnsQuestion q = d.question() == null ? OTHER : d.question();
      var _ = d.answers(new DnsQuery(d.header().id(), q, true));
      var _ = d.toString(); // every name and datum written out, whatever bytes they hold
      try {
        outcome = DnsAnswer.of(d, q).getClass().getSimpleName();
      } catch (DnsFormatException e) {
        assertThat(e.getMessage()).startsWith("malformed DNS message");
        outcome = "decoded, answer refused";
      }
      try {
        var _ = DnsAnswer.of(d, OTHER);
      } catch (DnsFormatException e) {
        assertThat(e.getMessage()).startsWith("malformed DNS message");
      }
    } catch (DnsFormatException e) {
      assertThat(e.getMessage()).startsWith("malformed DNS message");
      assertThat(e.offset()).isBetween(-1, m.length);
      outcome = "refused";
    }
    Statistics.label("outcome").collect(outcome);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
  }

  @Property(tries = 3000)
  void randomBytes(@ForAll @Size(max = 600) byte[] bytes) {
    readAsTheResolverWould(bytes);
  }

  @Property(tries = 3000)
  void randomBytesAfterAPlausibleHeader(
      @ForAll @Size(max = 600) byte[] body, @ForAll("counts") int[] counts) {
    byte[] m = new byte[12 + body.length];
    m[2] = (byte) 0x81;
    m[3] = (byte) 0x80;
    for (int i = 0; i < 4; i++) {
      m[4 + 2 * i] = (byte) (counts[i] >>> 8);
      m[5 + 2 * i] = (byte) counts[i];
    }
    System.arraycopy(body, 0, m, 12, body.length);
    readAsTheResolverWould(m);
  }

  @Property(tries = 5000)
  void mutatedResponses(@ForAll("mutated") byte[] m) {
    readAsTheResolverWould(m);
  }

  @Provide
  Arbitrary<int[]> counts() {
    return Arbitraries.integers()
        .between(0, 4)
        .array(int[].class)
        .ofSize(4)
        .edgeCases(c -> c.add(new int[] {1, 0xffff, 0xffff, 0xffff}));
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    Arbitrary<byte[]> base = Arbitraries.of(List.of(Golden.all()));
    Arbitrary<int[]> edits =
        Arbitraries.integers()
            .between(0, Integer.MAX_VALUE)
            .array(int[].class)
            .ofMinSize(1)
            .ofMaxSize(4);
    return Combinators.combine(base, edits).as(DnsDecoderPropertyTest::mutate);
  }

  /**
   * Applies each edit: its low 3 bits the kind (0 to 3 set a byte, 4 cut, 5 insert a byte, 6 and 7
   * write a compression pointer), the next 10 the place, the next 8 the value.
   */
  static byte[] mutate(byte[] base, int[] edits) {
    byte[] m = base.clone();
    for (int e : edits) {
      int at = (e >>> 3 & 0x3ff) % (m.length + 1);
      byte value = (byte) (e >>> 13);
      switch (e & 7) {
        case 0, 1, 2, 3 -> {
          if (at < m.length) {
            m[at] = value;
          }
        }
        case 4 -> m = Arrays.copyOf(m, at);
        case 5 -> {
          byte[] longer = new byte[m.length + 1];
          System.arraycopy(m, 0, longer, 0, at);
          longer[at] = value;
          System.arraycopy(m, at, longer, at + 1, m.length - at);
          m = longer;
        }
        default -> {
          if (at + 1 < m.length) {
            m[at] = (byte) (0xc0 | (e >>> 21 & 0x3f));
            m[at + 1] = value;
          }
        }
      }
    }
    return m;
  }

  @Test
  void theWorstMessageIsStillCheap() throws Exception {
    // 65535 bytes of records whose owners each follow the longest chain of pointers allowed:
    // answer 1 (opaque) holds 126 pointers each to the one before, the first to the question's
    // name; every later answer's owner is a pointer to the last of them.
    int pointers = WireReader.MAX_JUMPS - 1;
    Wire w = Wire.header(1, 0x8180, 1, 0, 0, 0).question("example.com", DnsCodes.TYPE_A);
    w.u8(0).rrHeader(99, 60, 2 * pointers);
    int first = w.at();
    w.pointer(12);
    for (int i = 1; i < pointers; i++) {
      w.pointer(first + 2 * (i - 1));
    }
    int top = first + 2 * (pointers - 1);
    int records = 1;
    while (w.at() + 16 <= DnsDecoder.MAX_MESSAGE) {
      w.pointer(top).rrHeader(DnsCodes.TYPE_A, 60, 4).hexBytes("c0 00 02 01");
      records++;
    }
    byte[] m = w.build();
    m[6] = (byte) (records >>> 8);
    m[7] = (byte) records;
    long start = System.nanoTime();
    DnsMessage d = DnsDecoder.decode(m);
    DnsAnswer.Records r = (DnsAnswer.Records) DnsAnswer.of(d, OTHER);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    assertThat(r.addresses()).hasSize(records - 1);
  }
}
