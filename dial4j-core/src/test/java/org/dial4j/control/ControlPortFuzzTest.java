package org.dial4j.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.LogLevel;
import org.dial4j.testing.Await;
import org.dial4j.testing.Descriptors;
import org.dial4j.testing.FuzzTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The control port's line protocol fed any bytes, on one real loop and port on 127.0.0.1 that every
 * execution reuses: each execution is one client that sends the bytes, half-closes, and reads until
 * the port closes. Nothing escapes to the loop (it never fails, and the next execution is served),
 * every reply is framed as {@link ControlPort} says (whole lines, no control character, valid
 * UTF-8, body lines then exactly one status line, an error with no body), there are as many replies
 * as the lines call for, and no session or descriptor is left behind.
 */
@FuzzTarget
class ControlPortFuzzTest {
  private static final int READ_TIMEOUT_MS = 10_000;

  private static final CountingLogger LOG = new CountingLogger();
  private static EventLoop loop;
  private static ControlPort port;
  private static int socketsAtFirst = -1;
  private static long boomReplies;

  @BeforeAll
  static void open() throws IOException {
    loop = EventLoop.builder().name("ctl-fuzz").logger(LOG).build().start();
    port = ControlPort.open(loop, "127.0.0.1:0");
    // Application commands whose replies carry the fuzzer's words: printed as they are (the port
    // escapes what would break the framing), refused with them, or a command that fails.
    port.addCommand("echo", "echo WORDS", (s, args) -> args.forEach(s::println));
    port.addCommand(
        "refuse",
        "refuse WORDS",
        (s, args) -> {
          throw new IllegalArgumentException(String.join("\n", args));
        });
    port.addCommand(
        "boom",
        "boom",
        (s, args) -> {
          s.println("lost");
          throw new IllegalStateException("boom " + args);
        });
  }

  @AfterAll
  static void close() {
    try {
      assertThat(loop.failure()).isEmpty();
      Await.until("no control session left", () -> port.clients() == 0, Duration.ofSeconds(10));
      if (socketsAtFirst >= 0) {
        Await.until(
            "the sockets of the first execution",
            () -> Descriptors.openSockets() == socketsAtFirst,
            Duration.ofSeconds(10));
      }
      // A command that throws is logged at ERROR, once per reply that says so; nothing else is.
      assertThat(LOG.errors.get()).isEqualTo(boomReplies);
    } finally {
      port.close();
      loop.close();
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyBytesGetFramedReplies(byte[] input) throws IOException {
    // Jazzer's SSRF detector: this target's one connection, to its port on loopback, is meant.
    BugDetectors.allowNetworkConnections(
        (host, p) -> p == port.address().port() && host.matches("localhost|127\\.0\\.0\\.1"));
    if (socketsAtFirst < 0) {
      socketsAtFirst = Descriptors.openSockets();
    }
    Session s = session(input);
    checkFraming(input, s);
    assertThat(loop.failure()).isEmpty();
    assertThat(port.clients()).isZero();
    loop.logLevel(LogLevel.INFO); // undo a "log LEVEL" line: each execution starts alike
  }

  /** What one client read back: the bytes, and whether the port reset the connection. */
  static final class Session {
    private final byte[] output;
    private final boolean reset;

    Session(byte[] output, boolean reset) {
      this.output = output;
      this.reset = reset;
    }

    byte[] output() {
      return output;
    }

    boolean reset() {
      return reset;
    }
  }

  static Session session(byte[] input) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.connect(port.address().toSocketAddress(), READ_TIMEOUT_MS);
      boolean reset = false;
      try {
        socket.getOutputStream().write(input);
        socket.shutdownOutput();
      } catch (SocketException e) {
        reset = true; // the port closed on a line too long while the rest was still coming
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      while (true) {
        int n;
        try {
          n = in.read(buf);
        } catch (SocketException e) {
          reset = true;
          break;
        }
        if (n < 0) {
          break;
        }
        out.write(buf, 0, n);
      }
      return new Session(out.toByteArray(), reset);
    }
  }

  static void checkFraming(byte[] input, Session s) {
    byte[] out = s.output();
    int end = out.length;
    if (!s.reset()) {
      assertThat(end == 0 || out[end - 1] == '\n').as("output ends with a newline").isTrue();
    } else {
      while (end > 0 && out[end - 1] != '\n') {
        end--; // a reset may cut the last line
      }
    }
    List<String> lines = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < end; i++) {
      if (out[i] == '\n') {
        lines.add(line(out, from, i));
        from = i + 1;
      }
    }
    List<String> body = new ArrayList<>();
    int replies = 0;
    boolean closing = false;
    for (String l : lines) {
      if (!l.equals("ok") && !l.startsWith("error:")) {
        body.add(l);
        continue;
      }
      replies++;
      if (l.startsWith("error:")) {
        assertThat(body).as("an error reply has no body: %s", l).isEmpty();
        if (l.startsWith("error: command ")) {
          assertThat(l).as("only the failing command fails").startsWith("error: command boom ");
          boomReplies++;
        }
        closing = l.endsWith("; closing");
      }
      body.clear();
    }
    if (!s.reset()) {
      assertThat(body).as("body lines without a status line").isEmpty();
    }
    int[] bounds = expectedReplies(input, port.options().maxLineBytes());
    assertThat(replies).as("replies").isLessThanOrEqualTo(bounds[1] + (closing ? 1 : 0));
    if (!s.reset() && !closing) {
      assertThat(replies).as("replies").isGreaterThanOrEqualTo(bounds[0]);
    }
  }

  /** One line of output: valid UTF-8 with no control character but tab. */
  private static String line(byte[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      int c = out[i] & 0xff;
      assertThat((c < 0x20 && c != '\t') || c == 0x7f)
          .as("control byte %d in an output line", c)
          .isFalse();
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("an output line that is not UTF-8", e);
    }
  }

  /**
   * The fewest and the most replies the input calls for: every complete line but a blank one gets
   * one. A line that surely gets one holds a printable ASCII character or a control byte; a line of
   * spaces and tabs surely gets none; the others (non-ASCII white space such as U+3000) may be
   * blank. The fewest stops counting at the first line that may end the session ({@code quit},
   * perhaps after Unicode white space) or is too long.
   */
  static int[] expectedReplies(byte[] input, int maxLineBytes) {
    int lower = 0;
    int upper = 0;
    boolean counting = true;
    int from = 0;
    for (int i = 0; i < input.length; i++) {
      if (input[i] != '\n') {
        if (i - from > maxLineBytes) {
          return new int[] {lower, upper}; // too long even before its newline: the port closes
        }
        continue;
      }
      int to = i > from && input[i - 1] == '\r' ? i - 1 : i;
      if (to - from > maxLineBytes) {
        return new int[] {lower, upper};
      }
      boolean sure = false;
      boolean spaces = true;
      for (int j = from; j < to; j++) {
        int c = input[j] & 0xff;
        sure |= (c < 0x20 && c != '\t') || (c >= 0x21 && c <= 0x7f);
        spaces &= c == ' ' || c == '\t';
      }
      String bytes = new String(input, from, to - from, StandardCharsets.ISO_8859_1);
      String text = new String(input, from, to - from, StandardCharsets.UTF_8);
      if (bytes.toLowerCase(Locale.ROOT).contains("quit")
          || text.toLowerCase(Locale.ROOT).contains("quit")) {
        counting = false;
      }
      if (sure && counting) {
        lower++;
      }
      if (!spaces) {
        upper++;
      }
      from = i + 1;
    }
    return new int[] {lower, upper};
  }

  /** Drops every line, counting those at ERROR. */
  static final class CountingLogger implements System.Logger {
    final AtomicLong errors = new AtomicLong();

    @Override
    public String getName() {
      return "ctl-fuzz";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      count(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      count(level);
    }

    private void count(Level level) {
      if (level == Level.ERROR) {
        errors.incrementAndGet();
      }
    }
  }
}
