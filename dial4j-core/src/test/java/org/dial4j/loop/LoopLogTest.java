package org.dial4j.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;
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
  @DisplayName("libut logging: at each level, that level's lines and the more severe are written, the rest not")
  void threshold() {
    LoopLog log = new LoopLog("l", logger, LogLevel.INFO);
    logEveryLevel(log);
    assertThat(logger.lines()).extracting(RecordingLogger.Line::text).containsExactly(
        "fatal: [l] fatal line", "[l] error line", "[l] warning line", "[l] info line");

    for (LogLevel level : LogLevel.values()) {
      logger.lines().clear();
      log.level(level);
      logEveryLevel(log);
      assertThat(logger.lines()).as("at %s", level).hasSize(level.ordinal() + 1);
    }
  }

  @Test
  @DisplayName("libut logging: each level goes out at its System.Logger level; fatal, which it lacks, at ERROR")
  void systemLevels() {
    LoopLog log = new LoopLog("l", logger, LogLevel.DEBUG);
    logEveryLevel(log);

    assertThat(logger.lines()).extracting(RecordingLogger.Line::level).containsExactly(
        Level.ERROR, Level.ERROR, Level.WARNING, Level.INFO, Level.DEBUG);
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
  @DisplayName("libut logging: a loop's level is INFO by default and settable while it runs")
  void loopLevelIsSettable() throws Exception {
    try (EventLoop loop = EventLoop.builder().name("logs").logger(logger).build().start()) {
      FdCallback cb = (fd, name, status, data) -> {};
      assertThat(loop.logLevel()).isEqualTo(LogLevel.INFO);

      loop.logLevel(LogLevel.WARNING);
      assertThatThrownBy(() -> loop.connect("quiet", cb, null, null, "0.0.0.0:80"))
          .isInstanceOf(java.io.IOException.class);
      assertThat(logger.has("quiet")).as("an INFO line at WARNING").isFalse();

      loop.logLevel(LogLevel.INFO);
      assertThatThrownBy(() -> loop.connect("heard", cb, null, null, "0.0.0.0:80"))
          .isInstanceOf(java.io.IOException.class);
      assertThat(logger.has("connect heard", "EDESTADDRREQ")).isTrue();

      loop.logLevel(LogLevel.DEBUG);
      LoopFd l = loop.listen("srv", "127.0.0.1:0", cb, null);
      loop.connect("dbg", cb, null, null, l.local().toString());
      Loops.leftOver(loop); // one round trip: the hand-over (and its debug line) is done
      assertThat(logger.has("connect dbg fd", "-> " + l.local())).as("a DEBUG line at DEBUG").isTrue();
    }
    assertThat(logger.has("event loop logs closed")).isTrue();
  }
}
