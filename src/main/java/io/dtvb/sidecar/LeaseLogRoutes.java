package io.dtvb.sidecar;

import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogEntry;
import io.dtvb.leaselog.SignedCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Read access to the lease log (docs/sidecar-api.md): latest signed checkpoint, verifier key,
 * entries, inclusion and consistency proofs, and an export, either of the whole log (operators)
 * or of one connection's part ({@code connection} set: only its entries; its export is a
 * verifiable view with other entries as leaf hashes). Log reads run on worker threads.
 */
final class LeaseLogRoutes {
  static final long MAX_ENTRIES = 1000;

  private final Vertx vertx;
  private final LeaseLog log;

  LeaseLogRoutes(Vertx vertx, LeaseLog log) {
    this.vertx = vertx;
    this.log = log;
  }

  /** Serves {@code what} for the whole log (connection null) or one connection. */
  void serve(RoutingContext ctx, String what, String connection) {
    switch (what) {
      case "checkpoint" -> answer(ctx, () -> checkpoint(log.checkpoint()));
      case "public-key" -> answer(ctx, () -> new JsonObject()
          .put("origin", log.origin()).put("verifier_key", log.verifierKey().encoded()));
      case "entries" -> answer(ctx, () -> entries(ctx, connection));
      case "inclusion" -> answer(ctx, () -> inclusion(ctx, connection));
      case "consistency" -> answer(ctx, () -> consistency(ctx));
      case "export" -> export(ctx, connection);
      default -> SidecarRoutes.fail(ctx, ApiError.notFound(ctx.request().path()));
    }
  }

  private static JsonObject checkpoint(SignedCheckpoint cp) {
    return new JsonObject().put("origin", cp.checkpoint().origin()).put("size", cp.checkpoint().size())
        .put("root", cp.checkpoint().rootHex()).put("checkpoint", cp.note());
  }

  private JsonObject entries(RoutingContext ctx, String connection) throws Exception {
    long size = log.size();
    long start = number(ctx, "start", 0);
    long asked = number(ctx, "end", start + 100);
    if (start < 0 || start > size) {
      throw ApiError.invalid("query parameter \"start\" must be between 0 and the log's size " + size);
    }
    if (asked < start || asked - start > MAX_ENTRIES) {
      throw ApiError.invalid("query parameter \"end\" must be between start and start+" + MAX_ENTRIES);
    }
    long end = Math.min(asked, size);
    JsonArray out = new JsonArray();
    if (connection == null) {
      for (LogEntry e : log.entries(start, end)) {
        out.add(json(e));
      }
    } else {
      for (long i : log.indicesOf(connection, end)) {
        if (i >= start) {
          out.add(json(log.entries(i, i + 1).get(0)));
        }
      }
    }
    JsonObject answer = new JsonObject().put("start", start).put("end", end).put("size", size).put("entries", out);
    return connection == null ? answer : answer.put("connection", connection);
  }

  private static JsonObject json(LogEntry e) {
    return new JsonObject(new String(e.encode(), StandardCharsets.UTF_8));
  }

  private JsonObject inclusion(RoutingContext ctx, String connection) throws Exception {
    long index = number(ctx, "index", -1);
    long treeSize = number(ctx, "tree_size", -1);
    long size = log.size();
    if (index < 0 || treeSize <= index || treeSize > size) {
      throw ApiError.invalid("need 0 <= index < tree_size <= " + size + " (query parameters \"index\", \"tree_size\")");
    }
    if (connection != null && !log.indicesOf(connection, index + 1).contains(index)) {
      throw ApiError.forbidden("entry " + index + " is not one of connection \"" + connection + "\"'s entries");
    }
    return new JsonObject().put("index", index).put("tree_size", treeSize)
        .put("hashes", hex(log.inclusionProof(index, treeSize)));
  }

  private JsonObject consistency(RoutingContext ctx) throws Exception {
    long first = number(ctx, "first", -1);
    long second = number(ctx, "second", -1);
    long size = log.size();
    if (first < 0 || second < first || second > size) {
      throw ApiError.invalid("need 0 <= first <= second <= " + size + " (query parameters \"first\", \"second\")");
    }
    return new JsonObject().put("first", first).put("second", second)
        .put("hashes", hex(log.consistencyProof(first, second)));
  }

  /** The export (or view) as JSON lines; with format=json, wrapped in {"size", "checkpoint", "export"} for Vault. */
  private void export(RoutingContext ctx, String connection) {
    boolean wrapped = "json".equals(ctx.queryParams().get("format"));
    vertx.executeBlocking(() -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SignedCheckpoint cp = connection == null ? log.export(out) : log.exportView(connection, out);
      return new Object[] {out.toByteArray(), cp};
    }, false).onSuccess(r -> {
      byte[] text = (byte[]) r[0];
      SignedCheckpoint cp = (SignedCheckpoint) r[1];
      if (wrapped) {
        ctx.response().putHeader("content-type", "application/json").end(checkpoint(cp)
            .put("export", new String(text, StandardCharsets.UTF_8)).encode());
      } else {
        ctx.response().putHeader("content-type", "application/x-ndjson")
            .putHeader("content-disposition", "attachment; filename=\"lease-log-export.jsonl\"")
            .end(io.vertx.core.buffer.Buffer.buffer(text));
      }
    }).onFailure(err -> SidecarRoutes.fail(ctx, err));
  }

  private void answer(RoutingContext ctx, Callable<JsonObject> read) {
    Future.<JsonObject>succeededFuture().compose(v -> vertx.executeBlocking(read, false))
        .onSuccess(json -> ctx.response().putHeader("content-type", "application/json").end(json.encode()))
        .onFailure(err -> SidecarRoutes.fail(ctx, err instanceof ApiError ? err
            : ApiError.retryable(0, "lease log read failed: " + err.getMessage())));
  }

  private static long number(RoutingContext ctx, String name, long fallback) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiError.invalid("query parameter \"" + name + "\" must be a whole number");
    }
  }

  private static JsonArray hex(List<byte[]> hashes) {
    JsonArray out = new JsonArray();
    hashes.forEach(h -> out.add(HexFormat.of().formatHex(h)));
    return out;
  }
}
