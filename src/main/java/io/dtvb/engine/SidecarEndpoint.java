package io.dtvb.engine;

/**
 * Where the sidecar listens and the TLS material for the plugin's mutual-TLS client; the client
 * key is secret, so {@link #toString()} redacts it.
 */
public record SidecarEndpoint(String url, String caPem, String clientCertPem, String clientKeyPem) {

  @Override
  public String toString() {
    return "SidecarEndpoint[url=" + url + ", clientKeyPem="
        + io.dtvb.sidecarapi.ConnectionSettings.redacted(clientKeyPem) + "]";
  }
}
