package org.dial4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** cconnect's options as the peers read them: its clamps, its address ranges, its refusals. */
class PeerOptionsTest {

  @Test
  void clampsAsCconnect() {
    PeerOptions o = PeerOptions.parse("-n", "10", "-c", "64", "-T", "16", "-p", "7");
    assertThat(o.concurrency()).isEqualTo(10); // no more in flight than TOTAL
    assertThat(o.threads()).isEqualTo(10); // no more threads than in flight
    assertThat(o.limitSeconds()).isEqualTo(60);
    assertThat(o.dsts()).extracting(InetSocketAddress::toString).containsExactly("/127.0.0.1:7");
  }

  @Test
  void readsRangesAndLists() {
    PeerOptions o =
        PeerOptions.parse("-n", "1", "-c", "1", "-p", "80", "-a", "127.0.0.1-3,127.9.9.9");
    assertThat(o.dsts())
        .extracting(InetSocketAddress::toString)
        .containsExactly("/127.0.0.1:80", "/127.0.0.2:80", "/127.0.0.3:80", "/127.9.9.9:80");
  }

  @Test
  void refusesWhatCconnectRefuses() {
    assertThatThrownBy(
            () -> PeerOptions.parse("-n", "1", "-c", "1", "-p", "1", "-a", "127.0.0.1-x"))
        .hasMessage("bad range: 127.0.0.1-x");
    assertThatThrownBy(
            () -> PeerOptions.parse("-n", "1", "-c", "1", "-p", "1", "-a", "127.0.0.5-4"))
        .hasMessage("bad range: 127.0.0.5-4");
    assertThatThrownBy(() -> PeerOptions.parse("-n", "1", "-c", "1", "-p", "1", "-a", "localhost"))
        .hasMessage("bad address: localhost");
    assertThatThrownBy(() -> PeerOptions.parse("-n", "1", "-c", "1", "-p", "1", "-a", "128.0.0.1"))
        .hasMessage("refusing non-loopback address 128.0.0.1: loopback (127.0.0.0/8) only");
    assertThatThrownBy(() -> PeerOptions.parse("-n", "1", "-c", "1", "-p", "70000"))
        .isInstanceOf(PeerOptions.UsageException.class);
    assertThatThrownBy(() -> PeerOptions.parse("-n", "1", "-c", "1", "-p", "1", "-T", "65"))
        .isInstanceOf(PeerOptions.UsageException.class);
    assertThatThrownBy(() -> PeerOptions.parse("-n", "1", "-c", "1", "-p", "1", "--hold"))
        .hasMessage("missing value or unknown option: --hold");
  }

  @Test
  void aUsageErrorExitsTwoBeforeAnyConnect() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        PeerMain.run(
            "peer",
            new String[] {"-n", "1"},
            o -> {
              throw new AssertionError("ran");
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(out.size()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: peer -n TOTAL");
  }

  @Test
  void sharesSplitAsCconnect() {
    assertThat(PeerOptions.share(10, 3, 0)).isEqualTo(4);
    assertThat(PeerOptions.share(10, 3, 1)).isEqualTo(3);
    assertThat(PeerOptions.share(10, 3, 2)).isEqualTo(3);
  }
}
