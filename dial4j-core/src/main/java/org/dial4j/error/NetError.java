package org.dial4j.error;

import java.io.IOException;
import java.util.Optional;
import org.dial4j.Endpoint;
import org.dial4j.Network;
import org.jspecify.annotations.Nullable;

/**
 * What every dial4j failure carries: the errno, the operation, the network and the two endpoints,
 * so that nothing the kernel said is lost (Go's {@code OpError}, Netty's {@code
 * Errors.NativeIoException}).
 *
 * <p>Each implementation also extends the {@code java.net} or {@code java.lang} exception a Java
 * caller already catches:
 *
 * <table class="striped">
 *   <caption>errno to exception class</caption>
 *   <tr><th>errno</th><th>class</th><th>catch-compatible with</th></tr>
 *   <tr><td>ECONNREFUSED</td><td>{@link RefusedException}</td>
 *       <td>{@link java.net.ConnectException}</td></tr>
 *   <tr><td>ETIMEDOUT, in any operation (resolve included: a deadline is a deadline)</td>
 *       <td>{@link TimedOutException}</td><td>{@link java.net.SocketTimeoutException}</td></tr>
 *   <tr><td>EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENETDOWN</td><td>{@link UnreachableException}</td>
 *       <td>{@link java.net.NoRouteToHostException}</td></tr>
 *   <tr><td>EADDRINUSE, EADDRNOTAVAIL</td><td>{@link AddressException}</td>
 *       <td>{@link java.net.BindException}</td></tr>
 *   <tr><td>ECANCELED, EINTR, in any operation</td><td>{@link CanceledException}</td>
 *       <td>{@link java.io.InterruptedIOException}</td></tr>
 *   <tr><td>any other, in operation {@code resolve}</td><td>{@link ResolveException}</td>
 *       <td>{@link java.net.UnknownHostException}</td></tr>
 *   <tr><td>any other</td><td>{@link SocketErrnoException}</td>
 *       <td>{@link java.net.SocketException}</td></tr>
 *   <tr><td>any, in operation {@code parse}</td><td>{@link InvalidArgumentException}</td>
 *       <td>{@link IllegalArgumentException} (unchecked)</td></tr>
 * </table>
 *
 * <p>Messages read like Go's: {@code connect tcp 127.0.0.1:40000->127.0.0.1:9: ECONNREFUSED
 * (Connection refused)}, with a detail after a further colon where dial4j adds one (for example
 * which input check failed).
 */
public sealed interface NetError
    permits RefusedException,
        TimedOutException,
        UnreachableException,
        AddressException,
        CanceledException,
        ResolveException,
        SocketErrnoException,
        InvalidArgumentException {

  /** All the fields at once, as one value. */
  ErrorInfo info();

  /** The error number. */
  default Errno errno() {
    return info().errno();
  }

  /** The operation that failed. */
  default Operation operation() {
    return info().op();
  }

  /** The network the socket was on ({@code tcp4}, {@code unixgram}, ...), if known. */
  default Optional<Network> network() {
    return Optional.ofNullable(info().network());
  }

  /** The local endpoint, if known (for {@code bind}, the address that was asked for). */
  default Optional<Endpoint> source() {
    return Optional.ofNullable(info().source());
  }

  /** The remote endpoint, if there was one. */
  default Optional<Endpoint> target() {
    return Optional.ofNullable(info().target());
  }

  /** What dial4j adds to the kernel's word, if anything: which check failed, which input. */
  default Optional<String> detail() {
    return Optional.ofNullable(info().detail());
  }

  /**
   * Makes the exception of the right class for this errno and operation (see the table above).
   *
   * @param errno the error number; not null
   * @param op the operation; not null
   * @param network the network, or null
   * @param source the local endpoint, or null
   * @param target the remote endpoint, or null
   * @param detail what dial4j adds, or null
   * @return an {@link IOException} that implements {@link NetError}
   */
  static IOException of(
      Errno errno,
      Operation op,
      @Nullable Network network,
      @Nullable Endpoint source,
      @Nullable Endpoint target,
      @Nullable String detail) {
    ErrorInfo info = new ErrorInfo(errno, op, network, source, target, detail);
    if (errno == Errno.ETIMEDOUT) {
      return new TimedOutException(info);
    }
    if (errno == Errno.ECANCELED || errno == Errno.EINTR) {
      return new CanceledException(info);
    }
    if (op == Operation.RESOLVE) {
      return new ResolveException(info);
    }
    return switch (errno) {
      case ECONNREFUSED -> new RefusedException(info);
      case EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENETDOWN -> new UnreachableException(info);
      case EADDRINUSE, EADDRNOTAVAIL -> new AddressException(info);
      default -> new SocketErrnoException(info);
    };
  }

  /**
   * {@link #of(Errno, Operation, Network, Endpoint, Endpoint, String)} for a failure that concerns
   * no socket's addresses (an epoll or eventfd call, a name lookup, a loop that is not running).
   */
  static IOException of(Errno errno, Operation op, @Nullable String detail) {
    return of(errno, op, null, null, null, detail);
  }

  /** The errno a throwable carries, if it is (or is caused by) a {@link NetError}. */
  static Optional<Errno> errnoOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof NetError ne) {
        return Optional.of(ne.errno());
      }
    }
    return Optional.empty();
  }
}
