package org.dial4j.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dial4j.Deadline;
import org.dial4j.control.ControlPort;
import org.dial4j.loop.EventLoop;
import org.dial4j.loop.Status;
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
 * The control port's {@code fds} over {@value #HELD} held connections (named connects of the loop
 * to a loopback listener that never accepts, so each holds one descriptor): the time per row, and
 * with {@code -prof gc} the bytes each row costs ({@code gc.alloc.rate.norm}, B/op with one op a
 * held row, over every thread: the loop's two passes, its encoding and the kernel-bound copy; the
 * client here reads into one reused array and makes next to nothing).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class FdsBench {
  static final int HELD = 2000;

  private static final byte[] ASK = "fds\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\nok\n".getBytes(StandardCharsets.US_ASCII);

  private ServerSocket listener;
  private EventLoop loop;
  private ControlPort port;
  private Socket client;
  private InputStream in;
  private OutputStream out;
  private final byte[] buf = new byte[1 << 16];

  /** The loop, its control port, {@value #HELD} held connections and a control client. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    listener = new ServerSocket(0, HELD + 64, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    loop = EventLoop.start("fds-bench");
    port = ControlPort.open(loop, "127.0.0.1:0");
    CountDownLatch up = new CountDownLatch(HELD);
    String to = "127.0.0.1:" + listener.getLocalPort();
    for (int i = 0; i < HELD; i++) {
      var _ =
          loop.connect(
              "held",
              (f, name, status, data) -> {
                if ((status & Status.CONNECTED) != 0) {
                  up.countDown();
                }
              },
              null,
              null,
              to,
              Deadline.after(Duration.ofSeconds(30)));
    }
    if (!up.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(up.getCount() + " of " + HELD + " connects did not complete");
    }
    String at = port.address().toString();
    int colon = at.lastIndexOf(':');
    client = new Socket(at.substring(0, colon), Integer.parseInt(at.substring(colon + 1)));
    in = client.getInputStream();
    out = client.getOutputStream();
  }

  /** Everything closed. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    client.close();
    port.close();
    loop.close();
    listener.close();
  }

  /** One {@code fds}, read to its {@code ok}; per held row. */
  @Benchmark
  @OperationsPerInvocation(HELD)
  public int fds() throws IOException {
    out.write(ASK);
    int matched = 0;
    int total = 0;
    while (true) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("the control port closed after " + total + " bytes");
      }
      total += n;
      for (int i = 0; i < n; i++) {
        matched = buf[i] == END[matched] ? matched + 1 : buf[i] == END[0] ? 1 : 0;
        if (matched == END.length) {
          return total;
        }
      }
    }
  }
}
