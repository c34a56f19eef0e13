package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.testing.FuzzTarget;
import org.jspecify.annotations.Nullable;

/**
 * {@link Endpoint#parse}, with and without a network, and {@link Endpoint#parseInet} on any text:
 * an endpoint whose canonical text reads back to an equal one, or the documented typed error
 * (InvalidArgumentException with EINVAL, or EAFNOSUPPORT for a family the network excludes, naming
 * the input); nothing else escapes.
 */
@FuzzTarget
class EndpointFuzzTest {
  private static final Network[] NETWORKS = Network.values();

  @FuzzTest(maxDuration = "10s")
  void parseThenFormatRoundTrips(FuzzedDataProvider data) {
    int n = data.consumeInt(-1, NETWORKS.length - 1);
    Network network = n < 0 ? null : NETWORKS[n];
    String text = data.consumeRemainingAsString();
    roundTrips(network, text);
  }

  /** One input: parsed, or refused with the typed error; a parsed one read back from its text. */
  static void roundTrips(@Nullable Network network, String text) {
    Endpoint e;
    try {
      e = parse(network, text);
    } catch (InvalidArgumentException refused) {
      assertRefusal(refused, text, network != null);
      inetAlsoRefuses(text);
      return;
    }
    String canonical = e.toString();
    Endpoint back = parse(network, canonical);
    assertThat(back).as("parse(%s) of %s", canonical, text).isEqualTo(e);
    assertThat(back.toString()).isEqualTo(canonical);
    assertThat(back.hashCode()).isEqualTo(e.hashCode());
    if (e instanceof InetEndpoint ip) {
      assertThat(Endpoint.parseInet(canonical)).isEqualTo(ip);
    } else {
      inetAlsoRefuses(canonical);
    }
  }

  private static Endpoint parse(@Nullable Network network, String text) {
    return network == null ? Endpoint.parse(text) : Endpoint.parse(network, text);
  }

  /** parseInet takes only IP endpoints: any text either is one or gets EINVAL naming it. */
  private static void inetAlsoRefuses(String text) {
    try {
      InetEndpoint ip = Endpoint.parseInet(text);
      assertThat(Endpoint.parseInet(ip.toString())).isEqualTo(ip);
    } catch (InvalidArgumentException refused) {
      assertRefusal(refused, text, false);
    }
  }

  private static void assertRefusal(InvalidArgumentException e, String text, boolean network) {
    if (network) {
      assertThat(e.errno()).isIn(Errno.EINVAL, Errno.EAFNOSUPPORT);
    } else {
      assertThat(e.errno()).isEqualTo(Errno.EINVAL);
    }
    assertThat(e.input()).contains(text);
    assertThat(e.getMessage()).isNotBlank();
  }
}
