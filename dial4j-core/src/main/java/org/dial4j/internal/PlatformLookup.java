package org.dial4j.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.jspecify.annotations.Nullable;

/**
 * The platform's name lookup ({@link InetAddress#getAllByName}: /etc/hosts, DNS, as the system is
 * set up) and the one error dial4j makes of its failure: ENOENT from {@code resolve}, "no address
 * for HOST: WHY". Shared by libut's blocking {@code EventLoop.resolve} and the dialer's {@code
 * Resolver.system()}, so the two say the same thing. It blocks: never call it on a loop thread.
 */
public final class PlatformLookup {
  private PlatformLookup() {}

  /**
   * Every address of {@code host}, in the platform's order.
   *
   * @throws IOException ENOENT (resolve) when the name has none, or the lookup fails otherwise
   */
  public static List<InetAddress> all(String host) throws IOException {
    try {
      return List.of(InetAddress.getAllByName(host));
    } catch (UnknownHostException e) {
      throw noAddress(host, e.getMessage());
    } catch (RuntimeException e) {
      throw noAddress(host, e.toString());
    }
  }

  /** ENOENT from resolve: {@code host} has no address, for {@code why} (may be null). */
  public static IOException noAddress(String host, @Nullable String why) {
    return NetError.of(
        Errno.ENOENT,
        Operation.RESOLVE,
        "no address for " + host + (why != null && !why.isEmpty() ? ": " + why : ""));
  }
}
