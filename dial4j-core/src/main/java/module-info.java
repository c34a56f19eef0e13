/**
 * dial4j, the core library: the model, the errno vocabulary, POSIX-faithful sockets, the event loop
 * and its control port.
 *
 * <p>Depends on the JDK alone. The Linux backend calls the C library through the FFM API, so run
 * with {@code --enable-native-access=org.dial4j} (on the class path: {@code
 * --enable-native-access=ALL-UNNAMED}, or {@code Enable-Native-Access: ALL-UNNAMED} in an
 * executable jar's manifest). Without it the JDK warns once; where it denies native access ({@code
 * --illegal-native-access=deny}), every call that reaches the C library (starting an {@code
 * EventLoop}, opening a {@code PosixSocket}, a dial on the default loop) throws {@link
 * IllegalCallerException}, whose message names the option and whose cause is the JDK's.
 */
module org.dial4j {
  exports org.dial4j;
  exports org.dial4j.control;
  exports org.dial4j.dial;
  exports org.dial4j.error;
  exports org.dial4j.loop;
  exports org.dial4j.socket;

  // JFR events of a dial (DialJfr): optional, read only when jdk.jfr is in the module graph
  // (-XX:StartFlightRecording adds it; so does --add-modules jdk.jfr).
  requires static jdk.jfr;

  // jdk.net.ExtendedSocketOptions (TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT), which a
  // Connection's setOption and getOption take: a module of every JDK image, so still the JDK alone.
  requires jdk.net;

  // JSpecify's @NullMarked and @Nullable, which NullAway reads as the code compiles: static, so
  // mandatory at compile time and optional at run time (JLS 7.7.1), and dial4j runs without it;
  // transitive, as the annotations are part of the exported signatures a user's tools read.
  requires static transitive org.jspecify;
}
