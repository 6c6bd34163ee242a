package io.dtvb.vaultsdk.framework;

import java.util.Map;

/**
 * One Vault request as a backend sees it. {@code path} is relative to the mount; {@code data} is
 * the decoded JSON body; {@code secret} is set for renew and revoke.
 */
public record Request(
    String id,
    Operation operation,
    String path,
    Map<String, Object> data,
    SecretInfo secret,
    Storage storage,
    RequestContext context) {

  public Request {
    data = data == null ? Map.of() : data;
    context = context == null ? RequestContext.EMPTY : context;
  }

  /** A request with only the essentials, for tests and internal calls. */
  public static Request of(Operation op, String path, Map<String, Object> data, Storage storage) {
    return new Request("", op, path, data, null, storage, RequestContext.EMPTY);
  }

  /** The same request for another path (used when dispatching renew/revoke). */
  public Request withSecret(SecretInfo newSecret) {
    return new Request(id, operation, path, data, newSecret, storage, context);
  }
}
