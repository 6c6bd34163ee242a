package io.dtvb.vaultsdk.framework;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A kind of leased secret with its renew and revoke handlers. The type name travels in the
 * secret's internal data under {@code secret_type}, as in Vault's Go framework.
 */
public record SecretType(String type, String description, Handler renew, Handler revoke) {

  /** Internal-data key that names the secret type. */
  public static final String TYPE_KEY = "secret_type";

  /** Renews or revokes one lease; the request carries the stored secret. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws Exception;
  }

  /** A response that creates a renewable lease of this type. */
  public Response response(
      Map<String, Object> data, Map<String, Object> internalData, Duration ttl, Duration maxTtl) {
    return response(data, internalData, ttl, maxTtl, true);
  }

  /**
   * A response that creates a lease of this type; {@code renewable} tells clients whether a renew
   * could extend it (clients such as Vault Agent re-read a non-renewable secret near its end
   * instead of renewing it).
   */
  public Response response(Map<String, Object> data, Map<String, Object> internalData, Duration ttl,
      Duration maxTtl, boolean renewable) {
    Map<String, Object> internal = new LinkedHashMap<>(internalData);
    internal.put(TYPE_KEY, type);
    return Response.withSecret(data, new SecretResponse(internal, ttl, maxTtl, renewable));
  }
}
