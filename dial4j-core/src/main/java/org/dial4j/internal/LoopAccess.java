package org.dial4j.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.sys.Syscalls;
import org.jspecify.annotations.Nullable;

/**
 * What the loop package lets the layers above it reach without making it public API, the way the
 * JDK's {@code jdk.internal.access.SharedSecrets} does: a loop's system calls, so that a {@code
 * Connection} makes its calls through its loop's table (the real one, or a test's fake) rather than
 * a fixed one; and the named connect with a {@link SocketSetup} between {@code socket(2)} and
 * {@code connect(2)}, for the dialer's socket options. The loop installs the accessors as its class
 * initializes; the loop's types are {@code Object} here because this package sits below the loop's.
 */
public final class LoopAccess {
  private static volatile @Nullable Function<Object, Syscalls> syscalls;
  private static volatile @Nullable Connector connector;
  private static volatile @Nullable Function<Object, LoopHooks> hooks;
  private static volatile @Nullable Owners owners;
  private static volatile @Nullable Opener opener;

  private LoopAccess() {}

  /** The loop's named connect with a set-up; the loop's types erased to {@code Object}. */
  @FunctionalInterface
  public interface Connector {
    /**
     * {@code EventLoop.connect(name, callback, null, from, to, deadline)} with {@code setup} run
     * after {@code socket(2)}.
     *
     * @param loop an {@code EventLoop}
     * @param callback an {@code FdCallback}
     * @return the connect's {@code LoopFd}
     * @throws IOException as {@code EventLoop.connect}, and what {@code setup} throws
     */
    Object connect(
        Object loop,
        String name,
        Object callback,
        @Nullable InetEndpoint from,
        InetEndpoint to,
        Deadline deadline,
        SocketSetup setup)
        throws IOException;
  }

  /**
   * What the loop lets the owner of a descriptor it watches but does not close ({@code
   * FdFlags.OWNER_CLOSES}, a connection) do: guard it by the owner's {@link FdLife}, and close it
   * off the loop thread without a round trip through the loop. The loop's types are {@code Object}.
   */
  public interface Owners {
    /**
     * From now on the loop makes a system call on {@code lf}'s descriptor (an interest change,
     * {@code epoll_ctl MOD}) only while it holds a reference of {@code life}, and none once {@code
     * life} is closed; {@code fds} leaves it out then. On the loop thread of {@code lf}, a {@code
     * LoopFd}.
     */
    void guard(Object lf, FdLife life);

    /**
     * On the loop thread of {@code lf}: its owner closes the descriptor right after this (never
     * handed on; dial4j never dups a descriptor it watches), so the row goes without {@code
     * epoll_ctl DEL}: close(2) takes it out of the epoll set.
     */
    void closingOnLoop(Object lf);

    /**
     * The owner has closed {@code lf}'s descriptor itself, off the loop thread, after its guard's
     * last release (so the loop touches the number no more): the loop drops its row on its next
     * turn, without being woken for it. From any thread.
     */
    void closedByOwner(Object lf);
  }

  /**
   * A blocking dial's connect opened on its caller's thread, then handed to the loop: done at once
   * (loopback), it becomes a connection without a trip through the loop thread; not done, the loop
   * waits for it as for its own connects. The loop's types are {@code Object}.
   */
  public interface Opener {
    /**
     * Off the loop thread: the named connect's checks and system calls, then one look whether the
     * connect is done. Returns its {@code LoopFd}, not yet the loop's: {@code CONNECTED} (give it
     * to {@link #adoptConnected}) or {@code CONNECTING} (give it to {@link #adoptOpened} on the
     * loop thread, or close its descriptor).
     *
     * @param loop an {@code EventLoop}
     * @throws IOException as the named connect throws for a connect that fails at once
     */
    Object openHere(
        Object loop,
        String name,
        @Nullable InetEndpoint from,
        InetEndpoint to,
        @Nullable SocketSetup setup)
        throws IOException;

    /**
     * On the loop thread: the loop takes over a {@code CONNECTING} {@code lf}, as its named connect
     * would have, calling {@code callback} (an {@code FdCallback}) when it ends, by {@code
     * deadline}.
     */
    void adoptOpened(Object lf, Object callback, Deadline deadline);

    /**
     * From the caller's thread: a {@code CONNECTED} {@code lf} goes to its owner ({@code callback},
     * an {@code FdCallback}, with {@code data}; {@code OWNER_CLOSES}, guarded by {@code owner}),
     * and the loop takes it into its table on its next turn without being woken. False if the loop
     * no longer runs (nothing handed over; the caller closes the descriptor).
     *
     * @throws IOException the loop could not watch it ({@code epoll_ctl}'s errno; it is closed)
     */
    boolean adoptConnected(Object lf, Object callback, Object data, FdLife owner)
        throws IOException;
  }

  /**
   * Installs the accessors; once, by {@code EventLoop}'s class initializer.
   *
   * @throws IllegalStateException if they are installed already
   */
  public static void install(
      Function<Object, Syscalls> accessor,
      Connector connect,
      Function<Object, LoopHooks> closeHooks,
      Owners owned,
      Opener opens) {
    if (syscalls != null) {
      throw new IllegalStateException("the loop's accessor is installed already");
    }
    syscalls = accessor;
    connector = connect;
    hooks = closeHooks;
    owners = owned;
    opener = opens;
  }

  /** The blocking dial's connect on its caller's thread (see {@link Opener}). */
  public static Opener opener() {
    return Objects.requireNonNull(opener, "installed as EventLoop initializes");
  }

  /** What an owner of a descriptor may ask of its loop (see {@link Owners}). */
  public static Owners owners() {
    return Objects.requireNonNull(owners, "installed as EventLoop initializes");
  }

  /**
   * The close hooks of {@code loop}, an {@code EventLoop} (so its class is initialized), that its
   * own thread keeps: to be used on that thread only (see {@link LoopHooks}).
   */
  public static LoopHooks hooks(Object loop) {
    return Objects.requireNonNull(hooks, "installed as EventLoop initializes").apply(loop);
  }

  /** The system calls of {@code loop}, an {@code EventLoop} (so its class is initialized). */
  public static Syscalls syscalls(Object loop) {
    return Objects.requireNonNull(syscalls, "installed as EventLoop initializes").apply(loop);
  }

  /**
   * The named connect of {@code loop}, an {@code EventLoop} (so its class is initialized), with
   * {@code setup}; see {@link Connector#connect}.
   *
   * @throws IOException as {@link Connector#connect}
   */
  public static Object connect(
      Object loop,
      String name,
      Object callback,
      @Nullable InetEndpoint from,
      InetEndpoint to,
      Deadline deadline,
      SocketSetup setup)
      throws IOException {
    return Objects.requireNonNull(connector, "installed as EventLoop initializes")
        .connect(loop, name, callback, from, to, deadline, setup);
  }
}
