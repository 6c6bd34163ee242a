package io.dtvb.engine;

import static io.dtvb.engine.EngineHarness.errorOf;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtvb.vaultsdk.framework.ExistenceResult;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every duration field goes through one checked parser: an overflowing or absurd value is a 400
 * naming the field on every path (rotate-root ttl=9223372036854775807 was a 500), and the
 * existence check of a malformed write answers without an error.
 */
class DurationFieldsTest {
  /** Values no duration field accepts: int64 seconds, beyond int64 nanoseconds, beyond 100 years. */
  static final List<Object> OVERFLOWING = List.of("9223372036854775807", 9223372036854775807L,
      "99999999999999999999", "106751991167301d", "9223372036854775807s", "876000h1s", 1e300);

  /** Every (path, field) of a duration type in the backend, found from its schema. */
  static Stream<Arguments> durationFields() {
    EngineHarness h = new EngineHarness();
    List<Arguments> out = new ArrayList<>();
    for (Path p : h.backend.paths()) {
      for (Field f : p.fields()) {
        if (f.type() == FieldType.DURATION) {
          String concrete = p.pattern().replace(Path.segment("name"), "ci");
          for (Object bad : OVERFLOWING) {
            out.add(Arguments.of(concrete, f.name(), bad));
          }
        }
      }
    }
    assertTrue(out.size() >= 5 * OVERFLOWING.size(), "roles ttl/max_ttl, rotate-root ttl, config tidy_interval/rotate_before");
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @MethodSource("durationFields")
  void anOverflowingDurationIsA400NamingTheField(String path, String field, Object value) throws Exception {
    EngineHarness h = new EngineHarness().configured();
    h.withRole("ci", Map.of("scopes", "metrics.read"));
    Map<String, Object> body = path.startsWith("roles/") ? Map.of("scopes", "metrics.read", field, value)
        : Map.of(field, value);

    String error = errorOf(h.write(path, body));

    assertTrue(error.contains("\"" + field + "\""), error);
  }

  @Test
  void rotateRootWithTheLargestLongIsA400() throws Exception {
    EngineHarness h = new EngineHarness().configured();

    String error = errorOf(h.write("rotate-root", Map.of("ttl", "9223372036854775807")));

    assertTrue(error.contains("\"ttl\"") && error.contains("too long"), error);
    assertTrue(h.broker.liveMinters().isEmpty(), "nothing was minted");
  }

  @Test
  void absurdButParseableValuesAreRefusedPerField() throws Exception {
    EngineHarness h = new EngineHarness().configured();

    assertTrue(errorOf(h.write("rotate-root", Map.of("ttl", "3651d"))).contains("\"ttl\""));
    assertTrue(errorOf(h.write("config", Map.of("tidy_interval", "366d"))).contains("\"tidy_interval\""));
    assertTrue(errorOf(h.write("config", Map.of("rotate_before", "400d"))).contains("\"rotate_before\""));
  }

  @Test
  void theExistenceCheckOfAMalformedWriteAnswersWithoutAnError() {
    EngineHarness h = new EngineHarness();
    for (String path : List.of("roles/ci", "config")) {
      Request malformed = new Request("req-x", Operation.UPDATE, path,
          Map.of("ttl", "9223372036854775807", "tidy_interval", "forever", "no_such_field", Map.of("a", "b")),
          null, h.storage, EngineHarness.CONTEXT);

      ExistenceResult r = assertDoesNotThrow(() -> h.backend.existenceCheck(malformed));

      assertTrue(r.checkFound(), path);
      assertFalse(r.exists(), path);
    }
  }
}
