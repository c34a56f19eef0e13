package org.dial4j.loop;

import java.io.IOException;
import org.dial4j.Endpoint;
import org.dial4j.HostEndpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.internal.Blocking;
import org.dial4j.internal.PlatformLookup;

/**
 * The body of libut's {@code UT_net_resolve} ({@link EventLoop#resolve}, where its contract is
 * written): a static, blocking call that shares nothing with a running loop but the rule that a
 * loop thread never blocks, so it lives apart from the loop's machinery.
 */
final class NetResolve {
  private NetResolve() {}

  /** {@code "host:port"} to {@code "IP:port"}, the first address the system resolver gives. */
  static String resolve(String hostPort) throws IOException {
    Endpoint e = Endpoint.parse(hostPort);
    if (e instanceof InetEndpoint ie) {
      return ie.toString();
    }
    if (!(e instanceof HostEndpoint he)) {
      throw new InvalidArgumentException(Errno.EINVAL, hostPort, "not host:port");
    }
    Blocking.check("resolve " + hostPort);
    // The first address getaddrinfo gives for both families (AF_UNSPEC): RFC 6724's first.
    return InetEndpoint.of(PlatformLookup.system().all(he.host()).getFirst(), he.port()).toString();
  }
}
