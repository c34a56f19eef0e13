package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dial4j.Endpoint;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AddressOrderTest {
  private static List<InetEndpoint> eps(String... ips) {
    List<InetEndpoint> out = new ArrayList<>();
    for (String ip : ips) {
      out.add(Endpoint.parseInet(ip.contains(":") ? "[" + ip + "]:80" : ip + ":80"));
    }
    return out;
  }

  private static List<String> ips(List<InetEndpoint> list) {
    return list.stream()
        .map(e -> e.toInetAddress().getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"))
        .toList();
  }

  @Test
  @DisplayName("RFC 6724 rule 6: ::1, then IPv6, then IPv4, then 6to4, Teredo, ULA")
  void precedence() {
    List<InetEndpoint> sorted =
        AddressOrder.sort(
            eps("fd00::1", "2001::1", "192.0.2.1", "2002:c000:201::1", "2001:db8::1", "::1"));
    assertThat(sorted)
        .containsExactlyElementsOf(
            eps("::1", "2001:db8::1", "192.0.2.1", "2002:c000:201::1", "2001::1", "fd00::1"));
  }

  @Test
  @DisplayName(
      "RFC 6724 rule 8: smaller scope first within one precedence (IPv4 loopback before global)")
  void scope() {
    List<InetEndpoint> sorted = AddressOrder.sort(eps("192.0.2.1", "127.0.0.1", "169.254.1.1"));
    assertThat(sorted).containsExactlyElementsOf(eps("127.0.0.1", "169.254.1.1", "192.0.2.1"));
  }

  @Test
  @DisplayName("RFC 6724 rule 10: otherwise the resolver's order is kept")
  void stable() {
    assertThat(AddressOrder.sort(eps("192.0.2.3", "192.0.2.1", "192.0.2.2")))
        .containsExactlyElementsOf(eps("192.0.2.3", "192.0.2.1", "192.0.2.2"));
  }

  @Test
  @DisplayName("RFC 8305 section 4: interleave with First Address Family Count 1 and 2")
  void interleave() {
    List<InetEndpoint> all =
        eps("2001:db8::1", "2001:db8::2", "2001:db8::3", "192.0.2.1", "192.0.2.2");
    assertThat(AddressOrder.plan(all, 1))
        .containsExactlyElementsOf(
            eps("2001:db8::1", "192.0.2.1", "2001:db8::2", "192.0.2.2", "2001:db8::3"));
    // The RFC's own example for a count of two.
    assertThat(AddressOrder.plan(all, 2))
        .containsExactlyElementsOf(
            eps("2001:db8::1", "2001:db8::2", "192.0.2.1", "2001:db8::3", "192.0.2.2"));
  }

  @Test
  @DisplayName("RFC 8305 section 3: addresses arriving late alternate from the last family tried")
  void replan() {
    List<InetEndpoint> untried = eps("192.0.2.3", "2001:db8::1", "2001:db8::2");
    assertThat(AddressOrder.replan(untried, Family.INET))
        .containsExactlyElementsOf(eps("2001:db8::1", "192.0.2.3", "2001:db8::2"));
    assertThat(AddressOrder.replan(untried, Family.INET6))
        .containsExactlyElementsOf(eps("192.0.2.3", "2001:db8::1", "2001:db8::2"));
  }

  @Test
  @DisplayName("One family only: the order is the sorted order")
  void oneFamily() {
    assertThat(ips(AddressOrder.plan(eps("192.0.2.1", "127.0.0.1"), 1)))
        .containsExactly("127.0.0.1", "192.0.2.1");
    assertThat(AddressOrder.plan(List.of(), 1)).isEmpty();
  }
}
