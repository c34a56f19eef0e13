package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;
import org.dial4j.error.Errno;
import org.dial4j.testing.RecordingLogger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * libut's log levels (fatal, error, warning, info, debug): settable, and lines below the level are
 * not written.
 */
class LoopLogTest {
  private final RecordingLogger logger = new RecordingLogger();

  private static void logEveryLevel(LoopLog log) {
    for (LogLevel l : LogLevel.values()) {
      log.log(l, () -> l.name().toLowerCase(java.util.Locale.ROOT) + " line");
    }
  }

  @Test
  @DisplayName(
      "libut logging: at each level, that level's lines and the more severe are written, the rest"
          + " not")
  @SuppressWarnings("EnumOrdinal") // the levels are declared in libut's order, which this counts
  void threshold() {
    LoopLog log = new LoopLog("l", logger, LogLevel.INFO);
    logEveryLevel(log);
    assertThat(logger.lines())
        .extracting(RecordingLogger.Line::text)
        .containsExactly(
            "fatal: [l] fatal line", "[l] error line", "[l] warning line", "[l] info line");

    for (LogLevel level : LogLevel.values()) {
      logger.lines().clear();
      log.level(level);
      logEveryLevel(log);
      assertThat(logger.lines()).as("at %s", level).hasSize(level.ordinal() + 1);
    }
  }

  @Test
  @DisplayName(
      "libut logging: each level goes out at its System.Logger level; fatal, which it lacks, at"
          + " ERROR")
  void systemLevels() {
    LoopLog log = new LoopLog("l", logger, LogLevel.DEBUG);
    logEveryLevel(log);

    assertThat(logger.lines())
        .extracting(RecordingLogger.Line::level)
        .containsExactly(Level.ERROR, Level.ERROR, Level.WARNING, Level.INFO, Level.DEBUG);
  }

  @Test
  @DisplayName("libut logging: a line below the level is not even built")
  void disabledLinesAreNotBuilt() {
    LoopLog log = new LoopLog("l", logger, LogLevel.WARNING);
    AtomicInteger built = new AtomicInteger();

    log.log(LogLevel.INFO, () -> "info " + built.incrementAndGet());
    log.debug(() -> "debug " + built.incrementAndGet());

    assertThat(built).hasValue(0);
    assertThat(logger.lines()).isEmpty();
    assertThat(log.enabled(LogLevel.ERROR)).isTrue();
    assertThat(log.enabled(LogLevel.INFO)).isFalse();
  }

  @Test
  @DisplayName("libut logging: level names parse in any case, warn is warning, others are null")
  void parse() {
    assertThat(LogLevel.parse("Fatal")).isEqualTo(LogLevel.FATAL);
    assertThat(LogLevel.parse(" warn ")).isEqualTo(LogLevel.WARNING);
    assertThat(LogLevel.parse("WARNING")).isEqualTo(LogLevel.WARNING);
    assertThat(LogLevel.parse("debug")).isEqualTo(LogLevel.DEBUG);
    assertThat(LogLevel.parse("trace")).isNull();
  }

  @Test
  @DisplayName(
      "libut logging: a loop's level is INFO by default and settable while it runs; what the caller"
          + " receives is logged at DEBUG only")
  void loopLevelIsSettable() throws Exception {
    try (EventLoop loop = EventLoop.builder().name("logs").logger(logger).build().start()) {
      FdCallback cb = (fd, name, status, data) -> {};
      assertThat(loop.logLevel()).isEqualTo(LogLevel.INFO);

      assertThatThrownBy(() -> loop.connect("quiet", cb, null, null, "0.0.0.0:80"))
          .isInstanceOf(java.io.IOException.class);
      assertThat(logger.has("quiet"))
          .as("a failure the caller has as an exception, at INFO")
          .isFalse();

      loop.logLevel(LogLevel.DEBUG);
      assertThatThrownBy(() -> loop.connect("heard", cb, null, null, "0.0.0.0:80"))
          .isInstanceOf(java.io.IOException.class);
      assertThat(logger.has("connect heard", "EDESTADDRREQ"))
          .as("libut: the reason is logged, at DEBUG")
          .isTrue();

      LoopFd l = loop.listen("srv", "127.0.0.1:0", cb, null);
      loop.connect("dbg", cb, null, null, l.local().toString());
      Loops.leftOver(loop); // one round trip: the hand-over (and its debug line) is done
      assertThat(logger.has("connect dbg fd", "-> " + l.local()))
          .as("a DEBUG line at DEBUG")
          .isTrue();

      loop.logLevel(LogLevel.WARNING);
      logger.lines().clear();
    }
    assertThat(logger.lines()).as("nothing at WARNING, not even the loop's end").isEmpty();
    assertThat(logger.lines())
        .noneMatch(l -> l.level().getSeverity() < System.Logger.Level.WARNING.getSeverity());
  }

  @Test
  @DisplayName(
      "A quiet library: a loop at its default level that starts, connects, is refused and closes"
          + " writes no line")
  void quietByDefault() throws Exception {
    try (org.dial4j.socket.Loopback peers = new org.dial4j.socket.Loopback();
        EventLoop loop = EventLoop.builder().name("quiet").logger(logger).build().start()) {
      java.util.concurrent.CompletableFuture<Errno> failed =
          new java.util.concurrent.CompletableFuture<>();
      loop.connect(
          "refused",
          (fd, name, status, data) -> failed.complete(fd.error()),
          null,
          null,
          peers.closedPort("127.0.0.1").toString());
      assertThat(failed.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo(Errno.ECONNREFUSED);
      assertThatThrownBy(
              () -> loop.connect("bad", (fd, name, status, data) -> {}, null, null, "0.0.0.0:80"))
          .isInstanceOf(java.io.IOException.class);
      loop.listen("srv", "127.0.0.1:0", (fd, name, status, data) -> {}, null);
    }
    assertThat(logger.lines()).isEmpty();
  }

  @Test
  @DisplayName(
      "LogLevel.parse: any ASCII case and surrounding blanks; null and non-ASCII look-alikes"
          + " (dotless i) name no level")
  void parseIsAsciiAndNullSafe() {
    assertThat(LogLevel.parse(" Info ")).isEqualTo(LogLevel.INFO);
    assertThat(LogLevel.parse("warn")).isEqualTo(LogLevel.WARNING);
    assertThat(LogLevel.parse("DEBUG")).isEqualTo(LogLevel.DEBUG);
    assertThat(LogLevel.parse(null)).isNull();
    assertThat(LogLevel.parse("\u0131nfo")).isNull();
    assertThat(LogLevel.parse("fatal\u017f")).isNull();
    assertThat(LogLevel.parse("")).isNull();
  }
}
