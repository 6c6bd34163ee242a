package io.dtvb.sidecar;

import io.dtvb.leaselog.LeaseLog;
import io.dtvb.leaselog.LogEntry;
import io.dtvb.leaselog.SignedCheckpoint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Read access to the lease log (docs/sidecar-api.md): latest signed checkpoint, verifier key,
 * entries, inclusion and consistency proofs, and a full export. Log reads run on worker threads.
 */
final class LeaseLogRoutes {
  static final long MAX_ENTRIES = 1000;

  private final Vertx vertx;
  private final LeaseLog log;

  LeaseLogRoutes(Vertx vertx, LeaseLog log) {
    this.vertx = vertx;
    this.log = log;
  }

  void mount(Router r) {
    // route table
    r.get("/v1/lease-log/checkpoint").handler(ctx -> answer(ctx, () -> checkpoint(log.checkpoint())));
    r.get("/v1/lease-log/public-key").handler(ctx -> answer(ctx, () -> new JsonObject()
        .put("origin", log.origin()).put("verifier_key", log.verifierKey().encoded())));
    r.get("/v1/lease-log/entries").handler(ctx -> answer(ctx, () -> entries(ctx)));
    r.get("/v1/lease-log/inclusion").handler(ctx -> answer(ctx, () -> inclusion(ctx)));
    r.get("/v1/lease-log/consistency").handler(ctx -> answer(ctx, () -> consistency(ctx)));
    r.get("/v1/lease-log/export").handler(this::export);
  }

  private static JsonObject checkpoint(SignedCheckpoint cp) {
    return new JsonObject().put("origin", cp.checkpoint().origin()).put("size", cp.checkpoint().size())
        .put("root", cp.checkpoint().rootHex()).put("checkpoint", cp.note());
  }

  private JsonObject entries(RoutingContext ctx) throws Exception {
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
    for (LogEntry e : log.entries(start, end)) {
      out.add(new JsonObject(new String(e.encode(), StandardCharsets.UTF_8)));
    }
    return new JsonObject().put("start", start).put("end", end).put("size", size).put("entries", out);
  }

  private JsonObject inclusion(RoutingContext ctx) throws Exception {
    long index = number(ctx, "index", -1);
    long treeSize = number(ctx, "tree_size", -1);
    long size = log.size();
    if (index < 0 || treeSize <= index || treeSize > size) {
      throw ApiError.invalid("need 0 <= index < tree_size <= " + size + " (query parameters \"index\", \"tree_size\")");
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

  /** The export as JSON lines; with format=json, wrapped in {"size", "checkpoint", "export"} for Vault. */
  private void export(RoutingContext ctx) {
    boolean wrapped = "json".equals(ctx.queryParams().get("format"));
    vertx.executeBlocking(() -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SignedCheckpoint cp = log.export(out);
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
    vertx.executeBlocking(read, false)
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
