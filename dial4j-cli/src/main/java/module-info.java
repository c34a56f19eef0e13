/**
 * The {@code dial4j} command: the Solaris connect(3SOCKET) example program ({@code connect}), a
 * guided tour of a non-blocking connect on loopback ({@code demo}), a traced Happy Eyeballs dial
 * ({@code dial}) and the loopback connect load generator that matches bench/cconnect ({@code
 * storm}).
 *
 * <p>Run with {@code --enable-native-access=org.dial4j}; the {@code ./dial4j} launcher does.
 */
module org.dial4j.cli {
  requires org.dial4j;
  requires info.picocli;
  requires jdk.management; // per-thread allocated bytes for storm -v

  // JSpecify's nullness annotations, for NullAway at compile time only (JLS 7.7.1).
  requires static org.jspecify;

  // picocli fills the annotated fields of the commands by reflection.
  opens org.dial4j.cli to
      info.picocli;
}
