package org.dial4j.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dial4j.Deadline;
import org.dial4j.socket.PosixSocket;

/**
 * A peer that accepts every connection, waits for its first byte and then resets it: {@code
 * SO_LINGER} 0, then {@code close(2)} ({@link PosixSocket#abort()}), so the client's next receive
 * or send fails with ECONNRESET. Waiting for a byte orders the reset after the client's connect has
 * completed on its side: a reset right after the accept can reach the client before its event loop
 * has seen the connect complete, and the connect itself then fails with ECONNRESET (SO_ERROR).
 *
 * <p>Runs on a platform thread of its own over a listener it takes over (made where the test wants
 * it, e.g. {@link NetLab#listen()} in the lab's server namespace: the accepted sockets belong to
 * the listener's namespace whatever the thread's). Connections are served one at a time.
 */
public final class ResettingPeer implements AutoCloseable {
  private static final Duration STOP_BOUND = Duration.ofSeconds(10);
  private static final Duration BYTE_BOUND = Duration.ofSeconds(10);

  private final PosixSocket listener;
  private final Thread thread;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicReference<IOException> failure = new AtomicReference<>();

  private ResettingPeer(PosixSocket listener) {
    this.listener = listener;
    this.thread = Thread.ofPlatform().name("resetting-peer").daemon(true).unstarted(this::serve);
  }

  /** Starts accepting on {@code listener}, which this peer closes when it is closed. */
  public static ResettingPeer start(PosixSocket listener) {
    ResettingPeer peer = new ResettingPeer(listener);
    peer.thread.start();
    return peer;
  }

  private void serve() {
    while (true) {
      try (PosixSocket c = listener.accept(Deadline.NEVER)) {
        // Counted before the reset, so a client that has seen the reset sees the count.
        accepted.incrementAndGet();
        c.recv(ByteBuffer.allocate(1), Deadline.after(BYTE_BOUND));
        c.abort();
      } catch (IOException e) {
        if (listener.state() != PosixSocket.State.CLOSED) {
          failure.set(e);
        }
        return; // ECANCELED: the listener was closed (or a client sent nothing in time).
      }
    }
  }

  /** How many connections it has accepted (and reset, or is about to) so far. */
  public int accepted() {
    return accepted.get();
  }

  /** The port it listens on. */
  public int port() throws IOException {
    return NetLab.port(listener);
  }

  /**
   * Closes the listener, which ends the accepting thread, and waits for that.
   *
   * @throws AssertionError when the thread does not end within 10 s, or an accept failed otherwise
   *     than by the close
   */
  @Override
  public void close() throws IOException {
    listener.close();
    try {
      if (!thread.join(STOP_BOUND)) {
        throw new AssertionError("the resetting peer did not stop within " + STOP_BOUND);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the resetting peer", e);
    }
    IOException e = failure.get();
    if (e != null) {
      throw new AssertionError("the resetting peer's accept failed", e);
    }
  }
}
