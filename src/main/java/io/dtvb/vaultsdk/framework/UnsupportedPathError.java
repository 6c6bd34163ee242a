package io.dtvb.vaultsdk.framework;

/** No path of the backend matches the request (Vault answers 404). */
public class UnsupportedPathError extends RuntimeException {
  public UnsupportedPathError(String path) {
    super("unsupported path: " + path);
  }
}
