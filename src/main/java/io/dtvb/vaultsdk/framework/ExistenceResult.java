package io.dtvb.vaultsdk.framework;

/** Answer to Vault's existence check: whether the path has one, and whether the object exists. */
public record ExistenceResult(boolean checkFound, boolean exists) {
  public static final ExistenceResult NO_CHECK = new ExistenceResult(false, false);
}
