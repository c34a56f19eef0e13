package org.dial4j.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.dial4j.interop.servers.HttpServer;
import org.dial4j.interop.servers.SelfSignedCertificate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OkHttp against the JDK's HTTP server, plain and over TLS with a self-signed certificate, with
 * OkHttp's default sockets: the harness the {@code socketFactory(...)} bridge tests will stand
 * beside.
 */
class OkHttpBaselineTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static OkHttpClient.Builder client() {
    return new OkHttpClient.Builder()
        .connectTimeout(TIMEOUT)
        .readTimeout(TIMEOUT)
        .callTimeout(TIMEOUT)
        .retryOnConnectionFailure(false);
  }

  private static void shutDown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Test
  @DisplayName("GET over HTTP: 200 and the body; the server saw the client on 127.0.0.1")
  void http() throws IOException {
    OkHttpClient client = client().build();
    try (HttpServer server = HttpServer.http();
        Response response =
            client.newCall(new Request.Builder().url(server.url("/hello")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo(HttpServer.HELLO);
      assertThat(response.handshake()).isNull();
      assertThat(server.peers())
          .singleElement()
          .satisfies(p -> assertThat(p.getAddress()).isEqualTo(server.address().getAddress()));
    } finally {
      shutDown(client);
    }
  }

  @Test
  @DisplayName("GET over HTTPS with the self-signed certificate trusted: TLS 1.3 to CN=localhost")
  void https() throws IOException {
    try (HttpServer server = HttpServer.https()) {
      SelfSignedCertificate cert = server.certificate();
      OkHttpClient client =
          client()
              .sslSocketFactory(cert.clientContext().getSocketFactory(), cert.trustManager())
              .build();
      try (Response response =
          client.newCall(new Request.Builder().url(server.url("/hello")).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body().string()).isEqualTo(HttpServer.HELLO);
        assertThat(response.handshake()).isNotNull();
        assertThat(response.handshake().tlsVersion().javaName()).isEqualTo("TLSv1.3");
        assertThat(response.handshake().peerCertificates())
            .singleElement()
            .isInstanceOfSatisfying(
                X509Certificate.class, c -> assertThat(c).isEqualTo(cert.certificate()));
        assertThat(server.peers()).hasSize(1);
      } finally {
        shutDown(client);
      }
    }
  }

  @Test
  @DisplayName("GET over HTTPS with the JDK's default trust: the self-signed certificate refused")
  void httpsUntrusted() throws IOException {
    OkHttpClient client = client().build();
    try (HttpServer server = HttpServer.https()) {
      assertThatThrownBy(
              () ->
                  client
                      .newCall(new Request.Builder().url(server.url("/hello")).build())
                      .execute()
                      .close())
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(server.peers()).isEmpty();
    } finally {
      shutDown(client);
    }
  }
}
