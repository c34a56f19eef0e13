package org.dial4j.control;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dial4j.Endpoint;
import org.dial4j.InetEndpoint;
import org.dial4j.error.Errno;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.internal.Blocking;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LoopFd;

/**
 * libut's control port: a line protocol into a running {@link EventLoop} that any {@code nc} can
 * speak ({@code nc 127.0.0.1 PORT}, then {@code help}). It binds a loopback address only, unless
 * the caller allows another ({@link Options#allowNonLoopback()}), because it shows every socket of
 * the program and changes its log level without asking who is there.
 *
 * <p><b>Commands.</b> {@code help} and {@code help COMMAND}, {@code fds} (one row per descriptor
 * the loop holds, after a header line: libut's "displays connecting sockets, and other file
 * descriptors"), {@code stats} (connect attempts, successes, failures by errno, latency
 * p50/p90/p99/max), {@code log} and {@code log LEVEL}, {@code quit}; and what the application adds
 * ({@link #addCommand}). A command name is matched in any case; its arguments are the words after
 * it, split on spaces and tabs.
 *
 * <p><b>Framing.</b> Input is lines ending in {@code \n} (a {@code \r} before it is dropped); a
 * blank line gets no reply. Every other line gets exactly one reply: zero or more body lines, then
 * one status line, which is either exactly {@code ok} or begins with {@code error: } (an error
 * reply has no body). So a script reads lines up to the first one that is {@code ok} or begins with
 * {@code error:}; to keep that true, a body line that would read as a status line is sent with one
 * leading space, and control characters in body lines are sent as {@code \xHH}. There is no prompt
 * and no greeting. When the port ends a session (see the limits below) it sends one {@code error:
 * ... closing} line and closes the connection.
 *
 * <p><b>Limits.</b> A line longer than {@link Options#maxLineBytes()} (not counting its {@code
 * \r\n}): message, then closed, without buffering the rest. More clients than {@link
 * Options#maxClients()}: the new one gets the message and is closed. No complete line for {@link
 * Options#idleTimeout()} (bytes without a newline do not count): message, then closed. A client
 * whose unread replies pass {@link Options#maxPendingBytes()} when its next line comes up gets the
 * message after them and is closed; unread counts what the port holds for it and what the kernel's
 * send queue holds that the client's side has not acknowledged ({@code SIOCOUTQ}), so a script that
 * pipelines more than that must read as the replies come. A line that is not UTF-8 or holds control
 * characters (binary input) is an unknown command. Each drop is logged at WARNING through the
 * loop's log.
 *
 * <p><b>Sharing the loop.</b> The port runs at most 8 lines per turn of the loop, over all its
 * clients, and none after the line whose reply brings the turn's replies to 16 KiB; clients with
 * lines waiting take the turns in turn, and a client's lines run in order, the rest of a pipelined
 * batch in later turns. {@code fds} is made 128 rows per turn (the turn's whole share; two passes
 * over the descriptors, the first for the columns' widths), so a table of 20,000 held connections
 * streams over some 300 turns and the loop's other descriptors and timers are served between them;
 * the reply is the same whole, framed table, each row as its descriptor was when its part was made.
 * While part of a client's reply waits in the port (the kernel's send buffer is full: the client
 * does not read), none of its lines runs and its input is not read; both resume once that part is
 * written. So a client that never reads is closed at the latest twice {@link Options#idleTimeout()}
 * after the last of its lines that came up: the idle timeout, then the time its message may take.
 *
 * <p><b>Ending.</b> A session that ends runs no more lines, reads and drops what the client still
 * sends (up to 64 KiB), and is closed once the client has taken (acknowledged) every reply and the
 * message, at once if it resets the connection, or after {@link Options#idleTimeout()} if it does
 * not read them. (If the client is still sending when the session is closed, such as the rest of a
 * huge line, the kernel resets the connection after the message: the client reads the message, then
 * ECONNRESET.)
 *
 * <p><b>Threads.</b> {@link #open}, {@link #addCommand}, {@link #removeCommand}, {@link #clients()}
 * and {@link #close()} may be called from any thread; the listener and every session live on the
 * loop's thread, where commands run.
 */
public final class ControlPort implements AutoCloseable {
  /** The name of the listener and of the sessions it accepts in the loop's {@code fds}. */
  public static final String NAME = "control";

  /** Enough for a burst of operators and scripts; the rest wait in SYN retries. */
  private static final int BACKLOG = 64;

  private final EventLoop loop;
  private final Options options;
  private final CommandTable commands;
  private final ControlServer server;
  private final LoopFd listener;
  private final InetEndpoint address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ControlPort(EventLoop loop, Options options) throws IOException {
    this.loop = loop;
    this.options = options;
    this.commands = new CommandTable();
    Builtins.addTo(commands);
    this.server = new ControlServer(this, commands);
    // Accepted sessions take the listener's name, as libut's do; the state column
    // (listening / accepted) tells them apart.
    this.listener = loop.listen(NAME, options.address(), BACKLOG, server, this);
    // A listener bound above: getsockname(2) names it.
    this.address =
        (InetEndpoint) Objects.requireNonNull(listener.local(), "the listener's address");
  }

  /**
   * Opens a control port on {@code ipPort} ({@code "127.0.0.1:0"}: the kernel picks the port; see
   * {@link #address()}) with every other setting at its default ({@link Options}).
   *
   * @throws InvalidArgumentException EINVAL if {@code ipPort} is not IP:port; EACCES if the address
   *     is not a loopback address (the message names it)
   * @throws IOException EADDRINUSE, EADDRNOTAVAIL (no such local address), EACCES (a privileged
   *     port), EMFILE, ENFILE, ENETDOWN (the loop is not running)
   */
  public static ControlPort open(EventLoop loop, String ipPort) throws IOException {
    return open(loop, Options.builder(ipPort).build());
  }

  /**
   * Opens a control port with {@code options}; from any thread.
   *
   * @throws InvalidArgumentException EACCES if the address is not a loopback address (127.0.0.0/8,
   *     ::1 or an IPv4-mapped loopback) and {@link Options#allowNonLoopback()} is false; the
   *     message names the address
   * @throws IOException EADDRINUSE, EADDRNOTAVAIL (no such local address), EACCES (a privileged
   *     port), EMFILE, ENFILE, ENETDOWN (the loop is not running)
   */
  public static ControlPort open(EventLoop loop, Options options) throws IOException {
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(options, "options");
    InetEndpoint at = options.address();
    if (!at.isLoopback() && !options.allowNonLoopback()) {
      // Refused before any socket exists: the address is never bound.
      throw new InvalidArgumentException(
          Errno.EACCES,
          at.toString(),
          "the control port binds a loopback address only (127.0.0.0/8 or ::1) unless "
              + "Options.allowNonLoopback is set");
    }
    return new ControlPort(loop, options);
  }

  /** The bound address (with the port the kernel picked for port 0). */
  public InetEndpoint address() {
    return address;
  }

  /** The loop the port serves. */
  public EventLoop loop() {
    return loop;
  }

  /** The settings the port was opened with. */
  public Options options() {
    return options;
  }

  /**
   * Adds an application command; from any thread, and it serves the next line that names it.
   *
   * @param name a lower-case word: {@code [a-z][a-z0-9_-]*}, at most 32 characters
   * @param oneLineHelp what {@code help} prints beside the name
   * @throws InvalidArgumentException EINVAL for a bad name or a help text that is blank or holds a
   *     line break; EEXIST if the name is taken (a built-in is never replaced, and an added command
   *     only after {@link #removeCommand})
   */
  public void addCommand(String name, String oneLineHelp, ControlCommand command) {
    commands.add(name, oneLineHelp, Objects.requireNonNull(command, "command"));
  }

  /**
   * Removes a command {@link #addCommand} added; from any thread.
   *
   * @return true if it was there
   * @throws InvalidArgumentException EPERM for a built-in command
   */
  public boolean removeCommand(String name) {
    return commands.remove(name);
  }

  /** How many clients have a session now (not counting ones being closed); from any thread. */
  public int clients() {
    return server.active();
  }

  /**
   * Closes the listener and every session at once (replies still unsent are dropped) and cancels
   * their timers. Idempotent. From a thread that is not a loop's it returns when that is done; from
   * inside a callback of another loop it does not wait. If the loop has closed, the loop closed
   * everything already.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (loop.inLoop()) {
      server.shutdown(listener);
      return;
    }
    try {
      var done =
          loop.submit(
              () -> {
                server.shutdown(listener);
                return null;
              });
      if (!Blocking.onLoopThread()) {
        done.join();
      }
    } catch (RejectedExecutionException | CompletionException e) {
      // The loop is closing or closed: it closes every descriptor it holds, ours included.
    }
  }

  @Override
  public String toString() {
    return "ControlPort[" + address + " on " + loop.name() + (closed.get() ? ", closed" : "") + "]";
  }

  /**
   * How to open a control port; every setting has the default its {@link Builder} setter names.
   *
   * @param address where to listen (port 0: the kernel picks)
   * @param allowNonLoopback whether an address that is not loopback may be bound
   * @param maxLineBytes the longest input line, in bytes, not counting its {@code \r\n}
   * @param maxClients how many sessions may be open at once
   * @param idleTimeout how long a session may go without sending a complete line before it is
   *     closed; also how long a closing session may take to read its last reply
   * @param maxPendingBytes how many bytes of replies a client may leave unread (in the port and in
   *     the kernel's send queue) when it sends another line
   */
  public record Options(
      InetEndpoint address,
      boolean allowNonLoopback,
      int maxLineBytes,
      int maxClients,
      Duration idleTimeout,
      int maxPendingBytes) {
    /** Default {@link #maxLineBytes()}: 1024. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024;

    /** The largest {@link #maxLineBytes()} allowed: 16 MiB, a command line, not a file. */
    public static final int MAX_LINE_BYTES_LIMIT = 1 << 24;

    /** Default {@link #maxClients()}: 16. */
    public static final int DEFAULT_MAX_CLIENTS = 16;

    /** Default {@link #idleTimeout()}: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** Default {@link #maxPendingBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_PENDING_BYTES = 1 << 20;

    /**
     * Checks every setting.
     *
     * @throws InvalidArgumentException EINVAL for a null address or timeout, a count or timeout
     *     that is not positive, or a {@code maxLineBytes} above {@link #MAX_LINE_BYTES_LIMIT}
     */
    public Options {
      if (address == null) {
        throw new InvalidArgumentException(Errno.EINVAL, null, "a control port needs an address");
      }
      positive("maxLineBytes", maxLineBytes);
      if (maxLineBytes > MAX_LINE_BYTES_LIMIT) {
        throw new InvalidArgumentException(
            Errno.EINVAL,
            Integer.toString(maxLineBytes),
            "maxLineBytes is at most " + MAX_LINE_BYTES_LIMIT + " (16 MiB)");
      }
      positive("maxClients", maxClients);
      positive("maxPendingBytes", maxPendingBytes);
      if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new InvalidArgumentException(
            Errno.EINVAL, String.valueOf(idleTimeout), "idleTimeout must be positive");
      }
    }

    private static void positive(String what, int n) {
      if (n <= 0) {
        throw new InvalidArgumentException(
            Errno.EINVAL, Integer.toString(n), what + " must be positive");
      }
    }

    /**
     * A builder for a port on {@code ipPort}.
     *
     * @throws InvalidArgumentException EINVAL if {@code ipPort} is not IP:port
     */
    public static Builder builder(String ipPort) {
      return new Builder(Endpoint.parseInet(ipPort));
    }

    /** A builder for a port on {@code address}. */
    public static Builder builder(InetEndpoint address) {
      return new Builder(Objects.requireNonNull(address, "address"));
    }

    /** Builds {@link Options}; each setter names its default. */
    public static final class Builder {
      private final InetEndpoint address;
      private boolean allowNonLoopback;
      private int maxLineBytes = Options.DEFAULT_MAX_LINE_BYTES;
      private int maxClients = Options.DEFAULT_MAX_CLIENTS;
      private Duration idleTimeout = Options.DEFAULT_IDLE_TIMEOUT;
      private int maxPendingBytes = Options.DEFAULT_MAX_PENDING_BYTES;

      private Builder(InetEndpoint address) {
        this.address = address;
      }

      /** Lets a non-loopback address (or the wildcard) be bound; default false. */
      public Builder allowNonLoopback(boolean allow) {
        this.allowNonLoopback = allow;
        return this;
      }

      /**
       * The longest input line in bytes, without its {@code \r\n}; default 1024, at most 16 MiB.
       */
      public Builder maxLineBytes(int bytes) {
        this.maxLineBytes = bytes;
        return this;
      }

      /** How many sessions at once; default 16. */
      public Builder maxClients(int clients) {
        this.maxClients = clients;
        return this;
      }

      /** How long a session may go without a complete line; default 5 minutes. */
      public Builder idleTimeout(Duration timeout) {
        this.idleTimeout = timeout;
        return this;
      }

      /**
       * How many reply bytes a client may leave unread (in the port and in the kernel's send queue)
       * when it sends a line; default 1 MiB.
       */
      public Builder maxPendingBytes(int bytes) {
        this.maxPendingBytes = bytes;
        return this;
      }

      /**
       * The options.
       *
       * @throws InvalidArgumentException EINVAL for a setting out of range (see {@link Options})
       */
      public Options build() {
        return new Options(
            address, allowNonLoopback, maxLineBytes, maxClients, idleTimeout, maxPendingBytes);
      }
    }
  }

  /** The loop side (tests read its counters on the loop thread). */
  ControlServer server() {
    return server;
  }
}
