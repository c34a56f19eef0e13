package org.dial4j.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.Objects;
import org.dial4j.Deadline;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialHandle;
import org.dial4j.dial.Dialer;
import org.dial4j.error.InvalidArgumentException;
import org.jspecify.annotations.Nullable;

/**
 * Connects a Netty channel with dial4j's dial: the {@link Dialer} resolves the address and races
 * its addresses (RFC 8305 Happy Eyeballs) under one deadline, the connected descriptor is handed
 * over ({@link Connection#detach()}) and becomes an {@link EpollSocketChannel} registered on the
 * application's event loop, with its handler in the pipeline. What {@code Bootstrap.connect} does,
 * with dial4j's dial and errors:
 *
 * {@snippet :
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
 * Dialer dialer = Dialer.builder().timeout(Duration.ofSeconds(5)).build();
 * Future<Channel> f = Dial4jNetty.connect(dialer, "db.example:5432", group, new ChannelInitializer<>() {
 *   protected void initChannel(Channel ch) {
 *     ch.pipeline().addLast(new MyClientHandler());
 *   }
 * });
 * }
 *
 * <p><b>Needs Netty's epoll transport</b>: Linux, and Netty's native epoll library loaded ({@link
 * Epoll#isAvailable()}; {@link Epoll#ensureAvailability()} says why not): the application depends
 * on {@code io.netty:netty-transport-native-epoll} with its CPU's classifier ({@code linux-x86_64},
 * {@code linux-aarch_64}). The group's event loops must take epoll channels: a {@code
 * MultiThreadIoEventLoopGroup} of {@code EpollIoHandler}s (or the older {@code
 * EpollEventLoopGroup}). Without the native library the future fails at once with {@link
 * Epoll#unavailabilityCause()} and nothing is dialed.
 *
 * <p><b>The future.</b> It is a promise of one of the group's event loops (the one the channel is
 * registered on), so its listeners run there. It succeeds with the channel once the channel is
 * registered (active, its handler added: a {@code ChannelInitializer} has run). It fails with:
 *
 * <ul>
 *   <li>the dial's error, a {@link org.dial4j.error.NetError} with the exact errno (ECONNREFUSED as
 *       a {@link java.net.ConnectException}, ETIMEDOUT when the deadline passes, ENOENT for a name
 *       without address, ECANCELED when the dialer is closed, ...; see {@link Dialer}), bad input
 *       ({@link InvalidArgumentException}, EINVAL and the like) included;
 *   <li>Netty's error when the channel could not be made or registered (an event loop that takes no
 *       epoll channel, a group shut down): the descriptor is closed first.
 * </ul>
 *
 * <p>Cancelling the future cancels the dial (everything it opened is closed); a connection that
 * wins at that moment, or a channel registered after it, is closed. The descriptor is never left
 * open: until it is the channel's, this class closes it on every failure; after, closing the
 * channel closes it.
 *
 * <p>The dial's callback face is used, so no thread waits: the dial runs on dial4j's event loop,
 * whose thread also makes the channel (a few non-blocking system calls) and hands its registration
 * to the Netty event loop.
 */
public final class Dial4jNetty {
  private Dial4jNetty() {}

  /**
   * {@link #connect(Dialer, String, Deadline, EventLoopGroup, ChannelHandler)} under the dialer's
   * own timeout and deadline alone ({@link Deadline#NEVER} for the call).
   */
  public static Future<Channel> connect(
      Dialer dialer, String address, EventLoopGroup group, ChannelHandler handler) {
    return connect(dialer, address, Deadline.NEVER, group, handler);
  }

  /**
   * Dials {@code address} ({@code host:port}, {@code [v6]:port}, {@code ip:port}) with {@code
   * dialer} under {@code deadline} (the earliest of it and the dialer's own timeout and deadline
   * covers resolution and every attempt), then registers the connected descriptor on {@code group}
   * as an {@link EpollSocketChannel} with {@code handler} added to its pipeline (a {@code
   * ChannelInitializer}, as {@code Bootstrap.handler} takes). Returns at once.
   *
   * @param dialer the dialer (its network, source, resolver and Happy Eyeballs settings apply)
   * @param address the target, as {@link Dialer#dial(String, Deadline)} reads it
   * @param deadline the call's deadline for the dial ({@link Deadline#NEVER}: the dialer's alone)
   * @param group where the channel is registered: one of its event loops ({@link
   *     EventLoopGroup#next()}), which must take epoll channels
   * @param handler added to the channel's pipeline before it is registered
   * @return the channel's future: see the class comment for its failures
   */
  public static Future<Channel> connect(
      Dialer dialer,
      String address,
      Deadline deadline,
      EventLoopGroup group,
      ChannelHandler handler) {
    Objects.requireNonNull(dialer, "dialer");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(handler, "handler");
    EventLoop loop = Objects.requireNonNull(group, "group").next();
    Promise<Channel> promise = loop.newPromise();
    if (!Epoll.isAvailable()) {
      promise.setFailure(Epoll.unavailabilityCause());
      return promise;
    }
    DialHandle dial;
    try {
      dial =
          dialer.dial(
              address,
              deadline,
              (connection, failure) -> onDial(connection, failure, loop, handler, promise));
    } catch (InvalidArgumentException e) {
      promise.setFailure(e);
      return promise;
    }
    promise.addListener(
        f -> {
          if (f.isCancelled()) {
            dial.cancel();
          }
        });
    return promise;
  }

  /**
   * The dial's end, on dial4j's loop thread (or on the caller's, at once, when the dial could not
   * start): the channel made and handed to Netty's loop, or the failure passed on.
   */
  private static void onDial(
      @Nullable Connection connection,
      @Nullable IOException failure,
      EventLoop loop,
      ChannelHandler handler,
      Promise<Channel> promise) {
    if (connection == null) {
      promise.tryFailure(
          Objects.requireNonNull(failure, "a dial's callback gets a connection or a failure"));
      return;
    }
    if (promise.isDone()) { // cancelled while the dial won
      connection.close();
      return;
    }
    int fd;
    try {
      // On the loop thread, in the dial's callback: at once, and the loop has let go of it.
      fd = connection.detach();
    } catch (IOException e) {
      connection.close();
      promise.tryFailure(e);
      return;
    }
    EpollSocketChannel channel;
    try {
      channel = new EpollSocketChannel(fd);
      channel.pipeline().addLast(handler);
    } catch (RuntimeException | LinkageError e) {
      closeDescriptor(fd, e);
      promise.tryFailure(e);
      return;
    }
    loop.register(channel).addListener((ChannelFutureListener) f -> registered(f, promise));
  }

  /** On the channel's event loop: the promise completed, or the channel closed. */
  private static void registered(ChannelFuture registration, Promise<Channel> promise) {
    Channel channel = registration.channel();
    Throwable cause = registration.cause();
    if (cause != null) {
      // As Bootstrap does: an unregistered channel can only be closed forcibly.
      if (channel.isRegistered()) {
        var _ = channel.close();
      } else {
        channel.unsafe().closeForcibly();
      }
      promise.tryFailure(cause);
    } else if (!promise.trySuccess(channel)) { // cancelled meanwhile
      var _ = channel.close();
    }
  }

  /** Closes a descriptor no channel owns (the channel could not be made), keeping the failure. */
  private static void closeDescriptor(int fd, Throwable failure) {
    try {
      new FileDescriptor(fd).close();
    } catch (IOException | RuntimeException | LinkageError e) {
      failure.addSuppressed(e);
    }
  }
}
