package org.dial4j.internal.dnsconf;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dial4j.Family;

/**
 * What {@code /etc/hosts} says (hosts(5)), read and looked up as glibc's files backend does
 * (nss/nss_files/files-hosts.c). Immutable.
 *
 * <p>A lookup returns every line that names the host, in file order: glibc does so when {@code
 * /etc/host.conf} says {@code multi on}, as Debian's, Ubuntu's and Fedora's do (without it glibc
 * stops at the first line). Names match without regard to ASCII case ({@code strcasecmp}) and
 * exactly otherwise: {@code localhost.} does not match {@code localhost}.
 *
 * @param entries the lines glibc takes, in file order
 * @param present whether the file was there: glibc's backend answers UNAVAIL without it and
 *     NOTFOUND with it, which matters to an nsswitch action on NOTFOUND
 */
public record HostsFile(List<HostsFile.Entry> entries, boolean present) {
  /** Where glibc reads it ({@code _PATH_HOSTS}). */
  public static final Path PATH = Path.of("/etc/hosts");

  /** No file. */
  public static final HostsFile MISSING = new HostsFile(List.of(), false);

  /** IPv4's loopback, which glibc answers for {@code ::1} in an IPv4 lookup. */
  private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};

  /**
   * One line: {@code address canonical_name [aliases...]}.
   *
   * @param address an {@link Inet4Address} for an IPv4 line, an {@link Inet6Address} (never turned
   *     into IPv4, {@code ::ffff:a.b.c.d} included, and without a zone) for an IPv6 one
   * @param canonicalName the first name
   * @param aliases the other names, in order
   */
  public record Entry(InetAddress address, String canonicalName, List<String> aliases) {
    /** An entry as given; the aliases are copied. */
    public Entry {
      aliases = List.copyOf(aliases);
    }

    /** Whether the canonical name or an alias is {@code name}, ASCII case aside. */
    public boolean names(String name) {
      if (CText.equalsAsciiIgnoreCase(canonicalName, name)) {
        return true;
      }
      for (String alias : aliases) {
        if (CText.equalsAsciiIgnoreCase(alias, name)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A file's entries as given; the list is copied. */
  public HostsFile {
    entries = List.copyOf(entries);
  }

  /**
   * Reads hosts text as glibc does; a line glibc ignores (a bad address, an address with a zone,
   * which {@code inet_pton} refuses, no name) is ignored.
   */
  public static HostsFile parse(String text) {
    return new HostsFile(HostsParser.parse(text), true);
  }

  /**
   * Reads a file as glibc does; a file glibc cannot open for a reason of the file system's contents
   * (missing, not permitted) is {@link #MISSING}.
   *
   * @throws IOException a {@code ResolveException} for any other failure to read
   */
  public static HostsFile read(Path path) throws IOException {
    return fileParser().parse(ConfFile.read(path));
  }

  /** How a {@link WatchedFile} makes a hosts file: {@link #parse}, or {@link #MISSING}. */
  public static WatchedFile.Parser<HostsFile> fileParser() {
    return text -> text == null ? MISSING : parse(text);
  }

  /**
   * The addresses of a name in either family, each as its line writes it, in file order
   * (getaddrinfo with {@code AF_UNSPEC}: {@code _nss_files_gethostbyname4_r}).
   */
  public List<InetAddress> lookup(String name) {
    List<InetAddress> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.names(name)) {
        out.add(e.address());
      }
    }
    return List.copyOf(out);
  }

  /**
   * The addresses of a name in one family, in file order (getaddrinfo with {@code AF_INET} or
   * {@code AF_INET6}: {@code _nss_files_gethostbyname3_r}). For IPv4, an IPv6 line counts if its
   * address is IPv4-mapped (as that IPv4 address) or {@code ::1} (as 127.0.0.1); for IPv6, only
   * IPv6 lines (getaddrinfo itself maps IPv4 for {@code AI_V4MAPPED}). {@link Family#UNIX} has
   * none.
   */
  public List<InetAddress> lookup(String name, Family family) {
    List<InetAddress> out = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.names(name)) {
        continue;
      }
      InetAddress a = e.address();
      if (family == Family.INET6 && a instanceof Inet6Address) {
        out.add(a);
      } else if (family == Family.INET) {
        if (a instanceof Inet4Address) {
          out.add(a);
        } else {
          byte[] b = a.getAddress();
          if (isV4Mapped(b)) {
            out.add(v4(Arrays.copyOfRange(b, 12, 16)));
          } else if (a.isLoopbackAddress()) {
            out.add(v4(LOOPBACK_V4));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The canonical name getaddrinfo's {@code AI_CANONNAME} gives a name found here: the first name
   * of the first line that names it.
   */
  public Optional<String> canonicalName(String name) {
    for (Entry e : entries) {
      if (e.names(name)) {
        return Optional.of(e.canonicalName());
      }
    }
    return Optional.empty();
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** An address from bytes already checked; no lookup is made. */
  static InetAddress v4(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException impossible) {
      throw new AssertionError("4 bytes are an IPv4 address", impossible);
    }
  }

  /** An IPv6 address kept as IPv6 even when IPv4-mapped (InetAddress.getByAddress maps it). */
  static InetAddress v6(byte[] b) {
    try {
      return Inet6Address.getByAddress(null, b, -1);
    } catch (UnknownHostException impossible) {
      throw new AssertionError("16 bytes are an IPv6 address", impossible);
    }
  }
}
