package io.dtvb.vaultsdk.framework;

/** Builds one backend instance per mount (per Setup call). */
@FunctionalInterface
public interface BackendFactory {
  Backend create(BackendConfig config) throws Exception;
}
