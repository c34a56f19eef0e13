package org.dial4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each peer run as {@code bench/compare} runs it, a child JVM with cconnect's options, against a
 * loopback acceptor: it makes every connect it was asked for and prints cconnect's line, field for
 * field; against a port nobody listens on it counts each ECONNREFUSED and stops as cconnect does
 * (failures over TOTAL), exit status 1.
 */
class PeersTest {

  /** The peers: tool name and main (with its leading arguments). */
  static Stream<List<String>> peers() {
    return Stream.of(
        List.of("netty-epoll", NettyClient.class.getName()),
        List.of("netty-nio", NettyClient.class.getName(), "--nio"),
        List.of("nio-selector", SelectorClient.class.getName()),
        List.of("virtual-threads", VirtualThreadClient.class.getName()),
        List.of("dial4j-virtual-threads", VirtualThreadClient.class.getName(), "--dial4j"));
  }

  @ParameterizedTest
  @MethodSource("peers")
  void makesEveryConnectAndPrintsCconnectsLine(List<String> peer) throws Exception {
    try (Acceptor acceptor = new Acceptor()) {
      Run r = run(peer, "-n", "300", "-c", "16", "-T", "2", "-p", "" + acceptor.port());
      assertThat(r.status).as(r.stderr).isZero();
      assertThat(keys(r.line)).isEqualTo(cconnectFields());
      assertThat(r.line)
          .startsWith("{\"tool\":\"" + peer.getFirst() + "\",\"total\":300,\"ok\":300,")
          .contains("\"failed\":0,\"errors\":{},\"concurrency\":16,\"threads\":2,\"dsts\":1,")
          .contains("\"stopped\":null,");
      assertThat(acceptor.accepted()).isLessThanOrEqualTo(300);
    }
  }

  @ParameterizedTest
  @MethodSource("peers")
  void countsRefusedConnectsAndStopsAsCconnect(List<String> peer) throws Exception {
    int port;
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = s.socket().getLocalPort(); // closed below: nothing listens there any more
    }
    Run r = run(peer, "-n", "5", "-c", "2", "-p", "" + port);
    assertThat(r.status).as(r.stderr).isEqualTo(1);
    assertThat(keys(r.line)).isEqualTo(cconnectFields());
    assertThat(r.line)
        .contains("\"ok\":0,")
        .contains("\"stopped\":\"too many errors\"")
        .containsPattern("\"errors\":\\{\"ECONNREFUSED\":[0-9]+\\}");
  }

  @ParameterizedTest
  @MethodSource("peers")
  void refusesANonLoopbackAddress(List<String> peer) throws Exception {
    Run r = run(peer, "-n", "5", "-c", "2", "-p", "9", "-a", "10.0.0.1");
    assertThat(r.status).isEqualTo(2);
    assertThat(r.line).isEmpty();
    assertThat(r.stderr).contains("refusing non-loopback address 10.0.0.1");
  }

  /**
   * The top-level fields of cconnect's line, in its order, read from its own {@code printf} in
   * {@code bench/c/cconnect.c} (without the {@code --hold} extras, which the peers never print).
   */
  static List<String> cconnectFields() throws IOException {
    String c = Files.readString(Path.of("..", "bench", "c", "cconnect.c"));
    String printed =
        c.substring(c.indexOf("printf(\"{\\\"tool\\\""), c.indexOf("if (hold)\n        printf"));
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\\\\\"([a-z_0-9]+)\\\\\":").matcher(printed);
    while (m.find()) {
      names.add(m.group(1));
    }
    names.removeAll(List.of("p50", "p90", "p99", "max"));
    return names;
  }

  @org.junit.jupiter.api.Test
  void cconnectsFieldsAreRead() throws IOException {
    assertThat(cconnectFields())
        .startsWith("tool", "total", "ok", "failed", "errors")
        .endsWith("peak_rss_kb", "rss_kb_start", "rss_kb_end")
        .hasSize(19);
  }

  /** The top-level keys of a one-line JSON object, in order. */
  static List<String> keys(String json) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    for (int i = 0; i < json.length(); i++) {
      char ch = json.charAt(i);
      if (ch == '{') {
        depth++;
      } else if (ch == '}') {
        depth--;
      } else if (ch == '"') {
        int end = json.indexOf('"', i + 1);
        if (depth == 1 && end + 1 < json.length() && json.charAt(end + 1) == ':') {
          out.add(json.substring(i + 1, end));
        }
        i = end;
      }
    }
    return out;
  }

  record Run(int status, String line, String stderr) {}

  /** The peer's main in a child JVM on this test's class path; bounded at 60 s. */
  static Run run(List<String> peer, String... options) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.addAll(peer.subList(1, peer.size()));
    cmd.addAll(List.of(options));
    Path err = Files.createTempFile("peer", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the peer ran over 60 s: " + cmd);
      }
      return new Run(p.exitValue(), out.strip(), Files.readString(err));
    } finally {
      Files.delete(err);
    }
  }
}
