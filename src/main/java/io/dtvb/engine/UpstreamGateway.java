package io.dtvb.engine;

import io.dtvb.vaultsdk.framework.Log;
import java.util.Map;

/**
 * The mount's route to the sidecar: one cached {@link TokenBroker} per sidecar endpoint, calls
 * made under the mount's connection id, and one re-push when the sidecar has forgotten the
 * connection (it restarted) before the call is tried again.
 */
final class UpstreamGateway {
  private static final Log LOG = Log.named("dynatrace-engine");

  /** One broker call. */
  @FunctionalInterface
  interface Call<T> {
    T run(TokenBroker broker) throws UpstreamException;
  }

  private final TokenBrokerFactory factory;
  private final String connectionId;
  private SidecarEndpoint cachedEndpoint;
  private TokenBroker cachedBroker;

  UpstreamGateway(TokenBrokerFactory factory, String connectionId) {
    this.factory = factory;
    this.connectionId = connectionId;
  }

  String connectionId() {
    return connectionId;
  }

  /** Pushes the connection settings to the sidecar (config writes). */
  void push(ConfigEntry config) throws UpstreamException {
    broker(config.endpoint()).putConnection(connectionId, config.settings());
  }

  MintedCredential mint(ConfigEntry config, MintOrder order) throws UpstreamException {
    return withRepush(config, b -> b.mint(connectionId, config.settings(), order));
  }

  RevokeResult revoke(ConfigEntry config, String tokenId, AuditContext audit) throws UpstreamException {
    return withRepush(config, b -> b.revoke(connectionId, config.settings(), tokenId, audit));
  }

  void renewed(ConfigEntry config, String tokenId, AuditContext audit) throws UpstreamException {
    withRepush(config, b -> {
      b.renewed(connectionId, config.settings(), tokenId, audit);
      return null;
    });
  }

  /** Closes the cached broker (config deleted, mount cleaned up). */
  synchronized void close() {
    if (cachedBroker != null) {
      cachedBroker.close();
    }
    cachedBroker = null;
    cachedEndpoint = null;
  }

  Map<String, Object> verify(ConfigEntry config) throws UpstreamException {
    return withRepush(config, b -> b.verify(connectionId, config.settings()));
  }

  int revokeByName(ConfigEntry config, String tokenName, AuditContext audit) throws UpstreamException {
    return withRepush(config, b -> b.revokeByName(connectionId, config.settings(), tokenName, audit));
  }

  java.util.List<UpstreamToken> listByPrefix(ConfigEntry config, String namePrefix) throws UpstreamException {
    return withRepush(config, b -> b.listByPrefix(connectionId, config.settings(), namePrefix));
  }

  /** Reads the sidecar's lease log (not tied to the connection; no re-push needed). */
  Map<String, Object> leaseLog(ConfigEntry config, String what, Map<String, String> query) throws UpstreamException {
    return broker(config.endpoint()).leaseLog(what, query);
  }

  private <T> T withRepush(ConfigEntry config, Call<T> call) throws UpstreamException {
    TokenBroker broker = broker(config.endpoint());
    try {
      return call.run(broker);
    } catch (UpstreamException e) {
      if (e.kind() != UpstreamException.Kind.UNKNOWN_CONNECTION) {
        throw e;
      }
      LOG.info("sidecar does not know the connection; pushing it again", "connection_id", connectionId);
      broker.putConnection(connectionId, config.settings());
      return call.run(broker);
    }
  }

  private synchronized TokenBroker broker(SidecarEndpoint endpoint) throws UpstreamException {
    if (cachedBroker != null && endpoint.equals(cachedEndpoint)) {
      return cachedBroker;
    }
    TokenBroker fresh = factory.create(endpoint);
    close();
    cachedBroker = fresh;
    cachedEndpoint = endpoint;
    return fresh;
  }
}
