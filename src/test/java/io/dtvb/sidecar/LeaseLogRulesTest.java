package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.cli.Main;
import io.dtvb.leaselog.EventType;
import io.dtvb.leaselog.LogEntry;
import io.dtvb.leaselog.LogVerifier;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.SidecarPaths;
import io.dtvb.sidecarapi.TokenAction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lease log tells the truth: what it records, what it refuses, and what happens when it cannot record. */
class LeaseLogRulesTest {
  @TempDir Path dir;
  private SidecarHarness h;
  private ConnectionSettings s;

  @BeforeEach
  void start() throws Exception {
    h = new SidecarHarness(dir);
    s = h.settings();
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    assertEquals(200, h.put(h.b, "m2", s).statusCode());
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private static MintRequest mint(String name, String displayName) {
    return new MintRequest(name, List.of("metrics.read"), Instant.now().plus(1, ChronoUnit.HOURS), false,
        new LeaseContext("dynatrace/", "ci", "entity-1", displayName, "req-1", name, null, Map.of("team", "a")));
  }

  private HttpResponse<Buffer> mintOn(WebClient c, String id, String name) throws Exception {
    return h.call(c, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, id, null), s, mint(name, "token"));
  }

  private String minted(WebClient c, String id, String name) throws Exception {
    HttpResponse<Buffer> r = mintOn(c, id, name);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("token_id");
  }

  private HttpResponse<Buffer> renewed(String tokenId) throws Exception {
    return h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.RENEWED, "m1", tokenId), s,
        new TokenAction(null, "lease renewed"));
  }

  private List<LogEntry> entries() throws Exception {
    return h.log.entries(0, h.log.size());
  }

  @Test
  void renewalIsRecordedOnlyForALiveTokenThisConnectionMinted() throws Exception {
    String mine = minted(h.a, "m1", "vault-aaaa-1");
    String theirs = minted(h.b, "m2", "vault-bbbb-1");

    assertEquals(200, renewed(mine).statusCode());
    long size = h.log.size();
    assertEquals(EventType.RENEWED, entries().get((int) size - 1).event().type());

    HttpResponse<Buffer> unknown = renewed("dt0c01.NOSUCHTOKEN");
    HttpResponse<Buffer> other = renewed(theirs);
    assertEquals(404, unknown.statusCode());
    assertEquals(404, other.statusCode());
    assertEquals(size, h.log.size(), "nothing appended");

    assertEquals(200, h.call(h.a, HttpMethod.DELETE, SidecarPaths.fill(SidecarPaths.TOKEN, "m1", mine), s,
        new TokenAction(null, "lease revoked")).statusCode());
    long afterRevoke = h.log.size();
    HttpResponse<Buffer> revoked = renewed(mine);
    assertEquals(400, revoked.statusCode());
    assertTrue(SidecarHarness.message(revoked).contains("revoked"));
    assertEquals(afterRevoke, h.log.size(), "nothing appended");
  }

  @Test
  void theRenewalCheckSeesTheLogAfterARestart() throws Exception {
    String mine = minted(h.a, "m1", "vault-aaaa-2");
    h.stop();
    h.start();
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    assertEquals(200, renewed(mine).statusCode());
  }

  @Test
  void aSecretShapedLeaseValueIsRedactedAndTheEntryStillWritten() throws Exception {
    String secretShaped = "dt0c01." + "ABCDEFGHIJKLMNOPQRSTUVWX" + "." + "s".repeat(32) + "0123456789".repeat(3);
    HttpResponse<Buffer> r = h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, "m1", null), s,
        mint("vault-aaaa-3", secretShaped));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    LogEntry last = entries().get(entries().size() - 1);
    assertEquals(EventType.MINTED, last.event().type());
    assertTrue(last.event().displayName().contains("<redacted>"), last.toString());
    assertFalse(last.toString().contains(secretShaped.substring(32)));
    assertEquals("127.0.0.1", last.event().environment(), "the sidecar's own view of the environment");
    assertEquals(s.credentialFingerprint(), last.event().credentialFingerprint());
    String metrics = h.a.get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertTrue(metrics.contains("dvb_sidecar_lease_log_redactions_total 1.0"), metrics);
  }

  @Test
  void aMintTheLogCannotRecordFailsRetryablyAndLeavesNoToken() throws Exception {
    h.store.failAppends = true;
    HttpResponse<Buffer> r = mintOn(h.a, "m1", "vault-aaaa-unlogged");
    assertEquals(503, r.statusCode());
    assertEquals("retryable", SidecarHarness.kind(r));
    assertTrue(SidecarHarness.message(r).contains("lease log"), r.bodyAsString());
    boolean left = h.sim.state().getJsonArray("tokens").stream().map(JsonObject.class::cast)
        .anyMatch(t -> "vault-aaaa-unlogged".equals(t.getString("name")) && !t.getBoolean("deleted"));
    assertFalse(left, "the unrecorded token was deleted in Dynatrace");
  }

  @Test
  void aRevokeTheLogCannotRecordStandsIsVisibleAndItsEntryLandsLater() throws Exception {
    String tokenId = minted(h.a, "m1", "vault-aaaa-4");
    h.store.failAppends = true;
    HttpResponse<Buffer> r = h.call(h.a, HttpMethod.DELETE, SidecarPaths.fill(SidecarPaths.TOKEN, "m1", tokenId), s,
        new TokenAction(null, "lease revoked"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("deleted", r.bodyAsJsonObject().getString("result"));
    assertFalse(h.simTokenIds().contains(tokenId));

    WebClient ops = WebClient.create(h.vertx);
    JsonObject ready = ops.getAbs(h.app.opsUrl() + "/health/ready").send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
    assertEquals("not_ready", ready.getString("status"));
    assertEquals("failing", ready.getJsonObject("lease_log").getString("status"));
    assertEquals(1, ready.getJsonObject("lease_log").getInteger("pending_entries"));

    h.store.failAppends = false;
    long deadline = System.currentTimeMillis() + 10_000;
    while (h.app.pendingLeaseLogEntries() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(0, h.app.pendingLeaseLogEntries());
    assertTrue(entries().stream().anyMatch(e -> e.event().type() == EventType.REVOKED
        && tokenId.equals(e.event().tokenId())));
    assertEquals("ok", ops.getAbs(h.app.opsUrl() + "/health/ready").send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonObject("lease_log").getString("status"));
  }

  @Test
  void aConnectionReadsOnlyItsOwnEntriesAndItsViewVerifies() throws Exception {
    String mine = minted(h.a, "m1", "vault-aaaa-5");
    String theirs = minted(h.b, "m2", "vault-bbbb-5");
    minted(h.a, "m1", "vault-aaaa-6");
    String base = SidecarPaths.fill(SidecarPaths.CONNECTION_LEASE_LOG, "m1", null);

    JsonObject own = h.call(h.a, HttpMethod.GET, base.replace(":what", "entries"), s, null).bodyAsJsonObject();
    assertEquals(2, own.getJsonArray("entries").size(), own.encode());
    assertFalse(own.encode().contains(theirs));

    HttpResponse<Buffer> incl = h.call(h.a, HttpMethod.GET, base.replace(":what", "inclusion")
        + "?index=1&tree_size=3", s, null);
    assertEquals(403, incl.statusCode(), "entry 1 is m2's");

    byte[] view = h.call(h.a, HttpMethod.GET, base.replace(":what", "export"), s, null).body().getBytes();
    String text = new String(view, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(text.contains(mine));
    assertFalse(text.contains(theirs));
    assertFalse(text.contains("vault-bbbb-5"));
    assertInstanceOf(LogVerifier.Ok.class, new LogVerifier(h.log.verifierKey()).verify(new ByteArrayInputStream(view)));

    Path file = dir.resolve("view.jsonl");
    Files.write(file, view);
    StringWriter out = new StringWriter();
    int rc = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute("lease-log", "verify", "--export", file.toString(), "--public-key", h.log.verifierKey().encoded());
    assertEquals(0, rc, out.toString());
    assertTrue(out.toString().contains("OK lease log verified: size=3"), out.toString());
    StringWriter shown = new StringWriter();
    assertEquals(0, new CommandLine(new Main()).setOut(new PrintWriter(shown)).setErr(new PrintWriter(shown))
        .execute("lease-log", "show", "--export", file.toString(), "--json"));
    assertEquals(2, shown.toString().lines().filter(l -> l.contains("\"connection\":\"m1\"")).count(), shown.toString());
    assertFalse(shown.toString().contains("m2"));

    Files.writeString(file, text.replace("vault-aaaa-6", "vault-aaaa-7"));
    assertEquals(1, new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute("lease-log", "verify", "--export", file.toString(), "--public-key", h.log.verifierKey().encoded()));
  }
}
