/**
 * dial4j, the core library: the model, the errno vocabulary, POSIX-faithful sockets, the event
 * loop and its control port.
 *
 * <p>Depends on the JDK alone. The Linux backend calls the C library through the FFM API, so
 * run with {@code --enable-native-access=org.dial4j}.
 */
module org.dial4j {
  exports org.dial4j;
  exports org.dial4j.control;
  exports org.dial4j.error;
  exports org.dial4j.loop;
  exports org.dial4j.socket;

  requires jdk.jfr;
}
