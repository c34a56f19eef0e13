/**
 * dial4j for Netty: a connection dialed by dial4j (RFC 8305 Happy Eyeballs under one deadline, the
 * exact errno of every failure) handed to Netty as an epoll channel on the application's event loop
 * ({@link org.dial4j.netty.Dial4jNetty}).
 *
 * <p>Needs Netty's epoll transport: Linux, with the native library loaded (the application adds
 * {@code io.netty:netty-transport-native-epoll} with its CPU's classifier). Run with {@code
 * --enable-native-access=org.dial4j} for dial4j's FFM calls, as the core says.
 */
module org.dial4j.netty {
  exports org.dial4j.netty;

  // Both appear in the exported signatures: Dialer and Deadline; Channel, EventLoopGroup,
  // ChannelHandler and Netty's Future.
  requires transitive org.dial4j;
  requires transitive io.netty.transport;
  requires transitive io.netty.common;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common; // FileDescriptor: closes a descriptor Netty refused

  // JSpecify's nullness annotations, for NullAway at compile time only (JLS 7.7.1).
  requires static org.jspecify;
}
