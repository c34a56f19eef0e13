package org.dial4j.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dial4j.dial.ConnectionTest.ascii;
import static org.dial4j.dial.ConnectionTest.readExactly;
import static org.dial4j.socket.Errnos.errnoOf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import org.dial4j.error.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The {@code java.io} and {@code java.nio} views of a {@link Connection}, as java.net.Socket's. */
class ConnectionViewsTest {
  private Connections conns;

  @BeforeEach
  void start() throws IOException {
    conns = new Connections("connection-views");
  }

  @AfterEach
  void stop() throws Exception {
    conns.close();
  }

  @Test
  @DisplayName(
      "java.net.Socket idiom over bsend/brecv: the streams carry bytes both ways, read gives -1 at"
          + " EOF, closing a stream closes the connection")
  void streams() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    OutputStream out = p.client().outputStream();
    InputStream in = p.client().inputStream();
    out.write(ascii("hello"));
    out.write('!');
    assertThat(readExactly(p.server(), 6)).isEqualTo(ascii("hello!"));

    p.server().send(ByteBuffer.wrap(ascii("world")));
    p.server().shutdownOutput();
    assertThat(in.readAllBytes()).isEqualTo(ascii("world"));
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);

    in.close();
    assertThat(p.client().isOpen()).isFalse();
    assertThat(errnoOf(() -> out.write(1))).isEqualTo(Errno.EBADF);
    out.close(); // idempotent
  }

  @Test
  @DisplayName(
      "java.nio ByteChannel over bsend/brecv: write sends all, read returns what is there, -1 at"
          + " EOF; close closes the connection")
  void channel() throws Exception {
    Connections.Pair p = conns.connect("127.0.0.1");
    ByteChannel ch = p.client().channel();
    assertThat(ch.isOpen()).isTrue();
    assertThat(ch.write(ByteBuffer.wrap(ascii("abc")))).isEqualTo(3);
    assertThat(readExactly(p.server(), 3)).isEqualTo(ascii("abc"));
    p.server().send(ByteBuffer.wrap(ascii("xyz")));
    ByteBuffer dst = ByteBuffer.allocate(16);
    while (dst.position() < 3) {
      assertThat(ch.read(dst)).isPositive();
    }
    assertThat(new String(dst.array(), 0, 3, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("xyz");
    p.server().shutdownOutput();
    assertThat(ch.read(dst)).isEqualTo(-1);
    ch.close();
    assertThat(ch.isOpen()).isFalse();
    assertThat(p.client().isOpen()).isFalse();
  }
}
