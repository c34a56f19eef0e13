package org.dial4j.internal.dnsconf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What glibc's resolv.conf reader takes from the process besides the file (res_init.c): the {@code
 * LOCALDOMAIN} and {@code RES_OPTIONS} variables and the host name. A value, so a test (or a
 * resolver that wants none of it) passes its own.
 *
 * @param localDomain {@code LOCALDOMAIN}, or null if unset: the search list, replacing the file's
 *     {@code search} and {@code domain} lines
 * @param resOptions {@code RES_OPTIONS}, or null if unset: options read after the file's
 * @param hostName what {@code gethostname(2)} answers, or null if unknown: the default search
 *     domain is what follows its first dot
 */
public record ResolvEnvironment(
    @Nullable String localDomain, @Nullable String resOptions, @Nullable String hostName) {

  /** No variables set and no host name: the file alone decides. */
  public static final ResolvEnvironment NONE = new ResolvEnvironment(null, null, null);

  /** The kernel's host name, which {@code gethostname(2)} returns on Linux (uname's nodename). */
  private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  /**
   * This process's: {@link System#getenv(String)} and the kernel's host name (read from {@code
   * /proc/sys/kernel/hostname}, since the JDK's {@code InetAddress.getLocalHost} resolves it; null
   * if that cannot be read).
   */
  public static ResolvEnvironment system() {
    return new ResolvEnvironment(
        System.getenv("LOCALDOMAIN"), System.getenv("RES_OPTIONS"), kernelHostName());
  }

  private static @Nullable String kernelHostName() {
    try {
      String name = new String(Files.readAllBytes(HOSTNAME), StandardCharsets.UTF_8);
      return name.endsWith("\n") ? name.substring(0, name.length() - 1) : name;
    } catch (IOException | SecurityException unreadable) {
      return null; // as glibc when gethostname fails: no default search domain
    }
  }
}
