package io.dtvb.vaultsdk.framework;

import java.util.Arrays;
import java.util.Optional;

/** Vault request operations, with their wire names. */
public enum Operation {
  CREATE("create"),
  READ("read"),
  UPDATE("update"),
  PATCH("patch"),
  DELETE("delete"),
  LIST("list"),
  HELP("help"),
  ALIAS_LOOKAHEAD("alias-lookahead"),
  RESOLVE_ROLE("resolve-role"),
  HEADER("header"),
  REVOKE("revoke"),
  RENEW("renew"),
  ROLLBACK("rollback"),
  SCAN("scan");

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The operation for a wire name, if it is one we know. */
  public static Optional<Operation> fromWire(String name) {
    return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
  }
}
