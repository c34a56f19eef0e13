package org.dial4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text forms of endpoints: what is read, what it reads as, and how a bad input is told. */
class EndpointParseTest {

  private static final String LONG_PATH = "/" + "a".repeat(199);

  @ParameterizedTest(name = "\"{0}\" is {1} {2}")
  @DisplayName("good inputs, their kind and canonical text")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3.4:80                 | INET     | 1.2.3.4:80",
        "0.0.0.0:0                  | INET     | 0.0.0.0:0",
        "255.255.255.255:65535      | INET     | 255.255.255.255:65535",
        "1.2.3.4:00080              | INET     | 1.2.3.4:80",
        "[::1]:80                   | INET6    | [::1]:80",
        "[::]:0                     | INET6    | [::]:0",
        "[2001:DB8:0:0::0001]:443   | INET6    | [2001:db8::1]:443",
        "[fe80::1%eth0]:80          | INET6    | [fe80::1%eth0]:80",
        "[fe80::1%2]:80             | INET6    | [fe80::1%2]:80",
        "[::ffff:1.2.3.4]:80        | INET6    | [::ffff:1.2.3.4]:80",
        "[::ffff:0102:0304]:80      | INET6    | [::ffff:1.2.3.4]:80",
        "[64:ff9b::192.0.2.33]:53   | INET6    | [64:ff9b::c000:221]:53",
        "localhost:80               | HOST     | localhost:80",
        "example.com.:443           | HOST     | example.com.:443",
        "my_host-1.Example:65535    | HOST     | my_host-1.Example:65535",
        "1a.2.3.4:80                | HOST     | 1a.2.3.4:80",
        "/tmp/x.sock                | PATH     | /tmp/x.sock",
        "./rel.sock                 | PATH     | ./rel.sock",
        "/tmp/a:b[c]@d              | PATH     | /tmp/a:b[c]@d",
        "@abc                       | ABSTRACT | @abc",
        "@a/b:80                    | ABSTRACT | @a/b:80",
      })
  void goodInputs(String text, String kind, String canonical) {
    Endpoint e = Endpoint.parse(text);
    assertThat(kindOf(e)).isEqualTo(kind);
    assertThat(e).hasToString(canonical);
    assertThat(Endpoint.parse(canonical)).isEqualTo(e);
  }

  @ParameterizedTest(name = "\"{0}\" -> {1}: {2}")
  @DisplayName("bad inputs: errno and what the message says")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                  | EINVAL | empty address",
        "1.2.3.4:-1          | EINVAL | port \"-1\" is not a decimal number",
        "1.2.3.4:65536       | EINVAL | port \"65536\" is outside 0..65535",
        "1.2.3.4:70000       | EINVAL | port \"70000\" is outside 0..65535",
        "1.2.3.4:123456      | EINVAL | port \"123456\" has more than 5 digits",
        "1.2.3.4:0x50        | EINVAL | port \"0x50\" is not a decimal number",
        "'1.2.3.4:80 '       | EINVAL | port \"80 \" is not a decimal number",
        "'1.2.3.4: 80'       | EINVAL | port \" 80\" is not a decimal number",
        "1.2.3.4:+80         | EINVAL | port \"+80\" is not a decimal number",
        "1.2.3.4:٨٠          | EINVAL | is not a decimal number",
        "1.2.3.4:            | EINVAL | missing port",
        "1.2.3.4             | EINVAL | missing port",
        "localhost:          | EINVAL | missing port",
        "localhost           | EINVAL | missing port",
        "[::1]               | EINVAL | missing port",
        "[::1]:              | EINVAL | missing port",
        "[::1]80             | EINVAL | expected ':' and a port after ']'",
        "[::1:80             | EINVAL | missing ']'",
        "::1:80              | EINVAL | IPv6 addresses need brackets, as in [::1]:80",
        "::1                 | EINVAL | IPv6 addresses need brackets",
        "fe80::1%eth0:80     | EINVAL | IPv6 addresses need brackets",
        "[1.2.3.4]:80        | EINVAL | an IPv4 address does not go in brackets",
        "[g::1]:80           | EINVAL | \"g::1\" is not a valid IPv6 address",
        "[fe80::1%]:80       | EINVAL | zone after '%' is empty",
        "'[fe80::1%eth 0]:80'| EINVAL | zone \"eth 0\" contains ' '",
        "[::1]:65536         | EINVAL | port \"65536\" is outside 0..65535",
        ":80                 | EINVAL | missing host",
        "a..b:80             | EINVAL | host name \"a..b\" has an empty label",
        ".:80                | EINVAL | empty label",
        "'my host:80'        | EINVAL | host name \"my host\" contains ' '",
        "1.2.3.256:80        | EINVAL | \"1.2.3.256\" is not a valid IPv4 address",
        "127.1:80            | EINVAL | \"127.1\" is not a valid IPv4 address",
        "01.2.3.4:80         | EINVAL | \"01.2.3.4\" is not a valid IPv4 address",
        "@                   | EINVAL | empty abstract socket name",
      })
  void badInputs(String text, Errno errno, String fragment) {
    assertThatThrownBy(() -> Endpoint.parse(text))
        .asInstanceOf(type(InvalidArgumentException.class))
        .satisfies(
            e -> {
              assertThat(e.errno()).isEqualTo(errno);
              assertThat(e.input()).contains(text);
              assertThat(e.getMessage())
                  .startsWith("parse: " + errno.name())
                  .contains(fragment)
                  .endsWith(" in \"" + text + "\"");
            });
  }

  @Test
  @DisplayName("a path longer than sun_path allows is refused with its byte count")
  void longPath() {
    assertThatThrownBy(() -> Endpoint.parse(LONG_PATH))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("200 bytes in UTF-8, more than the limit of 107")
        .hasMessageContaining("\"" + LONG_PATH + "\"");
  }

  @Test
  void nullIsAnEmptyAddress() {
    assertThatThrownBy(() -> Endpoint.parse(null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("empty address (input was null)");
  }

  @ParameterizedTest(name = "{0} \"{1}\" is {2}")
  @DisplayName("parse for a network: inet families and Unix paths")
  @CsvSource(
      delimiter = '|',
      value = {
        "tcp        | 1.2.3.4:80              | 1.2.3.4:80",
        "tcp        | [::1]:80                | [::1]:80",
        "tcp4       | 1.2.3.4:80              | 1.2.3.4:80",
        "tcp4       | [::ffff:1.2.3.4]:80     | [::ffff:1.2.3.4]:80",
        "tcp4       | localhost:80            | localhost:80",
        "tcp6       | [::1]:80                | [::1]:80",
        "tcp6       | [::ffff:1.2.3.4]:80     | [::ffff:1.2.3.4]:80",
        "tcp6       | localhost:80            | localhost:80",
        "udp4       | 1.2.3.4:53              | 1.2.3.4:53",
        "udp6       | [fe80::1%lo]:53         | [fe80::1%lo]:53",
        "unix       | relative.sock           | relative.sock",
        "unix       | /run/app.sock           | /run/app.sock",
        "unixgram   | 1.2.3.4:80              | 1.2.3.4:80",
        "unixpacket | @abstract               | @abstract",
      })
  void parseForNetwork(String network, String text, String canonical) {
    Network net = Network.parse(network);
    Endpoint e = Endpoint.parse(net, text);
    assertThat(e).hasToString(canonical);
    assertThat(e instanceof UnixEndpoint).isEqualTo(net.isUnix());
  }

  @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
  @DisplayName("parse for a network: addresses the network does not take")
  @CsvSource(
      delimiter = '|',
      value = {
        "tcp4     | [2001:db8::1]:80 | EAFNOSUPPORT | network tcp4 does not take an IPv6 address",
        "udp4     | [::1]:53         | EAFNOSUPPORT | network udp4 does not take an IPv6 address",
        "tcp6     | 1.2.3.4:80       | EAFNOSUPPORT | network tcp6 does not take an IPv4 address",
        "udp6     | 127.0.0.1:53     | EAFNOSUPPORT | network udp6 does not take an IPv4 address",
        "tcp      | /tmp/x.sock      | EINVAL       | a Unix socket address is not an address",
        "udp      | @abc             | EINVAL       | is not an address for network udp",
        "tcp6     | 1.2.3:80         | EINVAL       | is not a valid IPv4 address",
        "unix     | ''               | EINVAL       | empty address",
        "unix     | @                | EINVAL       | empty abstract socket name",
        "unixgram | a\u0000b         | EINVAL       | cannot contain a NUL character",
      })
  void wrongFamily(String network, String text, Errno errno, String fragment) {
    assertThatThrownBy(() -> Endpoint.parse(Network.parse(network), text))
        .asInstanceOf(type(InvalidArgumentException.class))
        .satisfies(
            e -> {
              assertThat(e.errno()).isEqualTo(errno);
              assertThat(e.getMessage()).contains(fragment).endsWith(" in \"" + text + "\"");
            });
  }

  @Test
  @DisplayName("for a Unix network the whole text is the path, even one that looks like host:port")
  void unixTakesAnyPath() {
    assertThat(Endpoint.parse(Network.UNIX, "localhost:80"))
        .isEqualTo(UnixEndpoint.path("localhost:80"));
    assertThat(Endpoint.parse(Network.UNIXGRAM, "@x")).isEqualTo(UnixEndpoint.abstractName("x"));
  }

  @ParameterizedTest(name = "parseInet(\"{0}\") = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3.4:80          | 1.2.3.4:80",
        "[::1]:80            | [::1]:80",
        "[FE80::1%7]:0       | [fe80::1%7]:0",
        "[::ffff:1.2.3.4]:80 | [::ffff:1.2.3.4]:80",
      })
  void parseInet(String text, String canonical) {
    assertThat(Endpoint.parseInet(text)).hasToString(canonical);
  }

  @ParameterizedTest(name = "parseInet(\"{0}\") fails: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost:80 | \"localhost\" is not an IP address",
        "a..b:80      | has an empty label",
        "/tmp/x.sock  | a Unix socket address is not an IP address and port",
        "@abc         | a Unix socket address",
        "1.2.3.4      | missing port",
        "''           | empty address",
      })
  void parseInetRejects(String text, String fragment) {
    assertThatThrownBy(() -> Endpoint.parseInet(text))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(fragment)
        .hasMessageEndingWith(" in \"" + text + "\"");
  }

  static String kindOf(Endpoint e) {
    return switch (e) {
      case InetEndpoint i -> i.family().name();
      case HostEndpoint h -> "HOST";
      case UnixEndpoint u -> u.isAbstract() ? "ABSTRACT" : u.isUnnamed() ? "UNNAMED" : "PATH";
    };
  }
}
