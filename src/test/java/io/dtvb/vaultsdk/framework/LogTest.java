package io.dtvb.vaultsdk.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** hclog-style lines, tagged with Vault's request id while a request is handled. */
class LogTest {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    Log.output(System.err);
  }

  private List<Map<String, Object>> lines() throws Exception {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (String l : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        out.add(Storage.JSON.readValue(l, new TypeReference<Map<String, Object>>() {}));
      }
    }
    return out;
  }

  @Test
  void linesWrittenWhileARequestIsHandledCarryItsRequestId() throws Exception {
    Log.output(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    Log log = Log.named("test");
    Backend backend = Backend.builder().help("t", "t").paths(Path.builder("ping")
        .operation(Operation.READ, (req, data) -> {
          log.info("handled");
          return null;
        }, "ping").help("p", "p").build()).build();

    backend.handleRequest(new Request("req-77", Operation.READ, "ping", Map.of(), null, new InmemStorage(),
        new RequestContext("", "", "m/", "m", "", "")));
    log.info("outside");

    List<Map<String, Object>> lines = lines();
    assertEquals("req-77", lines.get(0).get("request_id"));
    assertEquals("info", lines.get(0).get("@level"));
    assertEquals("test", lines.get(0).get("@module"));
    assertTrue(lines.get(0).get("@timestamp").toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}.*"));
    assertFalse(lines.get(1).containsKey("request_id"));
  }

  @Test
  void everyValueReadsBackAsJacksonWouldHaveWrittenIt() throws Exception {
    Log.output(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 é ☃ \u2028";
    Log.named("m").warn(awkward, "text", awkward, "count", 42L, "small", 7, "flag", true, "none", null,
        "list", List.of("a", "b\"c"), "map", Map.of("k", 1), "ratio", 0.25, "kind", Operation.READ,
        "error", new IllegalStateException("boom \"x\""));

    Map<String, Object> line = lines().get(0);
    assertEquals(awkward, line.get("@message"));
    assertEquals(awkward, line.get("text"));
    assertEquals(42, line.get("count"));
    assertEquals(7, line.get("small"));
    assertEquals(true, line.get("flag"));
    assertTrue(line.containsKey("none") && line.get("none") == null);
    assertEquals(List.of("a", "b\"c"), line.get("list"));
    assertEquals(Map.of("k", 1), line.get("map"));
    assertEquals(0.25, line.get("ratio"));
    assertEquals("READ", line.get("kind"));
    assertEquals("boom \"x\"", line.get("error"));
    assertEquals("warn", line.get("@level"));
    assertEquals("m", line.get("@module"));
  }

  @Test
  void theTimestampHasMicrosecondsInUtcAsHclogWritesIt() {
    assertEquals("2026-03-01T09:05:07.000123Z",
        Log.timestamp(java.time.LocalDateTime.of(2026, 3, 1, 9, 5, 7, 123_456)));
    assertEquals("0999-12-31T23:59:59.999999Z",
        Log.timestamp(java.time.LocalDateTime.of(999, 12, 31, 23, 59, 59, 999_999_999)));
  }
}
