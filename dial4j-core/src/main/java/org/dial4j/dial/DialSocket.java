package org.dial4j.dial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.dial4j.Deadline;
import org.dial4j.InetEndpoint;
import org.dial4j.IpLiterals;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Socket} whose connect is a {@link Dialer}'s dial: a host name is resolved and raced
 * (Happy Eyeballs), the connect timeout is the one deadline, and every failure keeps the dial's
 * error, with its errno, as its cause. Made by {@link DialSocketFactory}; code that takes a {@code
 * SocketFactory} (JDBC drivers, HTTP and Redis clients) uses it unchanged.
 *
 * <p>What it does as {@code java.net.Socket} documents: {@link #connect(SocketAddress, int)} (an
 * unresolved {@link InetSocketAddress}, or one made from a host name, is dialed by its name; a
 * resolved one made from an address is dialed as given; timeout 0 waits as long as the dial does;
 * {@link java.net.ConnectException} for a refusal, {@link java.net.SocketTimeoutException} for the
 * timeout, {@link java.net.UnknownHostException} for a name with no address); blocking reads and
 * writes that park (a virtual thread unmounts), reads bounded by {@link #setSoTimeout}; the options
 * ({@code TCP_NODELAY}, on by default as the Dialer makes it, {@code SO_KEEPALIVE}, {@code
 * SO_LINGER}, buffer sizes, the traffic class) set before or after the connect; {@link
 * #shutdownInput}, {@link #shutdownOutput}; {@link #close} from another thread aborts a pending
 * connect or read (the waiting call fails with a {@link SocketException}); closing either stream
 * closes the socket. TLS layers on top: {@code sslSocketFactory.createSocket(socket, host, port,
 * true)}.
 *
 * <p>Not as {@code java.net.Socket}: {@link #bind} takes only a wildcard address with port 0 (a
 * source address is the Dialer's, {@link Dialer.Builder#source}); urgent data is not supported;
 * {@link #getChannel} is null.
 */
public final class DialSocket extends Socket {
  private final Dialer dialer;
  private final Object lock = new Object();
  private final Map<SocketOption<?>, Object> early = new LinkedHashMap<>();
  private volatile @Nullable Connection connection;
  private @Nullable CompletableFuture<Connection> pending;
  private volatile boolean closed;
  private volatile boolean inputShutdown;
  private volatile boolean outputShutdown;
  private volatile int soTimeout;
  private boolean oobInline;
  private boolean reuseAddress;
  private @Nullable InputStream in;
  private @Nullable OutputStream out;

  /**
   * An unconnected socket whose connect dials through {@code dialer}.
   *
   * @throws SocketException never in practice ({@code Socket}'s constructor declares it)
   */
  public DialSocket(Dialer dialer) throws SocketException {
    super((SocketImpl) null);
    this.dialer = Objects.requireNonNull(dialer, "dialer");
  }

  // ---------------------------------------------------------------- connect

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    connect(endpoint, 0);
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    if (!(endpoint instanceof InetSocketAddress to)) {
      throw new IllegalArgumentException("Unsupported address type: " + endpoint);
    }
    if (timeout < 0) {
      throw new IllegalArgumentException("connect: timeout can't be negative");
    }
    CompletableFuture<Connection> f;
    synchronized (lock) {
      if (closed) {
        throw new SocketException("Socket is closed");
      }
      if (connection != null || pending != null) {
        throw new SocketException("already connected");
      }
      Deadline deadline =
          timeout == 0 ? Deadline.NEVER : Deadline.after(Duration.ofMillis(timeout));
      f = dialer.dialAsync(address(to), deadline);
      pending = f;
    }
    Connection c;
    try {
      c = f.get();
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new SocketException("Closed by interrupt");
    } catch (CancellationException e) {
      throw new SocketException("Socket closed");
    } catch (ExecutionException e) {
      synchronized (lock) {
        pending = null;
      }
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw BridgeErrors.connect(io);
      }
      throw new SocketException("connect: " + cause);
    }
    synchronized (lock) {
      pending = null;
      if (closed) {
        c.close();
        throw new SocketException("Socket closed");
      }
      connection = c;
    }
    // java.net.Socket's getLocalPort answers the bound port after close too: read it now.
    c.local();
    try {
      for (Map.Entry<SocketOption<?>, Object> o : early.entrySet()) {
        apply(c, o.getKey(), o.getValue());
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  /**
   * What to dial: the name of an address made from one (resolved or not, so that the dial races all
   * its addresses), else the address itself.
   */
  private static String address(InetSocketAddress to) {
    String host = to.getHostString();
    boolean literal =
        IpLiterals.parseIpv4(host).isPresent() || IpLiterals.parseIpv6(host).isPresent();
    if (!to.isUnresolved() && literal) {
      return InetEndpoint.of(to.getAddress(), to.getPort()).toString();
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + to.getPort();
  }

  @Override
  public void bind(@Nullable SocketAddress bindpoint) throws IOException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    if (bindpoint == null) {
      return;
    }
    if (!(bindpoint instanceof InetSocketAddress a)) {
      throw new IllegalArgumentException("Unsupported address type: " + bindpoint);
    }
    if (a.isUnresolved() || !a.getAddress().isAnyLocalAddress() || a.getPort() != 0) {
      throw new SocketException(
          "dial4j's sockets take their source address from the Dialer (Dialer.Builder.source),"
              + " not bind("
              + a
              + ")");
    }
  }

  // ---------------------------------------------------------------- streams

  @Override
  public InputStream getInputStream() throws IOException {
    Connection c = connected();
    if (inputShutdown) {
      throw new SocketException("Socket input is shutdown");
    }
    synchronized (lock) {
      InputStream s = in;
      if (s == null) {
        s = new In(c);
        in = s;
      }
      return s;
    }
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    Connection c = connected();
    if (outputShutdown) {
      throw new SocketException("Socket output is shutdown");
    }
    synchronized (lock) {
      OutputStream s = out;
      if (s == null) {
        s = new Out(c);
        out = s;
      }
      return s;
    }
  }

  /** Reads with SO_TIMEOUT as the deadline of each read. */
  private final class In extends InputStream {
    private final Connection c;

    In(Connection c) {
      this.c = c;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (inputShutdown) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int t = soTimeout;
      try {
        return c.readKeepingSide(
            ByteBuffer.wrap(b, off, len),
            t == 0 ? Deadline.NEVER : Deadline.after(Duration.ofMillis(t)));
      } catch (IOException e) {
        throw BridgeErrors.io(e, closed);
      }
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public void close() throws IOException {
      DialSocket.this.close();
    }
  }

  /** Each write sends all of it. */
  private final class Out extends OutputStream {
    private final Connection c;

    Out(Connection c) {
      this.c = c;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (outputShutdown) {
        throw new SocketException("Socket output is shutdown");
      }
      try {
        c.send(ByteBuffer.wrap(b, off, len), Deadline.NEVER);
      } catch (IOException e) {
        throw BridgeErrors.io(e, closed);
      }
    }

    @Override
    public void close() throws IOException {
      DialSocket.this.close();
    }
  }

  @Override
  public void shutdownInput() throws IOException {
    connected();
    if (inputShutdown) {
      throw new SocketException("Socket input is already shutdown");
    }
    inputShutdown = true;
  }

  @Override
  public void shutdownOutput() throws IOException {
    Connection c = connected();
    if (outputShutdown) {
      throw new SocketException("Socket output is already shutdown");
    }
    outputShutdown = true;
    try {
      c.done(Deadline.NEVER);
    } catch (IOException e) {
      throw BridgeErrors.io(e, closed);
    }
  }

  @Override
  public boolean isInputShutdown() {
    return inputShutdown;
  }

  @Override
  public boolean isOutputShutdown() {
    return outputShutdown;
  }

  // ---------------------------------------------------------------- close and state

  /** Closes the connection; a connect or read waiting in another thread fails at once. */
  @Override
  public void close() {
    CompletableFuture<Connection> f;
    Connection c;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      f = pending;
      c = connection;
    }
    if (f != null) {
      f.cancel(true);
    }
    if (c != null) {
      c.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isConnected() {
    return connection != null;
  }

  @Override
  public boolean isBound() {
    return connection != null;
  }

  private Connection connected() throws SocketException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    Connection c = connection;
    if (c == null) {
      throw new SocketException("Socket is not connected");
    }
    return c;
  }

  @Override
  public @Nullable InetAddress getInetAddress() {
    Connection c = connection;
    InetEndpoint r = c == null ? null : c.remote();
    return r == null ? null : r.toInetAddress();
  }

  @Override
  public int getPort() {
    Connection c = connection;
    InetEndpoint r = c == null ? null : c.remote();
    return r == null ? 0 : r.port();
  }

  @Override
  public InetAddress getLocalAddress() {
    Connection c = connection;
    InetEndpoint l = c == null ? null : c.local();
    return l == null ? InetAddress.ofLiteral("0.0.0.0") : l.toInetAddress();
  }

  @Override
  public int getLocalPort() {
    Connection c = connection;
    InetEndpoint l = c == null ? null : c.local();
    return l == null ? -1 : l.port();
  }

  @Override
  public @Nullable SocketAddress getRemoteSocketAddress() {
    Connection c = connection;
    InetEndpoint r = c == null ? null : c.remote();
    return r == null ? null : r.toSocketAddress();
  }

  @Override
  public @Nullable SocketAddress getLocalSocketAddress() {
    Connection c = connection;
    InetEndpoint l = c == null ? null : c.local();
    return l == null ? null : l.toSocketAddress();
  }

  /** The connection, once connected: dial4j's own calls (deadlines, exact errno) on it. */
  public @Nullable Connection connection() {
    return connection;
  }

  @Override
  public String toString() {
    Connection c = connection;
    return c == null ? "DialSocket[unconnected]" : "DialSocket[" + c + "]";
  }

  // ---------------------------------------------------------------- options

  @Override
  public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
    Objects.requireNonNull(name, "name");
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    Connection c = connection;
    if (c != null) {
      apply(c, name, value);
    } else {
      if (!supportedOptions().contains(name)) {
        throw new UnsupportedOperationException("'" + name + "' not supported");
      }
      synchronized (lock) {
        early.put(name, value);
      }
    }
    return this;
  }

  @Override
  @SuppressWarnings("unchecked") // each value was put under its own option
  public <T> T getOption(SocketOption<T> name) throws IOException {
    Objects.requireNonNull(name, "name");
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    Connection c = connection;
    if (c != null) {
      try {
        return c.getOption(name);
      } catch (IOException e) {
        throw BridgeErrors.io(e, closed);
      }
    }
    synchronized (lock) {
      Object v = early.get(name);
      if (v != null) {
        return (T) v;
      }
    }
    if (name == StandardSocketOptions.TCP_NODELAY) {
      return (T) Boolean.TRUE; // what the Dialer sets on every connection it makes
    }
    throw new SocketException("'" + name + "' is known once the socket is connected");
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return Set.of(
        StandardSocketOptions.TCP_NODELAY,
        StandardSocketOptions.SO_KEEPALIVE,
        StandardSocketOptions.SO_LINGER,
        StandardSocketOptions.SO_RCVBUF,
        StandardSocketOptions.SO_SNDBUF,
        StandardSocketOptions.IP_TOS);
  }

  private <T> void apply(Connection c, SocketOption<T> name, Object value) throws IOException {
    @SuppressWarnings("unchecked") // put under its own option by setOption
    T v = (T) value;
    try {
      c.setOption(name, v);
    } catch (IOException e) {
      throw BridgeErrors.io(e, closed);
    }
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    set(StandardSocketOptions.TCP_NODELAY, on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return get(StandardSocketOptions.TCP_NODELAY);
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    if (on && linger < 0) {
      throw new IllegalArgumentException("invalid value for SO_LINGER");
    }
    set(StandardSocketOptions.SO_LINGER, on ? Math.min(linger, 65535) : -1);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return get(StandardSocketOptions.SO_LINGER);
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    set(StandardSocketOptions.SO_KEEPALIVE, on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return get(StandardSocketOptions.SO_KEEPALIVE);
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    if (size <= 0) {
      throw new IllegalArgumentException("negative send size");
    }
    set(StandardSocketOptions.SO_SNDBUF, size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return get(StandardSocketOptions.SO_SNDBUF);
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    if (size <= 0) {
      throw new IllegalArgumentException("invalid receive size");
    }
    set(StandardSocketOptions.SO_RCVBUF, size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return get(StandardSocketOptions.SO_RCVBUF);
  }

  @Override
  public void setTrafficClass(int tc) throws SocketException {
    if (tc < 0 || tc > 255) {
      throw new IllegalArgumentException("tc is not in range 0 -- 255");
    }
    set(StandardSocketOptions.IP_TOS, tc);
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return get(StandardSocketOptions.IP_TOS);
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout < 0");
    }
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    soTimeout = timeout;
  }

  @Override
  public int getSoTimeout() throws SocketException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return soTimeout;
  }

  /** Kept and reported; a client socket's SO_REUSEADDR changes nothing here. */
  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    reuseAddress = on;
  }

  @Override
  public boolean getReuseAddress() {
    return reuseAddress;
  }

  /** Kept and reported; urgent data is not supported ({@link #sendUrgentData}). */
  @Override
  public void setOOBInline(boolean on) {
    oobInline = on;
  }

  @Override
  public boolean getOOBInline() {
    return oobInline;
  }

  /** Not supported: dial4j sends no urgent data. */
  @Override
  public void sendUrgentData(int data) throws IOException {
    throw new SocketException("Urgent data not supported");
  }

  /** Ignored, as the JDK's own sockets ignore it. */
  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {}

  private <T> void set(SocketOption<T> name, T value) throws SocketException {
    try {
      setOption(name, value);
    } catch (SocketException e) {
      throw e;
    } catch (IOException e) {
      SocketException s = new SocketException(e.getMessage());
      s.initCause(e);
      throw s;
    }
  }

  private <T> T get(SocketOption<T> name) throws SocketException {
    try {
      return getOption(name);
    } catch (SocketException e) {
      throw e;
    } catch (IOException e) {
      SocketException s = new SocketException(e.getMessage());
      s.initCause(e);
      throw s;
    }
  }
}
