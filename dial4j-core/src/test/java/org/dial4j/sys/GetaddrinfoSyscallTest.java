package org.dial4j.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * getaddrinfo(3) straight through {@link LinuxSyscalls#INSTANCE}, with names /etc/hosts answers
 * only (any other name would be a DNS query to the machine's nameserver, which a test never sends).
 */
class GetaddrinfoSyscallTest {
  private static final LinuxSyscalls SYS = LinuxSyscalls.INSTANCE;

  /** Whether /etc/hosts maps {@code name} to {@code ip} (a line of the address, then names). */
  private static boolean hostsHas(String ip, String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/etc/hosts"))) {
      String[] words = line.replaceAll("#.*", "").trim().split("\\s+");
      if (words.length > 1
          && words[0].equals(ip)
          && List.of(words).subList(1, words.length).contains(name)) {
        return true;
      }
    }
    return false;
  }

  @Test
  @DisplayName("getaddrinfo(localhost, AF_INET, SOCK_STREAM): 127.0.0.1 from /etc/hosts, one entry")
  void localhostV4() throws IOException {
    assumeTrue(hostsHas("127.0.0.1", "localhost"), "/etc/hosts has no 127.0.0.1 localhost");
    AddrInfo r = SYS.getaddrinfo("localhost", Sys.AF_INET, Sys.SOCK_STREAM, 0);
    assertThat(r.failed()).as(r.text()).isFalse();
    assertThat(r.addresses())
        .singleElement()
        .isInstanceOfSatisfying(
            SockAddr.In4.class, a -> assertThat(a.addr()).containsExactly(127, 0, 0, 1));
  }

  @Test
  @DisplayName("a name holding a NUL byte is EAI_NONAME with gai_strerror's text, never a call")
  void nulByte() {
    AddrInfo r = SYS.getaddrinfo("local\0host", Sys.AF_INET, Sys.SOCK_STREAM, 0);
    assertThat(r.status()).isEqualTo(Sys.EAI_NONAME);
    assertThat(r.text()).isNotEmpty();
    assertThat(r.addresses()).isEmpty();
  }
}
