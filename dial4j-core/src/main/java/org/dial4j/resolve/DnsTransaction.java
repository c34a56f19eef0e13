package org.dial4j.resolve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.internal.dns.DnsAnswer;
import org.dial4j.internal.dns.DnsCodes;
import org.dial4j.internal.dns.DnsDecoder;
import org.dial4j.internal.dns.DnsFormatException;
import org.dial4j.internal.dns.DnsMessage;
import org.dial4j.internal.dns.DnsQuery;
import org.dial4j.internal.dns.DnsQuestion;
import org.dial4j.loop.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * One question (a name and a type) put to the name servers until one answers it: resolv.conf's
 * {@code attempts} rounds over its servers, each try waiting {@code timeout}, as glibc's res_send
 * and Go's dnsclient do. An answer that says something about the name (records, NXDOMAIN, NODATA)
 * ends it; a server that fails (SERVFAIL, REFUSED or another error code, a malformed answer, no
 * answer in time, a closed port) sends the question on to the next one. A truncated UDP answer is
 * asked again of the same server over TCP (RFC 7766 section 5), which does not count as a try.
 *
 * <p>Every try is a new query: a fresh random ID from a secure source (RFC 5452 section 9.2) and,
 * by its own UDP socket, a fresh random source port (see {@link DnsExchange}).
 *
 * <p>Many lookups may wait on one transaction (one query in flight per name and type); it ends when
 * the last of them leaves. All on the loop thread.
 */
final class DnsTransaction {
  /** Someone waiting for the answer: exactly one of the two ends, once, on the loop thread. */
  interface Waiter {
    /**
     * The answer: {@link DnsAnswer.Records}, {@link DnsAnswer.NxDomain} or {@link
     * DnsAnswer.NoData}.
     */
    void answered(DnsAnswer answer);

    /** No server answered: EAGAIN (failures, timeouts) or EBADMSG (a malformed answer). */
    void failed(IOException error);

    /** One exchange with one server ended (for traces); before the end above. */
    default void exchanged(QueryRecord record) {}
  }

  private final EventLoop loop;
  private final DnsSettings settings;
  private final DnsQuestion question;
  private final RandomGenerator ids;
  private final int firstServer;
  private final Runnable onEnd;
  private final List<Waiter> waiters = new ArrayList<>(2);
  private final List<String> failures = new ArrayList<>(2);
  private @Nullable IOException lastError;
  private boolean malformedLast;
  private @Nullable DnsExchange exchange;
  private int tryIndex;
  private boolean ended;

  /** The query of the exchange in flight, and its decoded answer once the matcher has read it. */
  private @Nullable DnsQuery query;

  private @Nullable DnsMessage decoded;
  private @Nullable String malformed;
  private long sentNanos;
  private boolean sentOverTcp;

  /**
   * A transaction that will ask {@code question} once {@link #start}ed.
   *
   * @param firstServer the index of the server asked first ({@code rotate} moves it on)
   * @param onEnd run once when it ends, however (the client forgets it then)
   */
  DnsTransaction(
      EventLoop loop,
      DnsSettings settings,
      DnsQuestion question,
      RandomGenerator ids,
      int firstServer,
      Runnable onEnd) {
    this.loop = loop;
    this.settings = settings;
    this.question = question;
    this.ids = ids;
    this.firstServer = firstServer;
    this.onEnd = onEnd;
  }

  /** Adds a waiter (before or after {@link #start}, while it has not ended). */
  void join(Waiter w) {
    waiters.add(w);
  }

  /** Removes a waiter that no longer wants the answer; with none left, the queries stop. */
  void leave(Waiter w) {
    waiters.remove(w);
    if (waiters.isEmpty() && !ended) {
      ended = true;
      DnsExchange x = exchange;
      exchange = null;
      if (x != null) {
        x.cancel();
      }
      onEnd.run();
    }
  }

  /** Sends the first query. */
  void start() {
    next(settings.tcp());
  }

  /** The next try, or the end if every try has been made. */
  private void next(boolean tcp) {
    int servers = settings.servers().size();
    if (tryIndex >= servers * settings.attempts()) {
      giveUp();
      return;
    }
    InetEndpoint server = settings.servers().get((firstServer + tryIndex) % servers);
    tryIndex++;
    send(server, tcp);
  }

  private void send(InetEndpoint server, boolean tcp) {
    DnsQuery q = new DnsQuery(ids.nextInt(0x10000), question, settings.edns());
    query = q;
    decoded = null;
    malformed = null;
    sentNanos = loop.clock().nanoTime();
    sentOverTcp = tcp;
    exchange =
        DnsExchange.start(
            loop,
            server,
            tcp,
            q.encode(),
            Deadline.after(settings.timeout(), loop.clock()),
            this::matches,
            new DnsExchange.Outcome() {
              @Override
              public void answered(byte[] message) {
                exchange = null;
                onAnswer(server);
              }

              @Override
              public void failed(IOException error) {
                exchange = null;
                onFailure(server, error);
              }
            });
  }

  /**
   * Whether {@code message} answers the query in flight (RFC 5452 section 9.1: its ID and its
   * question). A message that cannot be read at all is not taken for the answer: a forger's garbage
   * must not end the wait. One whose header and question match but whose rest is malformed is the
   * server's answer, and a malformed one (EBADMSG).
   */
  private boolean matches(byte[] message) {
    DnsQuery q = query;
    if (q == null) {
      return false;
    }
    try {
      DnsMessage m = DnsDecoder.decode(message, message.length);
      if (m.answers(q)) {
        decoded = m;
        return true;
      }
      return false;
    } catch (DnsFormatException e) {
      if (echoes(message, q)) {
        malformed = e.getMessage();
        return true;
      }
      return false;
    }
  }

  /** Whether {@code message} is a response with the query's ID and, byte for byte, its question. */
  private static boolean echoes(byte[] message, DnsQuery q) {
    byte[] sent = q.encode();
    int questionEnd = 12 + q.question().name().wireLength() + 4;
    if (message.length < questionEnd || (message[2] & 0x80) == 0) {
      return false;
    }
    if (message[0] != sent[0] || message[1] != sent[1]) {
      return false;
    }
    for (int i = 12; i < questionEnd; i++) {
      if (Character.toLowerCase((char) (message[i] & 0xff))
          != Character.toLowerCase((char) (sent[i] & 0xff))) {
        return false;
      }
    }
    return true;
  }

  private void onAnswer(InetEndpoint server) {
    if (ended) {
      return;
    }
    DnsMessage m = decoded;
    String bad = malformed;
    if (m == null) {
      fromServer(server, -1, "malformed", Errno.EBADMSG, "a malformed answer (" + bad + ")");
      next(settings.tcp());
      return;
    }
    DnsAnswer answer;
    try {
      answer = DnsAnswer.of(m, question);
    } catch (DnsFormatException e) {
      fromServer(
          server, m.rcode(), "malformed", Errno.EBADMSG, "a bad answer (" + e.getMessage() + ")");
      next(settings.tcp());
      return;
    }
    switch (answer) {
      case DnsAnswer.Truncated t -> {
        if (sentOverTcp) {
          fromServer(server, m.rcode(), "truncated", Errno.EBADMSG, "a truncated answer over TCP");
          next(settings.tcp());
        } else {
          trace(server, m.rcode(), "truncated", null);
          send(server, true);
        }
      }
      case DnsAnswer.ServerError se -> {
        String rcode = DnsCodes.rcodeName(se.rcode());
        fromServer(server, se.rcode(), rcode, Errno.EAGAIN, "answered " + rcode);
        next(settings.tcp());
      }
      case DnsAnswer.Records r -> finish(server, m.rcode(), r.data().size() + " records", r);
      case DnsAnswer.NxDomain nx -> finish(server, m.rcode(), "NXDOMAIN", nx);
      case DnsAnswer.NoData nd -> finish(server, m.rcode(), "no records of the type", nd);
    }
  }

  private void onFailure(InetEndpoint server, IOException error) {
    if (ended) {
      return;
    }
    Errno errno = NetError.errnoOf(error).orElse(Errno.EIO);
    String what =
        switch (errno) {
          case ETIMEDOUT -> "no answer in " + settings.timeout().toMillis() + " ms";
          case ECONNREFUSED -> "its port is closed (connection refused)";
          default -> error.getMessage();
        };
    trace(server, -1, errno == Errno.ETIMEDOUT ? "timed out" : errno.name(), error);
    failures.add(server + ": " + what);
    lastError = error;
    malformedLast = false;
    next(settings.tcp());
  }

  /** A server's answer that does not answer the question: noted, and the next server asked. */
  private void fromServer(
      InetEndpoint server, int rcode, String outcome, Errno errno, String detail) {
    IOException e = NetError.of(errno, Operation.RESOLVE, null, null, server, detail);
    trace(server, rcode, outcome, e);
    failures.add(server + ": " + detail);
    lastError = e;
    malformedLast = errno == Errno.EBADMSG;
  }

  private void trace(InetEndpoint server, int rcode, String outcome, @Nullable IOException e) {
    QueryRecord r =
        new QueryRecord(
            question.name().toString(),
            question.type(),
            server,
            sentOverTcp,
            sentNanos,
            loop.clock().nanoTime(),
            rcode,
            outcome,
            e);
    for (Waiter w : List.copyOf(waiters)) {
      w.exchanged(r);
    }
  }

  private void finish(InetEndpoint server, int rcode, String outcome, DnsAnswer answer) {
    trace(server, rcode, outcome, null);
    if (end()) {
      for (Waiter w : List.copyOf(waiters)) {
        w.answered(answer);
      }
    }
  }

  /**
   * Every try failed: EBADMSG if the last server's answer was malformed, else EAGAIN (a temporary
   * failure: glibc's TRY_AGAIN, getaddrinfo's EAI_AGAIN), the detail naming each failure.
   */
  private void giveUp() {
    Errno errno = malformedLast ? Errno.EBADMSG : Errno.EAGAIN;
    IOException e =
        NetError.of(
            errno,
            Operation.RESOLVE,
            "no answer for "
                + question.name()
                + " "
                + DnsCodes.typeName(question.type())
                + ": "
                + String.join("; ", failures));
    IOException cause = lastError;
    if (cause != null) {
      e.initCause(cause);
    }
    if (end()) {
      for (Waiter w : List.copyOf(waiters)) {
        w.failed(e);
      }
    }
  }

  private boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    onEnd.run();
    return true;
  }
}
