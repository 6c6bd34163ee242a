package io.dtvb.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mount's route to the sidecar: one cached {@link SidecarClient} per sidecar endpoint, and the
 * {@link SidecarConnection} of a configuration under the mount's connection id. Nothing more: every
 * call, and the re-push when the sidecar lacks the settings, is the connection's business.
 */
final class UpstreamGateway {
  /** Clients kept at once: the configured endpoint and a candidate a config write verifies. */
  private static final int MAX_CLIENTS = 2;

  private final SidecarClient.Factory factory;
  private final String connectionId;
  private final Map<SidecarEndpoint, SidecarClient> clients = new LinkedHashMap<>();
  /**
   * The connection of the configuration used last: the mount's storage cache hands every request
   * the same decoded config until it changes, so the hot path skips the client lookup and the
   * settings' fingerprint (a SHA-256 over their JSON).
   */
  private volatile Last last;

  private record Last(ConfigEntry config, SidecarConnection connection) {}

  UpstreamGateway(SidecarClient.Factory factory, String connectionId) {
    this.factory = factory;
    this.connectionId = connectionId;
  }

  String connectionId() {
    return connectionId;
  }

  /** The connection of this configuration: its endpoint's client, bound to its settings. */
  SidecarConnection on(ConfigEntry config) throws UpstreamException {
    Last l = last;
    if (l != null && l.config() == config) {
      return l.connection();
    }
    synchronized (this) {
      SidecarConnection c = client(config.endpoint()).connection(connectionId, config.settings());
      last = new Last(config, c);
      return c;
    }
  }

  /** Closes the clients of every endpoint but this configuration's (a saved config changed the endpoint). */
  synchronized void retainOnly(ConfigEntry config) {
    last = null;
    SidecarEndpoint keep = config.endpoint();
    clients.entrySet().removeIf(e -> {
      if (e.getKey().equals(keep)) {
        return false;
      }
      e.getValue().close();
      return true;
    });
  }

  /** Closes every cached client (config deleted, mount cleaned up). */
  synchronized void close() {
    last = null;
    clients.values().forEach(SidecarClient::close);
    clients.clear();
  }

  private synchronized SidecarClient client(SidecarEndpoint endpoint) throws UpstreamException {
    SidecarClient cached = clients.remove(endpoint);
    if (cached == null) {
      cached = factory.create(endpoint);
    }
    clients.put(endpoint, cached); // most recently used last
    Iterator<SidecarClient> eldest = clients.values().iterator();
    while (clients.size() > MAX_CLIENTS) {
      last = null; // it may be the evicted client's connection
      eldest.next().close();
      eldest.remove();
    }
    return cached;
  }
}
