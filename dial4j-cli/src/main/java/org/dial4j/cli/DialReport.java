package org.dial4j.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dial4j.InetEndpoint;
import org.dial4j.dial.DialEvent;
import org.dial4j.error.CanceledException;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.RefusedException;
import org.dial4j.error.ResolveException;
import org.dial4j.error.TimedOutException;
import org.dial4j.error.UnreachableException;
import org.jspecify.annotations.Nullable;

/**
 * How one {@code dial4j dial} ended: what its one line, its JSON object and its exit status say.
 *
 * @param outcome connected, or the class of the failure
 * @param target TARGET as given
 * @param network tcp, tcp4 or tcp6
 * @param remote the address connected to, or null
 * @param local the connection's local address, or null
 * @param elapsed from the dial's start to connected or failed
 * @param error the failure, or null
 * @param events the dial's events up to its end, in order
 */
record DialReport(
    Outcome outcome,
    String target,
    String network,
    @Nullable InetEndpoint remote,
    @Nullable InetEndpoint local,
    Duration elapsed,
    @Nullable IOException error,
    List<DialEvent> events) {

  /** The outcome classes, their JSON word and their exit status. */
  enum Outcome {
    CONNECTED("connected", 0),
    REFUSED("refused", 1),
    UNREACHABLE("unreachable", 1),
    FAILED("failed", 1),
    RESOLVE_FAILED("resolve_failed", 3),
    TIMED_OUT("timed_out", 4),
    CANCELLED("cancelled", 5);

    final String word;
    final int status;

    Outcome(String word, int status) {
      this.word = word;
      this.status = status;
    }

    /**
     * The class of a dial's failure, by the exception class NetError.of picks: ETIMEDOUT and
     * ECANCELED first (also when resolution was still running), then resolve, then the errno.
     */
    static Outcome of(IOException e) {
      return switch (e) {
        case TimedOutException _ -> TIMED_OUT;
        case CanceledException _ -> CANCELLED;
        case ResolveException _ -> RESOLVE_FAILED;
        case RefusedException _ -> REFUSED;
        case UnreachableException _ -> UNREACHABLE;
        default -> FAILED;
      };
    }
  }

  /** {@code elapsed} in milliseconds, three decimals, as the one line prints it. */
  String elapsedText() {
    return Json.millis(elapsed).toPlainString() + " ms";
  }

  /** The JSON object, on one line (the schema is in {@link DialCommand}'s help footer). */
  String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", outcome.word);
    m.put("target", target);
    m.put("network", network);
    m.put("remote", remote);
    m.put("local", local);
    m.put("elapsed_ms", Json.millis(elapsed));
    m.put("errno", error == null ? null : NetError.errnoOf(error).map(Errno::name).orElse(null));
    m.put("operation", error instanceof NetError ne ? ne.operation().label() : null);
    m.put("message", error == null ? null : error.getMessage());
    m.put("events", events.stream().map(DialEventFields::of).toList());
    return Json.write(m);
  }
}
