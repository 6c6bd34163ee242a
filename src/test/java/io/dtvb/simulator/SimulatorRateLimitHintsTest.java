package io.dtvb.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The four rate-limit hint shapes and the 429 body on environment, account and SSO paths. */
class SimulatorRateLimitHintsTest extends SimulatorTestBase {
  private static final Instant NOW = Instant.parse("2026-09-01T10:00:00Z");

  @Override
  SimulatorOptions options() {
    return SimulatorOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private SimHttp.Reply limited(RateLimitHint hint, int retryAfter) {
    sim.faults().set(FaultSpec.rateLimit(1, hint, retryAfter));
    SimHttp.Reply r = http.get(CLASSIC + "/apiTokens", admin);
    assertEquals(429, r.status());
    return r;
  }

  @Test
  void retryAfterIsTheDefaultWithAllFourHeaders() {
    SimHttp.Reply r = limited(RateLimitHint.RETRY_AFTER, 7);

    assertEquals("7", r.headers().get("Retry-After"));
    assertEquals("50", r.headers().get("X-RateLimit-Limit"));
    assertEquals("0", r.headers().get("X-RateLimit-Remaining"));
    assertEquals(Long.toString(NOW.plusSeconds(7).toEpochMilli() * 1000L), r.headers().get("X-RateLimit-Reset"));
    assertEquals(RateLimitHint.RETRY_AFTER, FaultSpec.rateLimit(1).hint());
  }

  @Test
  void resetMicrosSendsOnlyTheResetInMicrosecondsAndTheLimit() {
    SimHttp.Reply r = limited(RateLimitHint.RESET_MICROS, 7);

    assertNull(r.headers().get("Retry-After"));
    assertNull(r.headers().get("X-RateLimit-Remaining"));
    assertEquals("50", r.headers().get("X-RateLimit-Limit"));
    assertEquals("1788256807000000", r.headers().get("X-RateLimit-Reset"));
  }

  @Test
  void resetSecondsSendsOnlyTheResetInSecondsAndAPerSecondLimit() {
    SimHttp.Reply r = limited(RateLimitHint.RESET_SECONDS, 7);

    assertNull(r.headers().get("Retry-After"));
    assertNull(r.headers().get("X-RateLimit-Remaining"));
    assertEquals(Integer.toString(FaultHandler.NOMINAL_LIMIT_PER_SECOND), r.headers().get("X-RateLimit-Limit"));
    assertEquals("1788256807", r.headers().get("X-RateLimit-Reset"));
  }

  @Test
  void noneSendsNoHintHeaderAtAll() {
    SimHttp.Reply r = limited(RateLimitHint.NONE, 7);

    assertNull(r.headers().get("Retry-After"));
    assertNull(r.headers().get("X-RateLimit-Limit"));
    assertNull(r.headers().get("X-RateLimit-Remaining"));
    assertNull(r.headers().get("X-RateLimit-Reset"));
  }

  @Test
  void theResetFollowsTheSimulatedClock() {
    sim.clock().advance(Duration.ofSeconds(100));

    SimHttp.Reply r = limited(RateLimitHint.RESET_SECONDS, 3);

    assertEquals(Long.toString(NOW.getEpochSecond() + 103), r.headers().get("X-RateLimit-Reset"));
  }

  @Test
  void environmentPathsAnswerTheClassicEnvelope() {
    SimHttp.Reply r = limited(RateLimitHint.RETRY_AFTER, 1);

    assertEquals(429, r.json().getJsonObject("error").getInteger("code"));
    assertEquals("Too many requests.", r.errorMessage());
  }

  @Test
  void accountPathsAnswerTheAccountEnvelope() {
    String bearer = accountBearer();
    sim.faults().set(FaultSpec.rateLimit(1, RateLimitHint.RESET_MICROS, 2).onPath("/iam/"));

    SimHttp.Reply r = http.get(tokensPath(), bearer);

    assertEquals(429, r.status());
    assertEquals(new JsonObject().put("error", true).put("message", "Too many requests.").putNull("payload"),
        r.json());
    assertEquals(Long.toString(NOW.plusSeconds(2).toEpochMilli() * 1000L), r.headers().get("X-RateLimit-Reset"));
    assertEquals(200, http.get(tokensPath(), bearer).status());
  }

  @Test
  void ssoAnswersAnOAuthShapedBody() {
    sim.faults().set(FaultSpec.rateLimit(1).onPath("/sso/"));

    SimHttp.Reply r = http.form("/sso/oauth2/token", grantForm("environment-api:api-tokens:read"));

    assertEquals(429, r.status());
    assertEquals(new JsonObject().put("error", "too_many_requests").put("error_description", "Too many requests."),
        r.json());
    assertEquals("1", r.headers().get("Retry-After"));
  }

  @Test
  void hintIsScriptableOverHttp() {
    SimHttp.Reply set = http.post("/_sim/faults", new JsonObject().put("mode", "rate_limit").put("count", 1)
        .put("hint", "reset_seconds").put("retry_after_s", 4), null);

    assertEquals(200, set.status());
    assertEquals("reset_seconds", set.json().getString("hint"));
    assertEquals("reset_seconds", http.get("/_sim/faults", null).json().getString("hint"));
    SimHttp.Reply r = http.get(CLASSIC + "/apiTokens", admin);
    assertEquals(Long.toString(NOW.getEpochSecond() + 4), r.headers().get("X-RateLimit-Reset"));
    assertNull(r.headers().get("Retry-After"));
    assertEquals(400, http.post("/_sim/faults", new JsonObject().put("mode", "rate_limit").put("hint", "sometimes"),
        null).status());
  }

  @Test
  void theOlderJsonAndConstructorFormsStillMeanRetryAfter() {
    http.post("/_sim/faults", new JsonObject().put("mode", "rate_limit").put("count", 1), null);
    SimHttp.Reply json = http.get(CLASSIC + "/apiTokens", admin);
    FaultSpec six = new FaultSpec(FaultSpec.Mode.RATE_LIMIT, 1, 429, 0, null, 2);

    assertEquals("1", json.headers().get("Retry-After"));
    assertEquals(RateLimitHint.RETRY_AFTER, six.hint());
    assertEquals("retry_after", six.toJson().getString("hint"));
    assertEquals(six, FaultSpec.fromJson(six.toJson()));
  }
}
