package org.dial4j.soak;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.dial4j.error.AddressException;
import org.dial4j.error.CanceledException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.RefusedException;
import org.dial4j.error.SocketErrnoException;
import org.dial4j.error.TimedOutException;
import org.dial4j.error.UnreachableException;

/**
 * An attempt's end as a label, and the check that its exception is of the class its errno calls for
 * (README's table of errors, written out here again so that the soak does not take dial4j's own
 * mapping on trust).
 */
final class Outcomes {
  static final String CONNECTED = "connected";

  /** A future that {@code cancel} completed (CancellationException). */
  static final String CANCELLED = "cancelled";

  /** A named connect its owner closed ({@code LoopFd.close}): no callback follows, by contract. */
  static final String CLOSED = "closed";

  /** An attempt that had not ended when the soak stopped waiting for it. */
  static final String MISSING = "missing";

  /** What no errno label can be: an exception that is no {@code NetError}. */
  static final String FOREIGN = "not-a-NetError";

  private static final Map<Errno, Class<? extends Exception>> CLASS_OF =
      Map.ofEntries(
          Map.entry(Errno.ECONNREFUSED, RefusedException.class),
          Map.entry(Errno.ETIMEDOUT, TimedOutException.class),
          Map.entry(Errno.ECANCELED, CanceledException.class),
          Map.entry(Errno.EINTR, CanceledException.class),
          Map.entry(Errno.EHOSTUNREACH, UnreachableException.class),
          Map.entry(Errno.ENETUNREACH, UnreachableException.class),
          Map.entry(Errno.ENETDOWN, UnreachableException.class),
          Map.entry(Errno.EADDRNOTAVAIL, AddressException.class),
          Map.entry(Errno.EACCES, SocketErrnoException.class),
          Map.entry(Errno.EINVAL, SocketErrnoException.class),
          Map.entry(Errno.EMFILE, SocketErrnoException.class),
          Map.entry(Errno.EBADF, SocketErrnoException.class));

  private Outcomes() {}

  /** The exception a face's call ended with, unwrapped from the future's wrappers. */
  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * The label of a failure: the errno's name for a {@link NetError}, {@link #CANCELLED} for a
   * cancelled future, {@link #FOREIGN} for anything else.
   */
  static String label(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof CancellationException) {
      return CANCELLED;
    }
    if (e instanceof NetError n) {
      return n.errno().name();
    }
    return FOREIGN;
  }

  /**
   * What is wrong with how {@code failure} came, or null: a class other than its errno's, or an
   * exception that is no {@code NetError} at all.
   */
  static String wrongClass(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof CancellationException) {
      return null;
    }
    if (!(e instanceof NetError n)) {
      return "not a NetError: " + e;
    }
    Class<? extends Exception> want = CLASS_OF.get(n.errno());
    if (want != null && !want.isInstance(e)) {
      return n.errno().name()
          + " came as "
          + e.getClass().getSimpleName()
          + ", not "
          + want.getSimpleName()
          + ": "
          + e.getMessage();
    }
    return null;
  }
}
