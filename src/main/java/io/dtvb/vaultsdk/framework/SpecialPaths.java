package io.dtvb.vaultsdk.framework;

import java.util.List;

/** Paths Vault treats specially: root-protected, unauthenticated, local-only, seal-wrapped. */
public record SpecialPaths(
    List<String> root, List<String> unauthenticated, List<String> localStorage,
    List<String> sealWrapStorage) {

  public static final SpecialPaths NONE = new SpecialPaths(List.of(), List.of(), List.of(), List.of());
}
