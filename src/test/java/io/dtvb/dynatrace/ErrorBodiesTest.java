package io.dtvb.dynatrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The useful part of SSO and API error bodies: every shape Dynatrace has answered, scrubbed and bounded. */
class ErrorBodiesTest {
  private static final String SECRET = "dt0s02.ABCDEFGH.PLAINSECRETPLAINSECRET";

  private static String sso(String body) {
    return ErrorBodies.ssoDetail(body == null ? null : Buffer.buffer(body), List.of(SECRET));
  }

  @Test
  void rfc6749ErrorWithAndWithoutDescription() {
    assertEquals("invalid_client: Bad credentials", sso("{\"error\":\"invalid_client\",\"error_description\":\"Bad credentials\"}"));
    assertEquals("invalid_request", sso("{\"error\":\"invalid_request\",\"error_description\":\"\"}"));
    assertEquals("invalid_request", sso("{\"error\":\"invalid_request\",\"error_description\":\"  \"}"));
    assertEquals("invalid_scope", sso("{\"error\":\"invalid_scope\"}"));
  }

  @Test
  void theSsoEnvelopeShowsMessageAndIssueId() {
    assertEquals("Bad Request (issueId 1234-5678-abcd)",
        sso("{\"errorCode\":400,\"message\":\"Bad Request\",\"issueId\":\"1234-5678-abcd\"}"));
    assertEquals("Bad Request", sso("{\"errorCode\":400,\"message\":\"Bad Request\"}"));
    assertEquals("issueId 42", sso("{\"errorCode\":400,\"issueId\":42}"));
  }

  @Test
  void textIsCleanedScrubbedAndCutAt200Characters() {
    String body = "\u0000Access denied\r\n\tfor " + SECRET + " and Bearer eyJhbGciOi.eyJzdWIiOi.sig " + "y".repeat(400);

    String detail = sso(body);

    assertTrue(detail.startsWith("Access denied for <redacted> and Bearer <redacted> yyy"), detail);
    assertEquals(ErrorBodies.MAX_TEXT, detail.length());
    assertFalse(detail.chars().anyMatch(Character::isISOControl));
    assertFalse(detail.contains("PLAINSECRET"));
  }

  @Test
  void jsonOfAnotherShapeIsShownAsText() {
    assertEquals("{\"status\":\"nope\"}", sso("{\"status\":\"nope\"}"));
    assertEquals("[1,2]", sso("[1,2]"));
  }

  @Test
  void anEmptyBodyIsNoDetail() {
    assertEquals("", sso(""));
    assertEquals("", sso(null));
    assertEquals("", sso("   "));
    assertEquals("", ErrorBodies.apiDetail(Buffer.buffer()));
  }

  @Test
  void apiBodies() {
    assertEquals("Invalid scopes", ErrorBodies.apiDetail(Buffer.buffer("{\"error\":true,\"message\":\"Invalid scopes\",\"payload\":null}")));
    assertEquals("Bad token [scopes: must not be empty; name: too long]", ErrorBodies.apiDetail(Buffer.buffer(
        "{\"error\":{\"code\":400,\"message\":\"Bad token\",\"constraintViolations\":[{\"path\":\"scopes\",\"message\":"
            + "\"must not be empty\"},{\"path\":\"name\",\"message\":\"too long\"}]}}")));
    assertEquals("Service unavailable", ErrorBodies.apiDetail(Buffer.buffer("Service unavailable\n")));
    assertEquals("", ErrorBodies.apiDetail(Buffer.buffer("{\"error\":false}")));
    assertEquals("token dt0c01.ABC.<redacted> unknown",
        ErrorBodies.apiDetail(Buffer.buffer("{\"error\":{\"message\":\"token dt0c01.ABC.SECRETSECRETSECRET unknown\"}}")));
  }
}
