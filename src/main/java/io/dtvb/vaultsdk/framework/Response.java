package io.dtvb.vaultsdk.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler answers: data shown to the client, an optional leased secret, warnings, and work
 * to do once the answer is on its way ({@link #afterReply}).
 */
public final class Response {
  private final Map<String, Object> data;
  private final SecretResponse secret;
  private final List<String> warnings = new ArrayList<>();
  private final List<AfterReply> afterReply = new ArrayList<>();
  private final boolean none;

  /** A step run after the answer was handed to Vault. */
  @FunctionalInterface
  public interface AfterReply {
    void run() throws Exception;
  }

  private Response(Map<String, Object> data, SecretResponse secret) {
    this(data, secret, false);
  }

  private Response(Map<String, Object> data, SecretResponse secret, boolean none) {
    this.data = data;
    this.secret = secret;
    this.none = none;
  }

  /**
   * No answer for Vault (what a handler returning null says), for a handler that has
   * {@link #afterReply} steps to hand over.
   */
  public static Response none() {
    return new Response(Map.of(), null, true);
  }

  /** True for {@link #none()}: the plugin server sends Vault no response. */
  public boolean isNone() {
    return none;
  }

  /** A plain data response. */
  public static Response of(Map<String, Object> data) {
    return new Response(new LinkedHashMap<>(data), null);
  }

  /** A response that carries a leased secret. */
  public static Response withSecret(Map<String, Object> data, SecretResponse secret) {
    return new Response(new LinkedHashMap<>(data), secret);
  }

  /** An error response: Vault answers the client with HTTP 400 and this message. */
  public static Response error(String message) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("error", message);
    return new Response(d, null);
  }

  /** A list response in Vault's shape ({@code keys}). */
  public static Response list(List<String> keys) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("keys", keys);
    return new Response(d, null);
  }

  public Response warn(String warning) {
    warnings.add(warning);
    return this;
  }

  /**
   * Runs {@code step} once the answer has been handed to Vault, off the request's path (the
   * plugin server does; a failure is logged, never answered). A crash can lose the step, so it may
   * only tidy up what a rollback settles as well: it never carries a durability promise.
   */
  public Response afterReply(AfterReply step) {
    afterReply.add(step);
    return this;
  }

  /** The steps {@link #afterReply} registered, in order. */
  public List<AfterReply> afterReplySteps() {
    return List.copyOf(afterReply);
  }

  public Map<String, Object> data() {
    return data;
  }

  public SecretResponse secret() {
    return secret;
  }

  public List<String> warnings() {
    return warnings;
  }

  /** True when this is an error response (data holds only "error", optionally with "data"). */
  public boolean isError() {
    if (data == null || !data.containsKey("error")) {
      return false;
    }
    return data.size() == 1 || (data.size() == 2 && data.containsKey("data"));
  }
}
