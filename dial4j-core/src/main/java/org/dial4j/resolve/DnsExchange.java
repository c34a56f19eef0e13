package org.dial4j.resolve;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.dial4j.Deadline;
import org.dial4j.Family;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.error.Errno;
import org.dial4j.error.NetError;
import org.dial4j.error.Operation;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.dial4j.loop.Timer;
import org.dial4j.socket.ConnectResult;
import org.dial4j.socket.PosixSocket;
import org.jspecify.annotations.Nullable;

/**
 * One DNS message sent to one server and its answer awaited, on an event loop: over UDP (a socket
 * of its own, connected to the server, so the kernel delivers only datagrams from the server's
 * address and port, on a source port the kernel picks at random as it binds the socket at connect),
 * or over TCP (RFC 7766: each message after its two-byte length). A datagram whose ID or question
 * does not match (the {@link Matcher} decides) is not the answer: the exchange goes on waiting for
 * the real one until its deadline (RFC 5452 section 9.1: an answer is accepted only if its source,
 * ID and question match). Everything it opened is closed when it ends, however it ends, and the
 * outcome comes once, on the loop thread.
 *
 * <p>Made and started on the loop thread ({@link #start}); {@link #cancel} there too.
 */
public final class DnsExchange {
  /** Whether a received message answers the query (its ID and question match). */
  @FunctionalInterface
  public interface Matcher {
    /** True if {@code message} (as received, its length exact) answers this exchange's query. */
    boolean matches(byte[] message);
  }

  /** How an exchange ends: exactly one call, once, on the loop thread. */
  public interface Outcome {
    /** The answer, as received. */
    void answered(byte[] message);

    /**
     * No answer: ETIMEDOUT (the deadline passed), ECONNREFUSED (over UDP: the server's port is
     * closed, an ICMP port unreachable), ECANCELED, or the errno of a socket call.
     */
    void failed(IOException error);
  }

  /** The most a UDP answer may hold: the EDNS payload dial4j asks for is far below it. */
  private static final int UDP_MAX = 65535;

  private final EventLoop loop;
  private final InetEndpoint server;
  private final boolean tcp;
  private final byte[] query;
  private final Matcher matcher;
  private final Outcome outcome;
  private @Nullable PosixSocket socket;
  private @Nullable LoopFd registration;
  private @Nullable Timer timer;
  private boolean done;

  /** TCP: the length-prefixed query left to write. */
  private @Nullable ByteBuffer out;

  /** UDP: where datagrams are read, made at the first one. */
  private @Nullable ByteBuffer udpIn;

  /** TCP: the answer's two-byte length, then the answer. */
  private ByteBuffer in = ByteBuffer.allocate(2);

  private boolean lengthRead;

  private DnsExchange(
      EventLoop loop,
      InetEndpoint server,
      boolean tcp,
      byte[] query,
      Matcher matcher,
      Outcome outcome) {
    this.loop = loop;
    this.server = server;
    this.tcp = tcp;
    this.query = query;
    this.matcher = matcher;
    this.outcome = outcome;
  }

  /**
   * Sends {@code query} to {@code server} and waits for the answer until {@code deadline}; on the
   * loop thread. A failure known at once (EMFILE, ENETUNREACH, ...) comes through {@code outcome}
   * as well, before this returns.
   *
   * @return the exchange, which {@link #cancel} ends
   */
  public static DnsExchange start(
      EventLoop loop,
      InetEndpoint server,
      boolean tcp,
      byte[] query,
      Deadline deadline,
      Matcher matcher,
      Outcome outcome) {
    if (!loop.inLoop()) {
      throw new IllegalStateException("DnsExchange.start runs on its loop's thread");
    }
    DnsExchange x = new DnsExchange(loop, server, tcp, query, matcher, outcome);
    x.begin(deadline);
    return x;
  }

  /** Ends the exchange with ECANCELED if it has not ended; on the loop thread. */
  public void cancel() {
    fail(error(Errno.ECANCELED, "cancelled"));
  }

  private void begin(Deadline deadline) {
    try {
      PosixSocket s =
          PosixSocket.open(
              server.family(), tcp ? Network.SocketType.STREAM : Network.SocketType.DGRAM);
      socket = s;
      s.setBlocking(false);
      ConnectResult r = s.connect(server);
      if (tcp) {
        ByteBuffer b = ByteBuffer.allocate(2 + query.length);
        b.putShort((short) query.length).put(query).flip();
        out = b;
      } else {
        ByteBuffer q = ByteBuffer.wrap(query);
        try {
          s.send(q);
        } catch (IOException e) {
          if (NetError.errnoOf(e).orElse(null) != Errno.EAGAIN) {
            throw e;
          }
          out = q; // the send buffer is full: sent once the socket is writable (writeQuery)
        }
      }
      int interest =
          (tcp && r == ConnectResult.IN_PROGRESS) || (!tcp && out != null) ? FdFlags.W : FdFlags.R;
      registration =
          loop.register(s.fd(), tcp ? "dns-tcp" : "dns-udp", interest, this::onEvent, null);
      timer = loop.schedule(this::deadlinePassed, deadline);
      if (tcp && r == ConnectResult.CONNECTED) {
        writeQuery();
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  private void onEvent(LoopFd fd, String name, int status, @Nullable Object data) {
    if (done) {
      return;
    }
    try {
      if ((status & Status.WRITABLE) != 0) {
        PosixSocket s = socket();
        var pending = s.takeError();
        if (pending.isPresent()) {
          throw error(pending.get(), "connect");
        }
        writeQuery();
      }
      if ((status & Status.READABLE) != 0) {
        if (tcp) {
          readTcp();
        } else {
          readUdp();
        }
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  /**
   * Writes what is left of the query (TCP: length-prefixed; UDP: a datagram whose first send would
   * have blocked); reads once it is all out.
   */
  private void writeQuery() throws IOException {
    ByteBuffer b = out;
    if (b == null) {
      return;
    }
    try {
      socket().send(b);
    } catch (IOException e) {
      if (NetError.errnoOf(e).orElse(null) != Errno.EAGAIN) {
        throw e;
      }
    }
    if (!b.hasRemaining()) {
      out = null;
      registration().interest(FdFlags.R);
    } else {
      registration().interest(FdFlags.W);
    }
  }

  private void readUdp() throws IOException {
    ByteBuffer b = udpIn;
    if (b == null) {
      b = ByteBuffer.allocate(UDP_MAX);
      udpIn = b;
    }
    while (!done) {
      b.clear();
      int n;
      try {
        n = socket().recv(b);
      } catch (IOException e) {
        if (NetError.errnoOf(e).orElse(null) == Errno.EAGAIN) {
          return; // nothing more now
        }
        throw e;
      }
      byte[] m = new byte[Math.max(n, 0)];
      b.flip().get(m);
      if (matcher.matches(m)) {
        succeed(m);
        return;
      }
      // Not the answer (another ID, another question, garbage): wait on for the real one.
    }
  }

  private void readTcp() throws IOException {
    while (!done) {
      int n;
      try {
        n = socket().recv(in);
      } catch (IOException e) {
        if (NetError.errnoOf(e).orElse(null) == Errno.EAGAIN) {
          return;
        }
        throw e;
      }
      if (n < 0) {
        throw error(Errno.ECONNRESET, "the server closed the connection before its answer");
      }
      if (in.hasRemaining()) {
        continue;
      }
      if (!lengthRead) {
        lengthRead = true;
        in = ByteBuffer.allocate(in.flip().getShort() & 0xffff);
        continue;
      }
      byte[] m = in.array();
      if (!matcher.matches(m)) {
        throw error(Errno.EBADMSG, "the answer over TCP does not match the query");
      }
      succeed(m);
      return;
    }
  }

  private void deadlinePassed() {
    timer = null;
    fail(error(Errno.ETIMEDOUT, "no answer"));
  }

  private void succeed(byte[] message) {
    if (end()) {
      outcome.answered(message);
    }
  }

  private void fail(IOException e) {
    if (end()) {
      outcome.failed(asResolve(e));
    }
  }

  /**
   * A socket call's failure as the exchange's: operation resolve, the same errno, the call named in
   * the detail and the original as the cause.
   */
  private IOException asResolve(IOException e) {
    if (e instanceof NetError ne && ne.operation() == Operation.RESOLVE) {
      return e;
    }
    Errno errno = NetError.errnoOf(e).orElse(Errno.EIO);
    String call = e instanceof NetError ne ? ne.operation().toString() : "I/O";
    IOException r = error(errno, call + " to the name server failed");
    r.initCause(e);
    return r;
  }

  /** Closes what the exchange opened; true the first time only. */
  private boolean end() {
    if (done) {
      return false;
    }
    done = true;
    Timer t = timer;
    if (t != null) {
      t.cancel();
      timer = null;
    }
    LoopFd r = registration;
    if (r != null) {
      r.unregister(); // the socket below closes the descriptor
      registration = null;
    }
    PosixSocket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // close(2) of a socket nobody else holds: nothing to tell the caller
      }
      socket = null;
    }
    return true;
  }

  private PosixSocket socket() throws IOException {
    PosixSocket s = socket;
    if (s == null) {
      throw error(Errno.EBADF, "the exchange has ended");
    }
    return s;
  }

  private LoopFd registration() throws IOException {
    LoopFd r = registration;
    if (r == null) {
      throw error(Errno.EBADF, "the exchange has ended");
    }
    return r;
  }

  private IOException error(Errno errno, String detail) {
    Network net =
        tcp
            ? (server.family() == Family.INET ? Network.TCP4 : Network.TCP6)
            : (server.family() == Family.INET ? Network.UDP4 : Network.UDP6);
    return NetError.of(errno, Operation.RESOLVE, net, null, server, detail);
  }
}
