package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.cli.Main;
import io.dtvb.leaselog.EventType;
import io.dtvb.leaselog.LogEntry;
import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.RollbackRequest;
import io.dtvb.sidecarapi.SidecarPaths;
import io.dtvb.sidecarapi.TokenAction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

/** Every mount is its own principal: a connection id belongs to the certificate that created it. */
class ConnectionOwnershipTest {
  @TempDir Path dir;
  private SidecarHarness h;
  private ConnectionSettings s;

  @BeforeEach
  void start() throws Exception {
    h = new SidecarHarness(dir);
    s = h.settings();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  static MintRequest mint(String name) {
    return new MintRequest(name, List.of("metrics.read"), Instant.now().plus(1, ChronoUnit.HOURS), false,
        new LeaseContext("dynatrace/", "ci", "entity-1", "token", "req-1", name, null, Map.of()));
  }

  private String path(String pattern, String tokenId) {
    return SidecarPaths.fill(pattern, "m1", tokenId);
  }

  private String mintWith(WebClient c, String name) throws Exception {
    HttpResponse<Buffer> r = h.call(c, HttpMethod.POST, path(SidecarPaths.TOKENS, null), s, mint(name));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("token_id");
  }

  @Test
  void anotherMountsCertificateCannotTouchTheConnectionAndEachRefusalIsRecorded() throws Exception {
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    String tokenId = mintWith(h.a, "vault-aaaabbbb-ci-1");
    TokenAction act = new TokenAction(null, "test");
    Instant exp = Instant.now().plus(1, ChronoUnit.HOURS);

    List<HttpResponse<Buffer>> refused = List.of(
        h.put(h.b, "m1", s),
        h.call(h.b, HttpMethod.DELETE, path(SidecarPaths.CONNECTION, null), s, null),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.VERIFY, null), s, null),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.VERIFY, null), s, s),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.MINTER, null), s, new MinterRequest("vault-x-minter", exp, null)),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.TOKENS, null), s, mint("vault-bbbb-1")),
        h.call(h.b, HttpMethod.DELETE, path(SidecarPaths.TOKEN, tokenId), s, act),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.SWEEP, tokenId), s, act),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.RETIRE, tokenId), s, act),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.REVOKE_BY_NAME, null), s,
            new RollbackRequest("vault-aaaabbbb-ci-1", null, "rollback")),
        h.call(h.b, HttpMethod.POST, path(SidecarPaths.RENEWED, tokenId), s, act),
        h.call(h.b, HttpMethod.GET, path(SidecarPaths.TOKENS, null) + "?name_prefix=vault-aaaabbbb-", s, null),
        h.call(h.b, HttpMethod.GET, path(SidecarPaths.CONNECTION_LEASE_LOG, null).replace(":what", "entries"), s,
            null),
        h.call(h.b, HttpMethod.GET, path(SidecarPaths.CONNECTION_LEASE_LOG, null).replace(":what", "export"), s,
            null));

    for (HttpResponse<Buffer> r : refused) {
      assertEquals(403, r.statusCode(), r.bodyAsString());
      assertEquals("forbidden", SidecarHarness.kind(r));
      assertTrue(SidecarHarness.message(r).contains("belongs to another client identity"), r.bodyAsString());
    }
    assertTrue(h.simTokenIds().contains(tokenId), "B deleted nothing");
    List<LogEntry> entries = h.log.entries(0, h.log.size());
    long refusals = entries.stream().filter(e -> e.event().type() == EventType.REFUSED).count();
    assertEquals(refused.size(), refusals);
    String bId = h.identityOf("mount-b");
    assertTrue(entries.stream().filter(e -> e.event().type() == EventType.REFUSED)
        .allMatch(e -> "m1".equals(e.event().connection()) && e.event().reason().contains(bId)));
    String metrics = h.a.get("/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertTrue(metrics.contains("dvb_sidecar_forbidden_calls_total " + refused.size() + ".0"), metrics);

    // A keeps working
    assertEquals(200, h.call(h.a, HttpMethod.DELETE, path(SidecarPaths.TOKEN, tokenId), s, act).statusCode());
    assertFalse(h.simTokenIds().contains(tokenId));
    assertEquals(200, h.call(h.a, HttpMethod.POST, path(SidecarPaths.VERIFY, null), s, null).statusCode());
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    // B's own connection id is its own
    assertEquals(200, h.put(h.b, "m2", s).statusCode());
    assertEquals(403, h.put(h.a, "m2", s).statusCode());
  }

  @Test
  void aMountCannotDeleteAnotherConnectionsTokenThroughItsOwnConnection() throws Exception {
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    assertEquals(200, h.put(h.b, "m2", s).statusCode(), "same environment, even the same minter");
    String tokenId = mintWith(h.a, "vault-aaaabbbb-ci-3");
    TokenAction act = new TokenAction(null, "test");
    for (String pattern : List.of(SidecarPaths.TOKEN, SidecarPaths.SWEEP, SidecarPaths.RETIRE)) {
      HttpResponse<Buffer> r = h.call(h.b, pattern.equals(SidecarPaths.TOKEN) ? HttpMethod.DELETE : HttpMethod.POST,
          SidecarPaths.fill(pattern, "m2", tokenId), s, act);
      assertEquals(403, r.statusCode(), pattern + " " + r.bodyAsString());
    }
    assertTrue(h.simTokenIds().contains(tokenId));
  }

  @Test
  void bindingsSurviveARestartAndOnlyTheOperatorActionRebinds() throws Exception {
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    h.stop();
    h.start();
    assertEquals(403, h.put(h.b, "m1", s).statusCode(), "still A's after a restart");
    assertEquals(200, h.put(h.a, "m1", s).statusCode());

    Path file = dir.resolve("state").resolve(Bindings.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(Files.readString(file).contains(s.apiToken()), "no credential on disk");

    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out));
    assertEquals(0, cli.execute("sidecar", "bindings", "--state-dir", dir.resolve("state").toString(), "rebind",
        "m1", "--cert", dir.resolve("pki/mount-b.pem").toString()), out.toString());
    assertTrue(out.toString().contains(h.identityOf("mount-b")), out.toString());

    assertEquals(200, h.put(h.b, "m1", s).statusCode(), "the running sidecar picked the rebind up");
    assertEquals(403, h.put(h.a, "m1", s).statusCode());

    assertEquals(0, cli.execute("sidecar", "bindings", "--state-dir", dir.resolve("state").toString(), "list"));
    assertTrue(out.toString().contains("m1\t" + h.identityOf("mount-b")), out.toString());
    assertEquals(0, cli.execute("sidecar", "bindings", "--state-dir", dir.resolve("state").toString(), "remove",
        "m1"));
    assertEquals(200, h.put(h.a, "m1", s).statusCode(), "after remove, the next push binds again");
  }

  @Test
  void theWholeLeaseLogIsForOperatorsOnly() throws Exception {
    assertEquals(200, h.put(h.a, "m1", s).statusCode());
    mintWith(h.a, "vault-aaaabbbb-ci-2");
    HttpResponse<Buffer> mine = h.a.get("/v1/lease-log/entries").send().await(10, TimeUnit.SECONDS);
    assertEquals(403, mine.statusCode());
    assertEquals("forbidden", SidecarHarness.kind(mine));
    HttpResponse<Buffer> op = h.operator.get("/v1/lease-log/entries").send().await(10, TimeUnit.SECONDS);
    assertEquals(200, op.statusCode(), op.bodyAsString());
    assertEquals(1, op.bodyAsJsonObject().getJsonArray("entries").size());
  }
}
