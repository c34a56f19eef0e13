package org.dial4j.bench.jmh;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.Network;
import org.dial4j.dial.Connection;
import org.dial4j.dial.DialCallback;
import org.dial4j.dial.Dialer;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.FdCallback;
import org.dial4j.loop.LoopFd;
import org.dial4j.loop.Status;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The connect path against {@code bench/c/acceptd} on 127.0.0.1 to 127.0.0.8 (round-robin, as the
 * storm goes): connects per second, and with {@code -prof gc} the bytes each allocates ({@code
 * gc.alloc.rate.norm}, B/op, over every thread of the JVM: the loop's own allocations count).
 *
 * <ul>
 *   <li>{@code namedConnect}: the loop's named connect as {@code dial4j storm} drives it, {@value
 *       #BATCH} connects per invocation with {@value #IN_FLIGHT} in flight, each started and closed
 *       inside the loop's own callback;
 *   <li>{@code dialerCallback}: the same through {@link Dialer}'s callback face (its Happy Eyeballs
 *       state machine and a {@link Connection} per success), as {@code storm --dialer};
 *   <li>{@code dialerBlocking}: one blocking {@code Dialer.dial} of an IP literal and its close,
 *       from the benchmark's thread (the hand-over to the loop and back included).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ConnectBench {
  static final int BATCH = 1000;
  static final int IN_FLIGHT = 64;

  private AcceptServer server;
  private EventLoop loop;
  private Dialer dialer;
  private InetEndpoint[] dsts;
  private String target;
  private Batch batch;

  /** acceptd, a started loop and a Dialer on it. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    server = AcceptServer.start();
    loop = EventLoop.start("bench");
    dialer = Dialer.builder().loop(loop).build();
    dsts = new InetEndpoint[8];
    for (int i = 0; i < dsts.length; i++) {
      dsts[i] = InetEndpoint.of(new byte[] {127, 0, 0, (byte) (i + 1)}, server.port());
    }
    target = "127.0.0.1:" + server.port();
    batch = new Batch(loop, dialer, dsts);
  }

  /** Everything closed; acceptd stopped. */
  @TearDown(Level.Trial)
  public void tearDown() {
    dialer.close();
    loop.close();
    server.close();
    if (batch.failed > 0) {
      System.err.println("ConnectBench: " + batch.failed + " connects failed");
    }
  }

  /** {@value #BATCH} named connects on the loop. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long namedConnect() throws InterruptedException {
    return batch.run(false);
  }

  /** {@value #BATCH} dials through the Dialer's callback face on the loop. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long dialerCallback() throws InterruptedException {
    return batch.run(true);
  }

  /** One blocking dial and its close. */
  @Benchmark
  public boolean dialerBlocking() throws IOException {
    Connection c = dialer.dial(Network.TCP, target, Deadline.after(Duration.ofSeconds(5)));
    boolean open = c.isOpen();
    c.close();
    return open;
  }

  /**
   * {@code BATCH} connects with {@code IN_FLIGHT} in flight, all on the loop thread: started by a
   * task, then each new one from the callback of one that ended, as {@code StormWorker} does; the
   * benchmark's thread waits for the last.
   */
  static final class Batch {
    private final EventLoop loop;
    private final Dialer dialer;
    private final InetEndpoint[] dsts;
    private final FdCallback named = this::onNamed;
    private final DialCallback dialed = this::onDialed;
    private boolean viaDialer;
    private int started;
    private int ended;
    private long seq;
    private long failed;
    private boolean refilling;
    private @Nullable CountDownLatch done;

    Batch(EventLoop loop, Dialer dialer, InetEndpoint[] dsts) {
      this.loop = loop;
      this.dialer = dialer;
      this.dsts = dsts;
    }

    long run(boolean viaDialer) throws InterruptedException {
      CountDownLatch latch = new CountDownLatch(1);
      loop.execute(
          () -> {
            this.viaDialer = viaDialer;
            started = 0;
            ended = 0;
            done = latch;
            refill();
          });
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "a batch of connects did not end in 30 s: "
                + started
                + " started, "
                + ended
                + " ended");
      }
      return seq;
    }

    private void onNamed(LoopFd fd, String name, int status, @Nullable Object data) {
      if ((status & Status.CONNECTED) != 0) {
        fd.close();
      } else if ((status & Status.FAILED) != 0) {
        failed++;
      }
      end();
    }

    private void onDialed(@Nullable Connection c, @Nullable IOException e) {
      if (c != null) {
        c.close();
      } else {
        failed++;
      }
      end();
    }

    private void end() {
      ended++;
      refill();
    }

    private void refill() {
      if (refilling) {
        return;
      }
      refilling = true;
      try {
        while (started < BATCH && started - ended < IN_FLIGHT) {
          started++;
          InetEndpoint dst = dsts[(int) (seq++ % dsts.length)];
          if (viaDialer) {
            dialer.dial(Network.TCP, dst, Deadline.NEVER, dialed);
          } else {
            try {
              loop.connect("bench", named, null, null, dst, Deadline.NEVER);
            } catch (IOException e) {
              failed++;
              ended++;
            }
          }
        }
      } finally {
        refilling = false;
      }
      if (ended == BATCH && done != null) {
        CountDownLatch d = done;
        done = null;
        d.countDown();
      }
    }
  }
}
