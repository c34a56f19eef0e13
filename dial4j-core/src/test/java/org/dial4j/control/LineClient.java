package org.dial4j.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dial4j.InetEndpoint;

/**
 * A script's view of the control port, as {@code nc} gives it: a plain blocking {@link
 * java.net.Socket} with a read timeout, so that no test can hang on a missing reply.
 */
final class LineClient implements AutoCloseable {
  /** Every read gives up after this long: a bound, never a wait for something to happen. */
  private static final int READ_TIMEOUT_MS = 10_000;

  /**
   * One reply.
   *
   * @param body the lines before the status line
   * @param status {@code ok} or {@code error: ...}
   */
  record Reply(List<String> body, String status) {
    boolean ok() {
      return status.equals("ok");
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  LineClient(InetEndpoint at) throws IOException {
    this(at, 0);
  }

  /** With {@code receiveBuffer} bytes of SO_RCVBUF (0: the kernel's default, autotuned). */
  LineClient(InetEndpoint at, int receiveBuffer) throws IOException {
    socket = new Socket();
    try {
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.setSoTimeout(READ_TIMEOUT_MS);
      socket.connect(at.toSocketAddress(), READ_TIMEOUT_MS);
      // Buffered: a reply is read a byte at a time, which must not be a system call each.
      in = new java.io.BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends {@code line} and a newline, and reads the reply. */
  Reply command(String line) throws IOException {
    send(line + "\n");
    return reply();
  }

  void send(String text) throws IOException {
    sendBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Lines up to the first that is {@code ok} or begins with {@code error:}. */
  Reply reply() throws IOException {
    List<String> body = new ArrayList<>();
    while (true) {
      String l = readLine();
      if (l == null) {
        throw new IOException("end of stream inside a reply after " + body);
      }
      if (l.equals("ok") || l.startsWith("error:")) {
        return new Reply(body, l);
      }
      body.add(l);
    }
  }

  /** One line without its newline; null at end of stream (or a reset after the last byte). */
  String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c;
      try {
        c = in.read();
      } catch (SocketException reset) {
        // A server that closes with input unread sends RST; what came before it was read.
        c = -1;
      }
      if (c < 0) {
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
      }
      if (c == '\n') {
        return b.toString(StandardCharsets.UTF_8);
      }
      b.write(c);
    }
  }

  /** True if the server closed: the next read finds end of stream (or a reset). */
  boolean closedByServer() throws IOException {
    return readLine() == null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
