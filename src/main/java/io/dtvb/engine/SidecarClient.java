package io.dtvb.engine;

/**
 * The engine's way to the sidecar at one endpoint (see docs/sidecar-api.md): hands out
 * {@link SidecarConnection}s, each bound once to a connection id and the settings the sidecar
 * should hold for it. The engine caches one client per endpoint until the endpoint changes.
 */
public interface SidecarClient extends AutoCloseable {

  /** The calls on one connection, made with these settings (re-pushed when the sidecar lacks them). */
  SidecarConnection connection(String connectionId, io.dtvb.sidecarapi.ConnectionSettings settings);

  /** Releases the client's HTTP connections. */
  @Override
  default void close() {}

  /** Builds a client for one endpoint. */
  @FunctionalInterface
  interface Factory {
    SidecarClient create(SidecarEndpoint endpoint) throws UpstreamException;
  }
}
