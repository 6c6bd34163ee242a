package io.dtvb.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.sidecarapi.ConnectionSettings;
import io.dtvb.sidecarapi.LeaseContext;
import io.dtvb.sidecarapi.MintRequest;
import io.dtvb.sidecarapi.MinterRequest;
import io.dtvb.sidecarapi.SidecarPaths;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's policy bounds hosts, scopes, lifetimes and the mint rate whatever a caller asks. */
class SidecarPolicyTest {
  @TempDir Path dir;

  private static MintRequest mint(String name, List<String> scopes, Duration life) {
    return new MintRequest(name, scopes, Instant.now().plus(life), false,
        new LeaseContext("dynatrace/", "ci", null, null, null, name, null, Map.of()));
  }

  private static String tokens() {
    return SidecarPaths.fill(SidecarPaths.TOKENS, "m1", null);
  }

  private static void assertPolicy(HttpResponse<Buffer> r, String rule) {
    assertEquals(403, r.statusCode(), r.bodyAsString());
    assertEquals("policy", SidecarHarness.kind(r));
    assertTrue(SidecarHarness.message(r).contains("\"" + rule + "\""), r.bodyAsString());
  }

  @Test
  void refusesManagementScopesLongLifetimesAndUnapprovedHostsNamingTheRule() throws Exception {
    try (SidecarHarness h = new SidecarHarness(dir)) {
      ConnectionSettings s = h.settings();
      assertEquals(200, h.put(h.a, "m1", s).statusCode());

      assertPolicy(h.call(h.a, HttpMethod.POST, tokens(), s,
          mint("vault-p-1", List.of("metrics.read", "apiTokens.write"), Duration.ofHours(1))), "management_scopes");
      assertPolicy(h.call(h.a, HttpMethod.POST, tokens(), s,
          mint("vault-p-2", List.of("activeGateTokenManagement.create"), Duration.ofHours(1))), "management_scopes");
      assertPolicy(h.call(h.a, HttpMethod.POST, tokens(), s,
          mint("vault-p-3", List.of("metrics.read"), Duration.ofDays(40))), "max_token_lifetime");
      assertPolicy(h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.MINTER, "m1", null), s,
          new MinterRequest("vault-p-minter", Instant.now().plus(500, ChronoUnit.DAYS), null)), "max_minter_lifetime");

      ConnectionSettings elsewhere = new ConnectionSettings("https://collector.attacker.example",
          ConnectionSettings.AuthMode.API_TOKEN, s.apiToken(), null, null, null, null, null, null);
      assertPolicy(h.put(h.a, "m1", elsewhere), "allowed_hosts");
      assertPolicy(h.call(h.a, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.VERIFY, "m1", null), s, elsewhere),
          "allowed_hosts");
      ConnectionSettings oauth = new ConnectionSettings("https://abc12345.apps.dynatrace.com",
          ConnectionSettings.AuthMode.OAUTH, null, "client", "secret-value", "urn:dtaccount:x", null,
          "https://sso.attacker.example/token", null);
      assertPolicy(h.put(h.a, "m1", oauth), "allowed_hosts");
      ConnectionSettings ssoOnApiToken = new ConnectionSettings(s.environmentUrl(), ConnectionSettings.AuthMode.API_TOKEN,
          s.apiToken(), null, null, null, null, "https://sso.attacker.example/token", null);
      assertPolicy(h.put(h.a, "m1", ssoOnApiToken), "allowed_hosts");
      ConnectionSettings plain = new ConnectionSettings("http://abc12345.live.dynatrace.com",
          ConnectionSettings.AuthMode.API_TOKEN, s.apiToken(), null, null, null, null, null, null);
      assertPolicy(h.put(h.a, "m1", plain), "https_only");

      // the live connection still points where it did, and mints within the policy
      HttpResponse<Buffer> ok = h.call(h.a, HttpMethod.POST, tokens(), s,
          mint("vault-p-4", List.of("metrics.read"), Duration.ofHours(1)));
      assertEquals(201, ok.statusCode(), ok.bodyAsString());
    }
  }

  @Test
  void loopbackDynatraceNeedsTheFlag() throws Exception {
    try (SidecarHarness h = new SidecarHarness(dir, SidecarPolicy.defaults())) {
      HttpResponse<Buffer> r = h.put(h.a, "m1", h.settings());
      assertPolicy(r, "allowed_hosts");
      assertTrue(SidecarHarness.message(r).contains("--allow-loopback-dynatrace"));
    }
  }

  @Test
  void theMintRateIsATokenBucketPerConnection() throws Exception {
    SidecarPolicy slow = new SidecarPolicy(List.of(), true, List.of(), Duration.ofDays(31), Duration.ofDays(400),
        List.of(), 0.01, 3);
    try (SidecarHarness h = new SidecarHarness(dir, slow)) {
      ConnectionSettings s = h.settings();
      h.put(h.a, "m1", s);
      h.put(h.b, "m2", s);
      for (int i = 0; i < 3; i++) {
        assertEquals(201, h.call(h.a, HttpMethod.POST, tokens(), s,
            mint("vault-r-" + i, List.of("metrics.read"), Duration.ofHours(1))).statusCode());
      }
      HttpResponse<Buffer> limited = h.call(h.a, HttpMethod.POST, tokens(), s,
          mint("vault-r-x", List.of("metrics.read"), Duration.ofHours(1)));
      assertEquals(429, limited.statusCode());
      assertEquals("rate_limited", SidecarHarness.kind(limited));
      assertTrue(SidecarHarness.message(limited).contains("\"mint_rate\""));
      assertEquals(201, h.call(h.b, HttpMethod.POST, SidecarPaths.fill(SidecarPaths.TOKENS, "m2", null), s,
          mint("vault-r-b", List.of("metrics.read"), Duration.ofHours(1))).statusCode(), "m2 has its own bucket");
    }
  }

  @Test
  void theDefaultRateAllowsAHundredSequentialMints() {
    MintRate rate = new MintRate(SidecarPolicy.defaults().mintRatePerSecond(), SidecarPolicy.defaults().mintBurst(),
        () -> 0L); // a clock that stands still: no refill while the test takes, however slow the machine
    for (int i = 0; i < 200; i++) {
      rate.take("m1");
    }
    assertThrows(ApiError.class, () -> rate.take("m1"));
  }

  @Test
  void aPolicyFileIsReadWithDefaultsForWhatItLeavesOut() throws Exception {
    Path file = dir.resolve("policy.json");
    Files.writeString(file, "{\"allowed_hosts\": [\"dynatrace.bank.example\", \"*.managed.bank.example\"],"
        + " \"max_token_lifetime\": \"7d\", \"mintable_management_scopes\": [\"apiTokens.read\"]}");
    SidecarPolicy p = SidecarPolicy.load(file);
    assertEquals(Duration.ofDays(7), p.maxTokenLifetime());
    assertEquals(Duration.ofDays(400), p.maxMinterLifetime());
    p.checkUrl("environment_url", "https://dynatrace.bank.example/e/ENV");
    p.checkUrl("environment_url", "https://ag1.managed.bank.example:9999/e/ENV");
    p.checkUrl("environment_url", "https://abc12345.live.dynatrace.com");
    p.checkScopes(List.of("apiTokens.read"));
    assertThrows(ApiError.class, () -> p.checkUrl("environment_url", "https://managed.bank.example.evil.example"));
    assertThrows(ApiError.class, () -> p.checkUrl("environment_url", "https://127.0.0.1:8080"));
    Files.writeString(file, "{\"max_token_ttl\": \"7d\"}");
    IOException e = assertThrows(IOException.class, () -> SidecarPolicy.load(file));
    assertTrue(e.getMessage().contains("max_token_ttl"));
  }
}
