package io.dtvb.simulator;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** Blocking raw-HTTP helper for simulator tests (runs on the JUnit thread). */
final class SimHttp implements AutoCloseable {
  private final WebClient client;
  private final String url;

  /** One HTTP answer. */
  record Reply(int status, Buffer raw, MultiMap headers) {
    JsonObject json() {
      return raw == null || raw.length() == 0 ? null : new JsonObject(raw);
    }

    String errorMessage() {
      return json().getJsonObject("error").getString("message");
    }

    /** The message of an Account Management error envelope. */
    String accountMessage() {
      return json().getString("message");
    }
  }

  SimHttp(Vertx vertx, String url) {
    this.client = WebClient.create(vertx);
    this.url = url;
  }

  static String apiToken(String token) {
    return "Api-Token " + token;
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  Reply call(HttpMethod method, String path, JsonObject body, String authorization) {
    HttpRequest<Buffer> request = client.requestAbs(method, url + path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    HttpResponse<Buffer> r = (body == null ? request.send() : request.sendJsonObject(body)).await();
    return new Reply(r.statusCode(), r.body(), r.headers());
  }

  Reply get(String path, String authorization) {
    return call(HttpMethod.GET, path, null, authorization);
  }

  Reply post(String path, JsonObject body, String authorization) {
    return call(HttpMethod.POST, path, body, authorization);
  }

  Reply put(String path, JsonObject body, String authorization) {
    return call(HttpMethod.PUT, path, body, authorization);
  }

  Reply delete(String path, String authorization) {
    return call(HttpMethod.DELETE, path, null, authorization);
  }

  /** Sends {@code body} as-is with {@code contentType}. */
  Reply raw(HttpMethod method, String path, String body, String contentType, String authorization) {
    HttpRequest<Buffer> request = client.requestAbs(method, url + path).putHeader("Content-Type", contentType);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    HttpResponse<Buffer> r = request.sendBuffer(Buffer.buffer(body)).await();
    return new Reply(r.statusCode(), r.body(), r.headers());
  }

  Reply form(String path, MultiMap form) {
    HttpResponse<Buffer> r = client.postAbs(url + path).sendForm(form).await();
    return new Reply(r.statusCode(), r.body(), r.headers());
  }

  @Override
  public void close() {
    client.close();
  }
}
