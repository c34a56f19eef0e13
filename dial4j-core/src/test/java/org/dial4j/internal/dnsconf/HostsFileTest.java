package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dial4j.Family;
import org.dial4j.IpLiterals;
import org.dial4j.error.ResolveException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hosts(5) as glibc's files backend reads it (nss/nss_files/files-hosts.c). */
class HostsFileTest {

  private static List<String> texts(List<InetAddress> addresses) {
    return addresses.stream().map(a -> IpLiterals.format(a.getAddress())).toList();
  }

  @Test
  @DisplayName("Lines: address, canonical name, aliases; blanks and tabs separate")
  void entries() {
    HostsFile h =
        HostsFile.parse(
            """
            127.0.0.1\tlocalhost
            192.0.2.10   www.example.test  www\tweb
            ::1 localhost ip6-localhost ip6-loopback
            """);
    assertThat(h.present()).isTrue();
    assertThat(h.entries()).hasSize(3);
    HostsFile.Entry web = h.entries().get(1);
    assertThat(web.canonicalName()).isEqualTo("www.example.test");
    assertThat(web.aliases()).containsExactly("www", "web");
    assertThat(texts(h.lookup("web"))).containsExactly("192.0.2.10");
    assertThat(texts(h.lookup("localhost"))).containsExactly("127.0.0.1", "::1");
  }

  @Test
  @DisplayName("Comments: a # line, a # after the names, a # glued to a name; blank lines")
  void comments() {
    HostsFile h =
        HostsFile.parse(
            """
            # 192.0.2.1 commented
               # 192.0.2.2 indented comment

            192.0.2.3 a b # c d
            192.0.2.4 e#f
            192.0.2.5#g h
            """);
    assertThat(h.lookup("commented")).isEmpty();
    assertThat(texts(h.lookup("a"))).containsExactly("192.0.2.3");
    assertThat(h.lookup("c")).isEmpty();
    assertThat(texts(h.lookup("e"))).containsExactly("192.0.2.4");
    assertThat(h.lookup("f")).isEmpty();
    // The comment cut leaves "192.0.2.5" alone: no name, no entry.
    assertThat(h.lookup("h")).isEmpty();
    assertThat(h.entries()).hasSize(2);
  }

  @Test
  @DisplayName("Bad address lines are skipped: inet_pton's IPv4 (no BSD forms), no zone")
  void badAddresses() {
    HostsFile h =
        HostsFile.parse(
            """
            127.1 short
            010.0.0.1 leadingzero
            0x7f.0.0.1 hex
            256.0.0.1 toolarge
            fe80::1%eth0 zoned
            not-an-address name
            1.2.3.4.5 five
            192.0.2.7
            192.0.2.8 good
            """);
    assertThat(h.entries()).hasSize(1);
    assertThat(texts(h.lookup("good"))).containsExactly("192.0.2.8");
    for (String name : List.of("short", "leadingzero", "hex", "toolarge", "zoned", "name")) {
      assertThat(h.lookup(name)).as(name).isEmpty();
    }
  }

  @Test
  @DisplayName("Names match ASCII case-insensitively and exactly otherwise")
  void caseAndExactness() {
    HostsFile h = HostsFile.parse("192.0.2.1 MixedCase.Example alias\n");
    assertThat(texts(h.lookup("mixedcase.example"))).containsExactly("192.0.2.1");
    assertThat(texts(h.lookup("ALIAS"))).containsExactly("192.0.2.1");
    assertThat(h.lookup("mixedcase.example.")).as("a trailing dot is another name").isEmpty();
    assertThat(h.lookup("mixedcase")).isEmpty();
    assertThat(h.canonicalName("ALIAS")).contains("MixedCase.Example");
  }

  @Test
  @DisplayName("Per family: IPv4 lines, IPv6 lines; for IPv4 a mapped address and ::1 count")
  void perFamily() {
    HostsFile h =
        HostsFile.parse(
            """
            192.0.2.1 both
            2001:db8::1 both
            ::ffff:192.0.2.2 both mapped
            ::1 both
            2001:db8::2 six
            """);
    assertThat(texts(h.lookup("both", Family.INET)))
        .containsExactly("192.0.2.1", "192.0.2.2", "127.0.0.1");
    assertThat(texts(h.lookup("both", Family.INET6)))
        .containsExactly("2001:db8::1", "::ffff:192.0.2.2", "::1");
    assertThat(h.lookup("mapped", Family.INET6).getFirst()).isInstanceOf(Inet6Address.class);
    assertThat(h.lookup("six", Family.INET)).isEmpty();
    assertThat(h.lookup("both", Family.UNIX)).isEmpty();
    assertThat(h.lookup("both")).hasSize(4);
  }

  @Test
  @DisplayName("Canonical name: the first name of the first line that names the host")
  void canonicalName() {
    HostsFile h =
        HostsFile.parse(
            """
            192.0.2.1 first.example shared
            192.0.2.2 second.example shared
            """);
    assertThat(h.canonicalName("shared")).contains("first.example");
    assertThat(h.canonicalName("second.example")).contains("second.example");
    assertThat(h.canonicalName("none")).isEmpty();
    assertThat(texts(h.lookup("shared"))).containsExactly("192.0.2.1", "192.0.2.2");
  }

  @Test
  @DisplayName("isspace separates: CRLF, vertical tab, form feed; a NUL ends the line")
  void whiteSpace() {
    HostsFile h = HostsFile.parse("192.0.2.1 crlf\r\n192.0.2.2\u000bvt\ff\n192.0.2.3 a\0b\n");
    assertThat(texts(h.lookup("crlf"))).containsExactly("192.0.2.1");
    assertThat(texts(h.lookup("vt"))).containsExactly("192.0.2.2");
    assertThat(texts(h.lookup("f"))).containsExactly("192.0.2.2");
    assertThat(texts(h.lookup("a"))).containsExactly("192.0.2.3");
    assertThat(h.lookup("b")).isEmpty();
  }

  @Test
  @DisplayName("read: missing is MISSING (glibc's UNAVAIL), a directory a ResolveException")
  void read(@TempDir Path dir) throws IOException {
    assertThat(HostsFile.read(dir.resolve("none"))).isEqualTo(HostsFile.MISSING);
    assertThat(HostsFile.read(dir.resolve("none")).present()).isFalse();
    Path file = Files.writeString(dir.resolve("hosts"), "192.0.2.9 h\n");
    assertThat(texts(HostsFile.read(file).lookup("h"))).containsExactly("192.0.2.9");
    assertThat(HostsFile.read(Files.writeString(dir.resolve("empty"), "")).present()).isTrue();
    assertThatThrownBy(() -> HostsFile.read(dir)).isInstanceOf(ResolveException.class);
  }
}
