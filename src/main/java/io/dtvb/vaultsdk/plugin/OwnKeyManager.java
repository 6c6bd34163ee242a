package io.dtvb.vaultsdk.plugin;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers this process's one AutoMTLS key and certificate to TLS, as server and as client. It holds
 * the key itself because the usual route, a PKCS#12 key store, encrypts and decrypts the key with
 * 10,000 PBKDF2 rounds, which cost ~150 ms of a plugin start. It makes no trust decision: which
 * peers are accepted is the trust manager's business.
 */
final class OwnKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "autotls";
  /** JSSE's key type for ECDSA certificates; the AutoMTLS key is EC P-256. */
  private static final String EC = "EC";

  private final X509Certificate certificate;
  private final PrivateKey key;

  OwnKeyManager(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /**
   * This key manager as the factory Vert.x takes. (Vert.x's own wrapper for a bare key manager
   * logs through SLF4J, which this jar does not carry.)
   */
  KeyManagerFactory asFactory() {
    KeyManager[] managers = {this};
    return new KeyManagerFactory(new KeyManagerFactorySpi() {
      @Override
      protected void engineInit(KeyStore keyStore, char[] password) {
        // nothing to load: the key is already here
      }

      @Override
      protected void engineInit(ManagerFactoryParameters parameters) {
        // nothing to load: the key is already here
      }

      @Override
      protected KeyManager[] engineGetKeyManagers() {
        return managers.clone();
      }
    }, null, "AutoMTLS") {};
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return EC.equals(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return keyTypes != null && Arrays.asList(keyTypes).contains(EC) ? ALIAS : null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return chooseClientAlias(keyTypes, issuers, null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return EC.equals(keyType) ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseServerAlias(keyType, issuers, null);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? new X509Certificate[] {certificate} : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
