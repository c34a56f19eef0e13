package org.dial4j;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.dial4j.error.Errno;

/**
 * JFR events of a dial: {@code org.dial4j.Resolve} per family query and {@code
 * org.dial4j.ConnectAttempt} per attempt, each timed from its start to its end. Off unless a
 * recording enables them ({@code jfr configure} or {@code -XX:StartFlightRecording} with
 * {@code +org.dial4j.*}); a disabled event costs one check per phase.
 */
final class DialJfr {
  private DialJfr() {}

  @Name("org.dial4j.Resolve")
  @Label("Dial Resolve")
  @Category({"dial4j", "Dialer"})
  @Description("One family's name lookup of a dial")
  @StackTrace(false)
  static final class ResolveEvent extends Event {
    @Label("Host")
    String host;

    @Label("Family")
    String family;

    @Label("Addresses")
    int addresses;

    @Label("Error")
    String error;
  }

  @Name("org.dial4j.ConnectAttempt")
  @Label("Dial Connect Attempt")
  @Category({"dial4j", "Dialer"})
  @Description("One connect attempt of a dial (RFC 8305 races several)")
  @StackTrace(false)
  static final class AttemptEvent extends Event {
    @Label("Dial")
    String dial;

    @Label("Attempt")
    int attempt;

    @Label("Target")
    String target;

    @Label("Outcome")
    String outcome;

    @Label("Errno")
    String errno;
  }

  private static final ResolveEvent RESOLVE_PROBE = new ResolveEvent();
  private static final AttemptEvent ATTEMPT_PROBE = new AttemptEvent();

  static ResolveEvent resolveBegin(String host, Family family) {
    if (!RESOLVE_PROBE.isEnabled()) {
      return null;
    }
    ResolveEvent e = new ResolveEvent();
    e.begin();
    e.host = host;
    e.family = Dialer.familyLabel(family);
    return e;
  }

  static void resolveEnd(ResolveEvent e, int addresses, Exception error) {
    if (e != null) {
      e.end();
      e.addresses = addresses;
      e.error = error == null ? null : error.getMessage();
      e.commit();
    }
  }

  static AttemptEvent attemptBegin(String dial, int attempt, InetEndpoint target) {
    if (!ATTEMPT_PROBE.isEnabled()) {
      return null;
    }
    AttemptEvent e = new AttemptEvent();
    e.begin();
    e.dial = dial;
    e.attempt = attempt;
    e.target = target.toString();
    return e;
  }

  static void attemptEnd(AttemptEvent e, String outcome, Errno errno) {
    if (e != null) {
      e.end();
      e.outcome = outcome;
      e.errno = errno == null ? null : errno.name();
      e.commit();
    }
  }
}
