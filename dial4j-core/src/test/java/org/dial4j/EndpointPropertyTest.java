package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever an endpoint writes, the parser reads back to an equal endpoint. */
class EndpointPropertyTest {

  @Property
  void inetEndpointRoundTrips(@ForAll("inetEndpoints") InetEndpoint e) {
    String text = e.toString();
    assertThat(Endpoint.parse(text)).isEqualTo(e);
    assertThat(Endpoint.parseInet(text)).isEqualTo(e);
    assertThat(Endpoint.parse(Network.TCP, text)).isEqualTo(e);
    assertThat(Endpoint.parse(Network.UDP, text)).isEqualTo(e);
  }

  @Property
  void inetEndpointKeepsItsParts(@ForAll("inetEndpoints") InetEndpoint e) {
    InetEndpoint copy = InetEndpoint.of(e.address(), e.scope().orElse(null), e.port());
    assertThat(copy).isEqualTo(e).hasSameHashCodeAs(e);
    assertThat(e.unmapped().toV4Mapped().unmapped()).isEqualTo(e.unmapped());
  }

  @Property
  void hostEndpointRoundTrips(@ForAll("hostEndpoints") HostEndpoint e) {
    assertThat(Endpoint.parse(e.toString())).isEqualTo(e);
    assertThat(Endpoint.parse(Network.TCP4, e.toString())).isEqualTo(e);
  }

  @Property
  void unixPathRoundTrips(@ForAll("slashPaths") String path) {
    UnixEndpoint e = UnixEndpoint.path(path);
    assertThat(Endpoint.parse(e.toString())).isEqualTo(e);
    assertThat(e.sunPath()).isEqualTo(path.getBytes(StandardCharsets.UTF_8));
  }

  @Property
  void abstractNameRoundTrips(@ForAll("abstractNames") String name) {
    UnixEndpoint e = UnixEndpoint.abstractName(name);
    assertThat(Endpoint.parse(e.toString())).isEqualTo(e);
    assertThat(e.sunPath()[0]).isZero();
  }

  @Property
  void unixNetworksRoundTrip(
      @ForAll("unixNetworks") Network network, @ForAll("unixEndpoints") UnixEndpoint e) {
    assertThat(Endpoint.parse(network, e.toString())).isEqualTo(e);
  }

  @Provide
  Arbitrary<InetEndpoint> inetEndpoints() {
    Arbitrary<Integer> ports = Arbitraries.integers().between(0, 65535);
    Arbitrary<byte[]> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
    Arbitrary<byte[]> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
    Arbitrary<byte[]> sparseV6 =
        Arbitraries.of((byte) 0, (byte) 0, (byte) 1, (byte) 0xff).array(byte[].class).ofSize(16);
    Arbitrary<byte[]> mapped = v4.map(a -> InetEndpoint.of(a, 0).toV4Mapped().address());
    Arbitrary<String> scopes =
        Arbitraries.oneOf(
            Arbitraries.just("lo"),
            Arbitraries.integers().between(0, Integer.MAX_VALUE).map(String::valueOf));
    Arbitrary<InetEndpoint> plain =
        Combinators.combine(Arbitraries.oneOf(v4, v6, sparseV6, mapped), ports)
            .as(InetEndpoint::of);
    Arbitrary<InetEndpoint> scoped =
        Combinators.combine(Arbitraries.oneOf(v6, sparseV6, mapped), scopes, ports)
            .as(InetEndpoint::of);
    return Arbitraries.oneOf(plain, scoped);
  }

  @Provide
  Arbitrary<HostEndpoint> hostEndpoints() {
    Arbitrary<String> label =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .withChars('-', '_')
            .ofMinLength(1)
            .ofMaxLength(63);
    // The first label starts with a letter, so that a name is never all digits and dots.
    Arbitrary<String> first = label.map(l -> "h" + l.substring(1));
    Arbitrary<String> rest = label.list().ofMaxSize(3).map(ls -> String.join(".", ls));
    Arbitrary<String> names =
        Combinators.combine(first, rest, Arbitraries.of("", "."))
            .as((f, r, dot) -> (r.isEmpty() ? f : f + "." + r) + dot)
            .filter(n -> n.length() <= 253);
    return Combinators.combine(names, Arbitraries.integers().between(0, 65535))
        .as(HostEndpoint::new);
  }

  @Provide
  Arbitrary<String> slashPaths() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('é', 'ß', '中', '\t')
        .ofMaxLength(40)
        .map(s -> "/" + s)
        .filter(EndpointPropertyTest::fitsSunPath);
  }

  @Provide
  Arbitrary<String> abstractNames() {
    return Arbitraries.strings()
        .withCharRange('\0', '~')
        .withChars('é', '中')
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(EndpointPropertyTest::fitsSunPath);
  }

  @Provide
  Arbitrary<UnixEndpoint> unixEndpoints() {
    Arbitrary<String> anyPath =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('é', '中')
            .ofMinLength(1)
            .ofMaxLength(40)
            .filter(s -> !s.startsWith("@") && fitsSunPath(s));
    return Arbitraries.oneOf(
        anyPath.map(UnixEndpoint::path), abstractNames().map(UnixEndpoint::abstractName));
  }

  @Provide
  Arbitrary<Network> unixNetworks() {
    return Arbitraries.of(Network.UNIX, Network.UNIXGRAM, Network.UNIXPACKET);
  }

  private static boolean fitsSunPath(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length <= UnixEndpoint.MAX_BYTES;
  }
}
