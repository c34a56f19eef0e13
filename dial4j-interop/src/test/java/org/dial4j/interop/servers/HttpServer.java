package org.dial4j.interop.servers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP or HTTPS server for interop tests, the JDK's {@code com.sun.net.httpserver}, on 127.0.0.1
 * at a port the kernel picks. {@code GET /hello} answers {@code 200 hello} ({@code text/plain});
 * any other path answers 404. Every exchange's remote address is kept ({@link #peers()}), so a test
 * sees where a client connected from. The HTTPS variant uses a {@link SelfSignedCertificate} made
 * at start. Bound before {@link #start} returns: nothing to wait for. {@link #close()} stops it.
 */
public final class HttpServer implements AutoCloseable {
  /** What {@code GET /hello} answers. */
  public static final String HELLO = "hello";

  private final com.sun.net.httpserver.HttpServer server;
  private final ExecutorService executor;
  private final @Nullable SelfSignedCertificate certificate;
  private final @Nullable Path dir;
  private final List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();

  private HttpServer(
      com.sun.net.httpserver.HttpServer server,
      ExecutorService executor,
      @Nullable SelfSignedCertificate certificate,
      @Nullable Path dir) {
    this.server = server;
    this.executor = executor;
    this.certificate = certificate;
    this.dir = dir;
  }

  /** Starts a plain HTTP server. */
  public static HttpServer http() throws IOException {
    return start(com.sun.net.httpserver.HttpServer.create(), null, null);
  }

  /** Starts an HTTPS server with a self-signed certificate made now. */
  public static HttpServer https() throws IOException {
    Path dir = Files.createTempDirectory("dial4j-https-");
    try {
      SelfSignedCertificate cert = SelfSignedCertificate.create(dir);
      HttpsServer server = HttpsServer.create();
      server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
      return start(server, cert, dir);
    } catch (IOException | RuntimeException | Error e) {
      ServerProcess.deleteTree(dir);
      throw e;
    }
  }

  private static HttpServer start(
      com.sun.net.httpserver.HttpServer server,
      @Nullable SelfSignedCertificate certificate,
      @Nullable Path dir)
      throws IOException {
    server.bind(new InetSocketAddress(Loopback.IPV4, 0), 0);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    HttpServer s = new HttpServer(server, executor, certificate, dir);
    server.createContext("/", s::handle);
    server.start();
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      peers.add(exchange.getRemoteAddress());
      boolean hello =
          exchange.getRequestMethod().equals("GET")
              && exchange.getRequestURI().getPath().equals("/hello");
      byte[] body = (hello ? HELLO : "not found").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(hello ? 200 : 404, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** Where it listens: 127.0.0.1 and its port. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://...} followed by {@code path}. */
  public String url(String path) {
    return (certificate == null ? "http" : "https")
        + "://"
        + address().getAddress().getHostAddress()
        + ":"
        + address().getPort()
        + path;
  }

  /** The HTTPS server's certificate, with the client's trust for it. */
  public SelfSignedCertificate certificate() {
    if (certificate == null) {
      throw new IllegalStateException("a plain HTTP server has no certificate");
    }
    return certificate;
  }

  /** The remote address of every exchange so far, in order. */
  public List<InetSocketAddress> peers() {
    return List.copyOf(peers);
  }

  /** Stops it at once (open exchanges closed), its threads ended, the certificate removed. */
  @Override
  public void close() {
    server.stop(0);
    executor.close();
    if (dir != null) {
      ServerProcess.deleteTree(dir);
    }
  }
}
