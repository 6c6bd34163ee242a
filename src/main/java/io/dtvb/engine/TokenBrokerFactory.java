package io.dtvb.engine;

/** Builds a {@link TokenBroker} for one sidecar endpoint; the engine caches it until the endpoint changes. */
@FunctionalInterface
public interface TokenBrokerFactory {
  TokenBroker create(SidecarEndpoint endpoint) throws UpstreamException;
}
