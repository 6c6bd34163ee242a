package io.dtvb.certs;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK TLS engine for the plugin's gRPC server and the sidecar's HTTPS server, with Netty's
 * SslContext built straight from a JDK SSLContext. Netty's own server context first probes its JDK
 * once per process: it parses a built-in RSA key through BouncyCastle (whose provider it
 * instantiates because the jar carries it: ~630 classes, ~4 MB of class metadata kept for the
 * process's life) and builds a 10,000-round PKCS#12 key store, ~250 ms of CPU in the first
 * connection. Everything else is Vert.x's choice for the JDK engine: the key and trust managers it
 * was given, the JDK's default cipher suites, ALPN (when asked for) failing hard, the client
 * authentication asked for.
 */
public final class JdkServerTls extends JdkSSLEngineOptions {

  public JdkServerTls() {}

  private JdkServerTls(JdkServerTls other) {
    super(other);
  }

  @Override
  public JdkServerTls copy() {
    return new JdkServerTls(this);
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new Factory();
  }

  /** Collects what Vert.x sets, then builds the context. */
  private static final class Factory implements SslContextFactory {
    private boolean useAlpn;
    private boolean forClient;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private KeyManagerFactory keyManagers;
    private TrustManagerFactory trustManagers;
    private Set<String> cipherSuites = Set.of();
    private List<String> applicationProtocols = List.of();

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      this.useAlpn = useAlpn;
      return this;
    }

    @Override
    public SslContextFactory clientAuth(ClientAuth clientAuth) {
      this.clientAuth = clientAuth;
      return this;
    }

    @Override
    public SslContextFactory forClient(boolean forClient) {
      this.forClient = forClient;
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory factory) {
      this.keyManagers = factory;
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory factory) {
      this.trustManagers = factory;
      return this;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> suites) {
      this.cipherSuites = suites == null ? Set.of() : suites;
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> protocols) {
      this.applicationProtocols = protocols == null ? List.of() : protocols;
      return this;
    }

    @Override
    public SslContext create() throws SSLException {
      try {
        SSLContext jdk = SSLContext.getInstance("TLS");
        jdk.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
            trustManagers == null ? null : trustManagers.getTrustManagers(), null);
        List<String> suites = cipherSuites.isEmpty()
            ? List.of(jdk.createSSLEngine().getEnabledCipherSuites()) : List.copyOf(cipherSuites);
        ApplicationProtocolConfig alpn = useAlpn && !applicationProtocols.isEmpty()
            ? new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.FATAL_ALERT,
                SelectedListenerFailureBehavior.FATAL_ALERT, applicationProtocols)
            : ApplicationProtocolConfig.DISABLED;
        return new JdkSslContext(jdk, forClient, suites, IdentityCipherSuiteFilter.INSTANCE, alpn, clientAuth,
            null, false);
      } catch (GeneralSecurityException e) {
        throw new SSLException("TLS context cannot be built", e);
      }
    }
  }
}
