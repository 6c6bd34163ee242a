package io.dtvb.vaultsdk.framework;

import java.time.Instant;
import java.util.Map;

/**
 * One Vault request as a backend sees it. {@code path} is relative to the mount; {@code data} is
 * the decoded JSON body; {@code secret} is set for renew and revoke; {@code deadline} is when
 * Vault stops waiting for the answer (the gRPC deadline of the call), null when it sent none.
 */
public record Request(
    String id,
    Operation operation,
    String path,
    Map<String, Object> data,
    SecretInfo secret,
    Storage storage,
    RequestContext context,
    Instant deadline) {

  public Request {
    data = data == null ? Map.of() : data;
    context = context == null ? RequestContext.EMPTY : context;
  }

  /** A request without a deadline. */
  public Request(String id, Operation operation, String path, Map<String, Object> data, SecretInfo secret,
      Storage storage, RequestContext context) {
    this(id, operation, path, data, secret, storage, context, null);
  }

  /** A request with only the essentials, for tests and internal calls. */
  public static Request of(Operation op, String path, Map<String, Object> data, Storage storage) {
    return new Request("", op, path, data, null, storage, RequestContext.EMPTY);
  }

  /** The same request for another path (used when dispatching renew/revoke). */
  public Request withSecret(SecretInfo newSecret) {
    return new Request(id, operation, path, data, newSecret, storage, context, deadline);
  }

  /** The same request over another view of the mount's storage. */
  public Request withStorage(Storage view) {
    return new Request(id, operation, path, data, secret, view, context, deadline);
  }

  /** The same request with this deadline (null: none). */
  public Request withDeadline(Instant newDeadline) {
    return new Request(id, operation, path, data, secret, storage, context, newDeadline);
  }

  /** True when the request has a deadline and it is not after {@code now}. */
  public boolean pastDeadline(Instant now) {
    return deadline != null && !deadline.isAfter(now);
  }
}
