package org.dial4j.resolve;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sources other than DNS that nsswitch.conf(5)'s {@code hosts:} line may put before or instead
 * of it: the hosts file, and the sources only the C library can serve (mdns, myhostname, ldap,
 * systemd's resolve, ...), to which a name is handed over whole.
 */
public interface NameSources {
  /** No hosts file and nothing but DNS. */
  NameSources DNS_ONLY =
      new NameSources() {
        @Override
        public @Nullable List<InetAddress> hosts(String host) {
          return null;
        }

        @Override
        public @Nullable String systemReason(String host) {
          return null;
        }
      };

  /**
   * The addresses the hosts file gives {@code host} (both families, in the file's order), if it
   * comes before DNS and has a line for it; else null, and DNS is asked. A name the hosts file has
   * is answered from it alone, as getaddrinfo(3) and Go do: a family it has no address of is empty.
   */
  @Nullable List<InetAddress> hosts(String host);

  /**
   * The addresses the hosts file gives {@code host} if the {@code hosts:} line asks it after DNS
   * ({@code dns files}) and has a line for it; else null. They answer when DNS does not (NXDOMAIN,
   * no record of the family, no server answering), as glibc goes on to {@code files} after {@code
   * dns} finds nothing; a DNS answer is taken over them.
   */
  default @Nullable List<InetAddress> hostsAfterDns(String host) {
    return null;
  }

  /**
   * Why {@code host} goes to the system resolver rather than dial4j's (a source of the {@code
   * hosts:} line that only the C library serves, for a name it would answer), or null.
   */
  @Nullable String systemReason(String host);
}
