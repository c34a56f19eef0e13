package org.dial4j.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.Endpoint;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdFlags;
import org.dial4j.loop.LogLevel;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Timer;
import org.jspecify.annotations.Nullable;

/**
 * One client of a {@link ControlPort}: what a {@link ControlCommand} prints its reply to. Its
 * methods run on the loop thread, inside a command.
 *
 * <p>Each input line ({@link LineBuffer}) runs one command, whose reply is collected and then
 * written in one piece with its status line. Lines run in the port's share of a loop turn (see
 * {@link ControlPort}, sharing the loop); none runs while a reply waits unsent in the port, and no
 * input is read while lines already read wait to run.
 */
public final class ControlSession {
  /** The first re-check of an ending session's unsent bytes; each next one waits twice as long. */
  private static final long FIRST_RECHECK_NANOS = 1_000_000;

  /** The longest wait between re-checks: a client that reads its last reply is closed by then. */
  private static final long MAX_RECHECK_NANOS = 100_000_000;

  /**
   * How much input an ending session reads and drops, at most: more than a client pipelines before
   * it reads the message. One that goes on sending after it is not read any more (its sends stall
   * on the kernel's window, and the close resets it), so that it costs the loop nothing.
   */
  static final int DROP_BYTES = 64 * 1024;

  private final ControlServer server;
  private final LoopFd fd;
  private final LineBuffer lines;

  /** What was read and has not run yet (read mode); empty until {@link #start()}. */
  private ByteBuffer input = ByteBuffer.allocate(0);

  /** The idle timer while the session runs; the linger re-check while it is ending. */
  private @Nullable Timer timer;

  /** No more input is read: the session is ending or closed. */
  private boolean ending;

  /** Counted against {@link ControlPort.Options#maxClients()}. */
  boolean counted;

  /** Bytes handed to {@link LoopFd#write}. */
  private long written;

  /** In the server's queue of sessions with lines to run. */
  boolean queued;

  /** When the last whole line came (the start, before the first): idle is measured from it. */
  private long lastLineNanos;

  /** An ending session is closed at this time even if the client has not read its last reply. */
  private long lingerUntilNanos;

  private long recheckNanos;

  /** Input an ending session has dropped. */
  private long dropped;

  /** The body of the reply being built; null outside a command. */
  private @Nullable List<String> reply;

  private boolean closeAfterReply;

  /** A command's reply body written over several loop turns, one part per turn ({@code fds}). */
  interface Stream {
    /**
     * Adds the next part of the body to {@code out}, whole lines each ending in {@code \n} (maybe
     * none: a part may only prepare the rest), on the loop thread.
     *
     * @return true when that was the last part
     */
    boolean next(StringBuilder out);
  }

  /** Set by {@link #stream} inside a command; the reply's body then comes from it. */
  private @Nullable Stream streamed;

  /**
   * A streamed body's text and its bytes, made on the session's first streamed part and used for
   * every part after: a part is encoded once, into these bytes, not copied into a new string and a
   * new array each time (over an {@code fds} of tens of thousands of rows that was most of its
   * garbage).
   */
  private @Nullable StringBuilder partText;

  private @Nullable ByteBuffer partBytes;

  /** UTF-8, with {@code String.getBytes}'s replacement for what cannot be encoded; made with it. */
  private @Nullable CharsetEncoder encoder;

  /** The body being streamed, a part per turn; no line runs until it is complete. */
  private @Nullable Stream stream;

  ControlSession(ControlServer server, LoopFd fd) {
    this.server = server;
    this.fd = fd;
    this.lines = new LineBuffer(server.port().options().maxLineBytes());
  }

  /**
   * Adds one line to the reply of the command that runs. Control characters (a line break included)
   * are sent as {@code \xHH}, and a line that would read as a status line ({@code ok}, or beginning
   * with {@code error:}) gets one leading space (see {@link ControlPort}'s framing).
   *
   * @throws IllegalStateException off the loop thread, or outside a command
   */
  public void println(String text) {
    if (reply == null || !loop().inLoop()) {
      throw new IllegalStateException("ControlSession.println works inside a command, on its loop");
    }
    reply.add(bodyLine(text));
  }

  /** A body line as sent: controls escaped, and one leading space if it would read as a status. */
  static String bodyLine(String text) {
    String l = Escapes.line(String.valueOf(text));
    return l.equals("ok") || l.startsWith("error:") ? " " + l : l;
  }

  /**
   * Inside a command: the body goes on after what {@link #println} added, from {@code body}, one
   * part per turn of the loop (the port's whole share of that turn), its status line {@code ok}
   * after the last part. Nothing else of this session runs until then; a part waits while the
   * previous one is unsent (the client does not read).
   */
  void stream(Stream body) {
    if (reply == null || !loop().inLoop()) {
      throw new IllegalStateException("ControlSession.stream works inside a command, on its loop");
    }
    streamed = body;
  }

  /**
   * Ends the session: no more lines run, and it is closed once the client has taken what was
   * written, including the reply of the command that runs when called from one (as {@code quit}
   * does), or when {@link ControlPort.Options#idleTimeout()} has passed if the client does not
   * read.
   *
   * @throws IllegalStateException off the loop thread
   */
  public void close() {
    if (!loop().inLoop()) {
      throw new IllegalStateException("ControlSession.close works on its loop's thread");
    }
    if (reply != null) {
      closeAfterReply = true;
    } else {
      end(null);
    }
  }

  /** The client's address (null only if the kernel's accept named none dial4j knows). */
  public @Nullable Endpoint remote() {
    return fd.remote();
  }

  /** The loop the port serves (its {@code fds()}, {@code stats()} and log level). */
  public EventLoop loop() {
    return server.loop();
  }

  /** The port this session came in on. */
  public ControlPort port() {
    return server.port();
  }

  LoopFd fd() {
    return fd;
  }

  // ------------------------------------------------------------------ driven by ControlServer

  void start() {
    input = ByteBuffer.allocate(ControlServer.READ_BYTES).flip();
    lastLineNanos = now();
    timer = loop().schedule(this::idleCheck, server.port().options().idleTimeout());
  }

  /**
   * A readiness call (READABLE, WRITABLE or both). A running session reads only when all it read
   * before has run, and then hands its lines to the server's queue ({@link
   * ControlServer#runnable}); while a reply waits in user space it watches for W alone (the loop
   * writes it on EPOLLOUT), as level-triggered epoll would otherwise report the unread input on
   * every turn.
   */
  void ready(ByteBuffer scratch) {
    if (ending) {
      lingering(scratch);
      return;
    }
    if (replyWaits()) {
      fd.interest(FdFlags.W);
      return;
    }
    if (stream != null) {
      // The last part is written (or input came, which waits for the body's end, unread): the
      // next part in the port's next share.
      fd.interest(FdFlags.R);
      server.runnable(this);
      return;
    }
    fd.interest(FdFlags.R);
    if (input.hasRemaining() || fill()) {
      server.runnable(this); // once: a call while queued changes nothing
    }
  }

  /** One read into {@link #input}: false if there is nothing to run. */
  private boolean fill() {
    input.clear();
    int n;
    try {
      n = fd.read(input);
    } catch (IOException e) {
      input.limit(0);
      hardClose(); // reset by the client: nobody is left to tell
      return false;
    }
    input.flip();
    if (n < 0) {
      end(null); // end of input (a partial line is dropped): flush the replies, then close
    }
    return n > 0;
  }

  /**
   * Runs the whole lines of {@link #input} while the port's share of this loop turn lasts (the
   * server's queue calls it); then waits for a reply to be written, goes back to the queue's end
   * with the lines left, or reads again.
   */
  void runLines() {
    if (stream != null && !ending && server.shareLeft()) {
      streamPart(stream);
    }
    while (stream == null && !ending && input.hasRemaining() && server.shareLeft()) {
      int l = lines.offer(input.get());
      if (l == LineBuffer.MORE) {
        continue;
      }
      if (l == LineBuffer.TOO_LONG) {
        int max = server.port().options().maxLineBytes();
        String why = "line longer than " + max + " bytes; closing";
        server.warn(this, why);
        end(why);
        return;
      }
      lastLineNanos = now();
      long before = written;
      command(lines.line(), l);
      server.spend(written - before);
      if (replyWaits()) {
        break;
      }
    }
    if (ending) {
      return;
    }
    if (replyWaits()) {
      fd.interest(FdFlags.W);
    } else if (stream != null) {
      fd.interest(FdFlags.R); // as between lines; what comes is read once the body is complete
      server.runnable(this);
    } else if (input.hasRemaining()) {
      server.runnable(this);
    } else {
      fd.interest(FdFlags.R);
    }
  }

  /** Part of a reply waits in user space: the kernel's send buffer is full. */
  private boolean replyWaits() {
    return (fd.flags() & FdFlags.WRITE_PENDING) != 0;
  }

  /** Runs the command on {@code line[0..l)} and writes its reply. */
  private void command(byte[] line, int l) {
    long unsent = fd.unsent();
    int maxPending = server.port().options().maxPendingBytes();
    if (unsent > maxPending) {
      // The client asks and does not read: what the port and the kernel hold for it, counted.
      String why = unsent + " bytes of replies unread (at most " + maxPending + "); closing";
      server.warn(this, why);
      end(why);
      return;
    }
    String text = Escapes.text(line, l);
    reply = new ArrayList<>();
    try {
      String status;
      if (text == null) {
        status = "error: unknown command \"" + Escapes.quote(line, 0, l) + "\"; try help";
      } else {
        String[] words = text.strip().split("[ \t]+");
        if (words[0].isEmpty()) {
          return; // a blank line gets no reply
        }
        CommandTable.Entry e = server.commands().find(words[0]);
        status =
            e == null
                ? "error: " + Builtins.unknown(words[0])
                : run(e, List.of(words).subList(1, words.length));
      }
      StringBuilder sb = new StringBuilder();
      if (status.equals("ok")) {
        reply.forEach(r -> sb.append(r).append('\n'));
        if (streamed != null) {
          stream = streamed; // the rest of the body, then the status, in the next turns
          write(sb.toString());
          return;
        }
      }
      write(sb.append(status).append('\n').toString());
    } finally {
      reply = null;
      streamed = null;
    }
    if (closeAfterReply) {
      end(null);
    }
  }

  /**
   * Writes the next part of the streamed body (and {@code ok} after the last), which takes the
   * port's whole share of this turn.
   */
  private void streamPart(Stream body) {
    StringBuilder sb = partText;
    if (sb == null) {
      sb = new StringBuilder(16384);
      partText = sb;
    }
    sb.setLength(0);
    boolean last = body.next(sb);
    if (last) {
      stream = null;
      sb.append("ok\n");
    }
    long before = written;
    writeEncoded(sb);
    server.spendTurn(written - before);
    lastLineNanos = now(); // a reply in progress is not idleness
    if (last && closeAfterReply) {
      end(null);
    }
  }

  private String run(CommandTable.Entry e, List<String> args) {
    try {
      e.command().run(this, args);
      return "ok";
    } catch (IllegalArgumentException ex) {
      return "error: " + Escapes.line(String.valueOf(ex.getMessage()));
    } catch (RuntimeException | Error ex) {
      if (ex instanceof VirtualMachineError) {
        throw ex;
      }
      loop().log(LogLevel.ERROR, () -> "control command " + e.name() + " threw " + ex);
      return "error: command " + e.name() + " failed: " + Escapes.line(String.valueOf(ex));
    }
  }

  /** {@link #write(String)} of {@code text} encoded into {@link #partBytes}, grown as needed. */
  private void writeEncoded(CharSequence text) {
    CharsetEncoder utf8 = encoder;
    if (utf8 == null) {
      utf8 =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE);
      encoder = utf8;
    }
    ByteBuffer bytes = partBytes;
    int most = (int) Math.ceil(text.length() * (double) utf8.maxBytesPerChar());
    if (bytes == null || bytes.capacity() < most) {
      bytes = ByteBuffer.allocate(Math.max(most, 16384));
      partBytes = bytes;
    }
    bytes.clear();
    // Room for the worst case, and the text is whole (its own lines, from Escapes): one call.
    var _ = utf8.reset().encode(CharBuffer.wrap(text), bytes, true);
    var _ = utf8.flush(bytes);
    bytes.flip();
    send(bytes);
  }

  private void write(String text) {
    send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Hands {@code bytes} to the loop (what the kernel does not take now is kept and sent later). */
  private void send(ByteBuffer bytes) {
    int n = bytes.remaining();
    try {
      fd.write(bytes);
      written += n;
    } catch (IOException e) {
      hardClose(); // EPIPE or ECONNRESET: the client is gone
    }
  }

  /**
   * Stops running lines and closes once what is unsent (and {@code message}, if any, as an error
   * line) has reached the client, its kernel's receive buffer; a client that does not read it
   * within the idle timeout is closed anyway. Until then what the client sends is read and dropped
   * (up to {@link #DROP_BYTES}): its end of stream or reset is seen, and what it pipelined before
   * it read the message does not stall its sends.
   */
  void end(@Nullable String message) {
    if (ending) {
      return;
    }
    ending = true;
    stream = null; // a body in progress is dropped with the lines
    server.uncount(this);
    cancelTimer();
    input.limit(0); // lines read and not run are dropped
    if (message != null) {
      write("error: " + message + "\n");
    }
    if (!fd.isOpen()) {
      server.forget(this);
      return;
    }
    fd.interest(FdFlags.R);
    lingerUntilNanos = now() + server.port().options().idleTimeout().toNanos();
    recheckNanos = FIRST_RECHECK_NANOS;
    if (!closeIfDelivered()) {
      timer = loop().schedule(this::lingerCheck, Duration.ofNanos(recheckNanos));
    }
  }

  /** A readiness call for an ending session: input is read and dropped, up to DROP_BYTES. */
  private void lingering(ByteBuffer scratch) {
    if (!fd.isOpen()) {
      return;
    }
    scratch.clear();
    int n;
    try {
      n = fd.read(scratch);
    } catch (IOException e) {
      hardClose(); // reset: the client will read nothing more
      return;
    }
    dropped += Math.max(n, 0);
    if (n < 0 || dropped >= DROP_BYTES) {
      // Level-triggered epoll would report the end of stream (or input) on every turn.
      fd.interest(0);
    }
    closeIfDelivered();
  }

  /**
   * Closes an ending session if the client has taken all that was written: nothing waits in user
   * space nor in the kernel's send queue ({@link LoopFd#unsent()}). Closing earlier would lose it
   * when input is still unread, as close(2) then resets the connection (RFC 1122, 4.2.2.13) and
   * drops the send queue.
   */
  private boolean closeIfDelivered() {
    if (fd.isOpen() && fd.unsent() > 0) {
      return false;
    }
    cancelTimer();
    fd.close();
    server.forget(this);
    return true;
  }

  /**
   * No event says that a send queue has drained (EPOLLOUT comes once there is room, not once it is
   * empty), so an ending session looks again after 1, 2, 4 ... ms, at most every 100 ms.
   */
  private void lingerCheck() {
    timer = null;
    if (closeIfDelivered()) {
      return;
    }
    long left = lingerUntilNanos - now();
    if (left <= 0) {
      server.warn(this, "did not read its last reply within the idle timeout; closing");
      fd.close();
      server.forget(this);
      return;
    }
    recheckNanos = Math.min(recheckNanos * 2, MAX_RECHECK_NANOS);
    timer = loop().schedule(this::lingerCheck, Duration.ofNanos(Math.min(recheckNanos, left)));
  }

  /**
   * The idle timer: no whole line for the idle timeout ends the session. Only a whole line counts,
   * so a client that trickles bytes without a newline is idle; and it is checked against the time
   * of the last line, so that lines cost no timer each.
   */
  private void idleCheck() {
    timer = null;
    Duration timeout = server.port().options().idleTimeout();
    long left = lastLineNanos + timeout.toNanos() - now();
    if (left > 0) {
      timer = loop().schedule(this::idleCheck, Duration.ofNanos(left));
      return;
    }
    String why = "idle for " + human(timeout) + "; closing";
    server.warn(this, why);
    end(why);
  }

  /** {@code 5 min}, {@code 30 s} or {@code 200 ms}. */
  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 60_000 == 0 ? ms / 60_000 + " min" : ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private long now() {
    return loop().clock().nanoTime();
  }

  /** The loop closes the descriptor after a failed buffered write. */
  void failed() {
    ending = true;
    stream = null;
    cancelTimer();
    server.forget(this);
  }

  /** Closes at once, dropping what is unsent. */
  void hardClose() {
    ending = true;
    stream = null;
    cancelTimer();
    fd.close();
    server.forget(this);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}
