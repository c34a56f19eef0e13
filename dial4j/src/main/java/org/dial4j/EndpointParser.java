package org.dial4j;

/** Parsing for {@link Endpoint}. (CONTRACT STUB.) */
final class EndpointParser {
  private EndpointParser() {}

  static Endpoint parse(String text) {
    throw new UnsupportedOperationException();
  }

  static Endpoint parse(Network network, String text) {
    throw new UnsupportedOperationException();
  }

  static InetEndpoint parseInet(String text) {
    throw new UnsupportedOperationException();
  }
}
