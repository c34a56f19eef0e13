package org.dial4j.dial;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;

/**
 * dial4j's errors as the {@code java.net} exceptions a {@link java.net.Socket}'s users catch
 * (pgjdbc, Jedis and OkHttp test for {@link ConnectException}, {@link SocketTimeoutException} and
 * {@link UnknownHostException} by type), each with the dial4j error, its errno intact, as its
 * cause.
 */
final class BridgeErrors {
  private BridgeErrors() {}

  /** A dial's failure as {@code Socket.connect} throws it. */
  static IOException connect(IOException e) {
    Errno errno = NetError.errnoOf(e).orElse(Errno.EIO);
    String m = e.getMessage();
    IOException out;
    if (e instanceof NetError ne && ne.operation() == Operation.RESOLVE && errno == Errno.ENOENT) {
      out = new UnknownHostException(m);
    } else {
      out =
          switch (errno) {
            case ECONNREFUSED -> new ConnectException(m);
            case ETIMEDOUT -> new SocketTimeoutException(m);
            case EHOSTUNREACH, ENETUNREACH -> new NoRouteToHostException(m);
            case ECANCELED -> new SocketException("Socket closed: " + m);
            default -> new SocketException(m);
          };
    }
    out.initCause(e);
    return out;
  }

  /** A read's or write's failure: a timeout as {@link SocketTimeoutException}, closed as such. */
  static IOException io(IOException e, boolean closed) {
    Errno errno = NetError.errnoOf(e).orElse(Errno.EIO);
    IOException out;
    if (errno == Errno.ETIMEDOUT) {
      out = new SocketTimeoutException("Read timed out: " + e.getMessage());
    } else if (closed || errno == Errno.ECANCELED || errno == Errno.EBADF) {
      out = new SocketException("Socket closed: " + e.getMessage());
    } else {
      return e; // the NetError itself: an IOException with its errno
    }
    out.initCause(e);
    return out;
  }
}
