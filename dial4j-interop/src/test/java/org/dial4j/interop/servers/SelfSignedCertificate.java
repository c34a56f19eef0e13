package org.dial4j.interop.servers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A self-signed certificate for {@code localhost} and 127.0.0.1 (subject alternative names), made
 * at test time by the JDK's {@code keytool} (EC P-256, valid for two days), with the server's key
 * store and a client trust store that trusts it alone. Nothing is kept in the repository.
 */
public final class SelfSignedCertificate {
  private static final char[] PASSWORD = "dial4j-interop".toCharArray();
  private static final String ALIAS = "server";
  private static final Duration KEYTOOL_BOUND = Duration.ofSeconds(30);

  private final KeyStore keyStore;
  private final KeyStore trustStore;
  private final Path trustStoreFile;

  private SelfSignedCertificate(KeyStore keyStore, KeyStore trustStore, Path trustStoreFile) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.trustStoreFile = trustStoreFile;
  }

  /**
   * Makes the key pair and certificate in {@code dir} ({@code server.p12}), and the trust store
   * beside it ({@code trust.p12}, password {@link #password()}), for clients configured by file.
   */
  public static SelfSignedCertificate create(Path dir) throws IOException {
    Path keyStoreFile = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    ServerProcess.check(
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            ALIAS,
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            keyStoreFile.toString(),
            "-storepass",
            new String(PASSWORD),
            "-keypass",
            new String(PASSWORD)),
        dir,
        dir.resolve("keytool.log"),
        KEYTOOL_BOUND);
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStoreFile)) {
        keys.load(in, PASSWORD);
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
      Path trustFile = dir.resolve("trust.p12");
      try (var out = Files.newOutputStream(trustFile)) {
        trust.store(out, PASSWORD);
      }
      return new SelfSignedCertificate(keys, trust, trustFile);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key store keytool made", e);
    }
  }

  /** The certificate. */
  public X509Certificate certificate() {
    try {
      return (X509Certificate) keyStore.getCertificate(ALIAS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server side: a TLS context with the key and certificate. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The client side: a trust manager that trusts this certificate and nothing else. */
  public X509TrustManager trustManager() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("no X509TrustManager from " + tmf.getAlgorithm());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The client side: a TLS context whose only trust is {@link #trustManager()}. */
  public SSLContext clientContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The trust store as a PKCS12 file (password {@link #password()}), for clients set by path. */
  public Path trustStoreFile() {
    return trustStoreFile;
  }

  /** The password of both stores. */
  public static String password() {
    return new String(PASSWORD);
  }
}
