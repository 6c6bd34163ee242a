package io.dtvb.vaultsdk.framework;

/** Who asked and through which mount: the Vault context that travels into lease records. */
public record RequestContext(
    String displayName,
    String entityId,
    String mountPoint,
    String mountType,
    String mountAccessor,
    String clientTokenAccessor) {

  public static final RequestContext EMPTY = new RequestContext("", "", "", "", "", "");
}
