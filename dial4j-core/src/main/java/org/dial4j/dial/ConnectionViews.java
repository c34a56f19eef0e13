package org.dial4j.dial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Objects;
import org.dial4j.Deadline;

/**
 * The {@code java.io} and {@code java.nio} views of a {@link Connection}, without deadlines.
 * Closing a view closes the connection, as closing a {@code java.net.Socket}'s streams does.
 */
final class ConnectionViews {
  private ConnectionViews() {}

  /** {@link Connection#read} as an {@link InputStream}: -1 at end of stream, again and again. */
  static final class In extends InputStream {
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
      if (len == 0) {
        return 0;
      }
      return c.read(ByteBuffer.wrap(b, off, len), Deadline.NEVER);
    }

    @Override
    public void close() {
      c.close();
    }
  }

  /** {@link Connection#send} as an {@link OutputStream}: each write is one all-or-nothing send. */
  static final class Out extends OutputStream {
    private final Connection c;

    Out(Connection c) {
      this.c = c;
    }

    @Override
    public void write(int b) throws IOException {
      c.send(new byte[] {(byte) b}, Deadline.NEVER);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      c.send(ByteBuffer.wrap(b, off, len), Deadline.NEVER);
    }

    @Override
    public void close() {
      c.close();
    }
  }

  /** A blocking {@link ByteChannel}: read as {@link Connection#read}, write sends everything. */
  static final class Channel implements ByteChannel {
    private final Connection c;

    Channel(Connection c) {
      this.c = c;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return c.read(dst, Deadline.NEVER);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int n = src.remaining();
      c.send(src, Deadline.NEVER);
      return n;
    }

    @Override
    public boolean isOpen() {
      return c.isOpen();
    }

    @Override
    public void close() {
      c.close();
    }
  }
}
