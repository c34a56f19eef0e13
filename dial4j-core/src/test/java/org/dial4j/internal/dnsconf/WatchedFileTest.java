package org.dial4j.internal.dnsconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dial4j.MonotonicClock;
import org.dial4j.error.InvalidArgumentException;
import org.dial4j.error.ResolveException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched file on real temp files and a virtual clock: no test sleeps. */
class WatchedFileTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final MonotonicClock clock = now::get;

  /** Records each text it is given, null for no file. */
  private final List<@Nullable String> parsed = new ArrayList<>();

  private final WatchedFile.Parser<String> recording =
      text -> {
        parsed.add(text);
        return text == null ? "<none>" : text;
      };

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  @DisplayName("Read on the first get, then from memory until the interval has passed")
  void noRereadBeforeTheInterval() throws IOException {
    Path file = Files.writeString(dir.resolve("conf"), "one\n");
    WatchedFile<String> w = WatchedFile.of(file, recording, INTERVAL, clock);
    assertThat(parsed).isEmpty();
    assertThat(w.get()).isEqualTo("one\n");
    Files.writeString(file, "two, longer\n");
    advance(INTERVAL.minusNanos(1));
    assertThat(w.get()).as("not checked yet").isEqualTo("one\n");
    assertThat(parsed).hasSize(1);
    advance(Duration.ofNanos(1));
    assertThat(w.get()).isEqualTo("two, longer\n");
    assertThat(parsed).hasSize(2);
    assertThat(w.path()).isEqualTo(file);
  }

  @Test
  @DisplayName("An unchanged file is checked, not read again")
  void unchangedNotReparsed() throws IOException {
    Path file = Files.writeString(dir.resolve("conf"), "same\n");
    WatchedFile<String> w = WatchedFile.of(file, recording, INTERVAL, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(w.get()).isEqualTo("same\n");
      advance(INTERVAL);
    }
    assertThat(parsed).hasSize(1);
  }

  @Test
  @DisplayName("A change of the same size is seen by its modification time")
  void sameSizeChange() throws IOException {
    Path file = Files.writeString(dir.resolve("conf"), "aaaa\n");
    WatchedFile<String> w = WatchedFile.of(file, recording, INTERVAL, clock);
    FileTime before = Files.getLastModifiedTime(file);
    assertThat(w.get()).isEqualTo("aaaa\n");
    Files.writeString(file, "bbbb\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 10_000));
    advance(INTERVAL);
    assertThat(w.get()).isEqualTo("bbbb\n");
  }

  @Test
  @DisplayName("A file replaced by a rename (a new inode) is read again")
  void replacedByRename() throws IOException {
    Path file = Files.writeString(dir.resolve("conf"), "old\n");
    WatchedFile<String> w = WatchedFile.of(file, recording, INTERVAL, clock);
    assertThat(w.get()).isEqualTo("old\n");
    Path next = Files.writeString(dir.resolve("conf.new"), "new\n");
    Files.setLastModifiedTime(next, Files.getLastModifiedTime(file));
    Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    advance(INTERVAL);
    assertThat(w.get()).isEqualTo("new\n");
  }

  @Test
  @DisplayName("Missing is a valid state (the parser's defaults); created later, it is read")
  void missingThenCreated() throws IOException {
    Path file = dir.resolve("conf");
    WatchedFile<String> w = WatchedFile.of(file, recording, INTERVAL, clock);
    assertThat(w.get()).isEqualTo("<none>");
    advance(INTERVAL);
    assertThat(w.get()).isEqualTo("<none>");
    assertThat(parsed).as("still missing: not parsed again").hasSize(1);
    Files.writeString(file, "created\n");
    assertThat(w.get()).as("not before the interval").isEqualTo("<none>");
    advance(INTERVAL);
    assertThat(w.get()).isEqualTo("created\n");
    Files.delete(file);
    advance(INTERVAL);
    assertThat(w.get()).as("deleted again: the defaults").isEqualTo("<none>");
  }

  @Test
  @DisplayName("A file created empty where none was is read: empty is not missing")
  void createdEmpty() throws IOException {
    Path file = dir.resolve("hosts");
    WatchedFile<HostsFile> w = WatchedFile.of(file, HostsFile.fileParser(), INTERVAL, clock);
    assertThat(w.get().present()).isFalse();
    Files.writeString(file, "");
    advance(INTERVAL);
    assertThat(w.get().present()).isTrue();
  }

  @Test
  @DisplayName("Interval zero checks on every call, as glibc does")
  void zeroInterval() throws IOException {
    Path file = Files.writeString(dir.resolve("conf"), "1\n");
    WatchedFile<String> w = WatchedFile.of(file, recording, Duration.ZERO, clock);
    assertThat(w.get()).isEqualTo("1\n");
    Files.writeString(file, "22\n");
    assertThat(w.get()).isEqualTo("22\n");
    assertThatThrownBy(() -> WatchedFile.of(file, recording, Duration.ofSeconds(-1), clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WatchedFile.DEFAULT_INTERVAL).isEqualTo(Duration.ofSeconds(5));
    assertThat(WatchedFile.of(file, recording, clock).get()).isEqualTo("22\n");
  }

  @Test
  @DisplayName("resolv.conf watched: defaults without a file, the file once written")
  void resolvConf() throws IOException {
    Path file = dir.resolve("resolv.conf");
    WatchedFile<ResolvConf> w =
        WatchedFile.of(file, ResolvConf.fileParser(ResolvEnvironment.NONE), INTERVAL, clock);
    assertThat(w.get()).isEqualTo(ResolvConf.DEFAULT);
    Files.writeString(file, "nameserver 192.0.2.53\noptions ndots:2\n");
    advance(INTERVAL);
    assertThat(w.get().ndots()).isEqualTo(2);
    assertThat(w.get().nameservers().getFirst().toString()).isEqualTo("192.0.2.53:53");
  }

  @Test
  @DisplayName("resolv.conf's no-reload: once read with it, the file is never checked again")
  void noReload() throws IOException {
    Path file = Files.writeString(dir.resolve("resolv.conf"), "options no-reload ndots:3\n");
    WatchedFile<ResolvConf> w = ResolvConf.watch(file, ResolvEnvironment.NONE, INTERVAL, clock);
    assertThat(w.get().ndots()).isEqualTo(3);
    Files.writeString(file, "options ndots:4 and more\n");
    advance(INTERVAL.multipliedBy(3));
    assertThat(w.get().ndots()).isEqualTo(3);
    assertThat(w.get().has(ResolvConf.Option.NO_RELOAD)).isTrue();
    Path plain = Files.writeString(dir.resolve("plain.conf"), "options ndots:3\n");
    WatchedFile<ResolvConf> p = ResolvConf.watch(plain, ResolvEnvironment.NONE, INTERVAL, clock);
    assertThat(p.get().ndots()).isEqualTo(3);
    Files.writeString(plain, "options ndots:4 and more\n");
    advance(INTERVAL);
    assertThat(p.get().ndots()).isEqualTo(4);
  }

  @Test
  @DisplayName("A refused nsswitch.conf throws until the file changes, then reads again")
  void refusedParseRemembered() throws IOException {
    Path file = Files.writeString(dir.resolve("nsswitch.conf"), "hosts: files [x=y]\n");
    int[] parses = {0};
    WatchedFile.Parser<NsSwitchHosts> counting =
        text -> {
          parses[0]++;
          return NsSwitchHosts.fileParser().parse(text);
        };
    WatchedFile<NsSwitchHosts> w = WatchedFile.of(file, counting, INTERVAL, clock);
    assertThatThrownBy(w::get).isInstanceOf(InvalidArgumentException.class);
    advance(INTERVAL);
    assertThatThrownBy(w::get).isInstanceOf(InvalidArgumentException.class);
    assertThat(parses[0]).as("the same version is not parsed again").isEqualTo(1);
    Files.writeString(file, "hosts: dns files\n");
    advance(INTERVAL);
    assertThat(w.get().sources()).hasSize(2);
  }

  @Test
  @DisplayName("A failure to read (a directory: EISDIR) is thrown and tried again")
  void readFailureRetried() throws IOException {
    Path path = Files.createDirectory(dir.resolve("conf"));
    WatchedFile<String> w = WatchedFile.of(path, recording, INTERVAL, clock);
    assertThatThrownBy(w::get).isInstanceOf(ResolveException.class).hasMessageContaining("EISDIR");
    Files.delete(path);
    Files.writeString(path, "now a file\n");
    assertThatThrownBy(w::get).as("not before the interval").isInstanceOf(ResolveException.class);
    advance(INTERVAL);
    assertThat(w.get()).isEqualTo("now a file\n");
  }
}
