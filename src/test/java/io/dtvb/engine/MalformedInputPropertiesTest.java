package io.dtvb.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dtvb.testing.Seeded;
import io.dtvb.vaultsdk.framework.CodedError;
import io.dtvb.vaultsdk.framework.Field;
import io.dtvb.vaultsdk.framework.FieldType;
import io.dtvb.vaultsdk.framework.Operation;
import io.dtvb.vaultsdk.framework.Path;
import io.dtvb.vaultsdk.framework.Response;
import io.dtvb.vaultsdk.framework.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input on every path: for each endpoint, each operation that takes data and each of
 * its fields, a value of the wrong shape is answered with a 4xx whose message names the field,
 * never a 5xx or a stack trace; unknown fields are refused by name.
 */
class MalformedInputPropertiesTest {
  /** A concrete request path for each path pattern of the backend. */
  private static final List<String> CONCRETE = List.of(
      "config", "roles/ci", "roles/", "creds/ci", "tokens/dt0c01.ABC", "tokens/", "tidy", "rotate-root", "metrics",
      "lease-log/entries", "lease-log/proof/inclusion", "lease-log/proof/consistency");

  /** One malformed request: where, how, and which field carries the bad value. */
  record Case(String path, Operation op, String field, Object value) {
    @Override
    public String toString() {
      return op + " " + path + " " + field + "=" + value;
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void everyMalformedFieldIsA4xxNamingTheField(Case c) throws Exception {
    EngineHarness h = new EngineHarness();
    h.configured().withRole("ci", Map.of("scopes", "metrics.read,logs.ingest", "allowed_request_scopes", "*"));

    Response r;
    try {
      r = h.handle(c.op(), c.path(), Map.of(c.field(), c.value()));
    } catch (UserError e) {
      assertTrue(e.getMessage().contains(c.field()), () -> c + " -> " + e.getMessage());
      return;
    } catch (CodedError e) {
      assertTrue(e.status() >= 400 && e.status() < 500, () -> c + " -> " + e.status() + " " + e.getMessage());
      assertTrue(e.getMessage().contains(c.field()), () -> c + " -> " + e.getMessage());
      return;
    } catch (Exception e) {
      fail(c + " -> unexpected " + e);
      return;
    }
    assertTrue(r != null && r.isError(), () -> c + " was accepted: " + (r == null ? null : r.data()));
    String message = String.valueOf(r.data().get("error"));
    assertTrue(message.contains(c.field()), () -> c + " -> " + message);
  }

  /** Every case, each once: there are fewer than the 600 tries the property had. */
  static Stream<Arguments> cases() {
    EngineHarness h = new EngineHarness();
    List<Case> all = new ArrayList<>();
    for (String concrete : CONCRETE) {
      Path path = h.backend.paths().stream().filter(p -> p.match(concrete).isPresent()).findFirst()
          .orElseThrow(() -> new AssertionError("no path matches " + concrete));
      for (Operation op : path.operations().keySet()) {
        if (op == Operation.DELETE) {
          continue;
        }
        all.add(new Case(concrete, op, "no_such_field", "x"));
        if (!takesData(concrete, op)) {
          continue;
        }
        for (Field f : path.fields()) {
          if (f.inPath()) {
            continue;
          }
          for (Object bad : malformed(f)) {
            all.add(new Case(concrete, op, f.name(), bad));
          }
        }
      }
    }
    return Seeded.each(all);
  }

  /** Writes take data; of the reads, only creds (narrowing) and the token list (filters) use fields. */
  private static boolean takesData(String path, Operation op) {
    return op == Operation.CREATE || op == Operation.UPDATE
        || (op == Operation.READ && (path.startsWith("creds/") || path.startsWith("lease-log/") || path.equals("metrics")))
        || (op == Operation.LIST && path.equals("tokens/"));
  }

  /** Values that are not of the field's type (or, for strings and lists, not valid for any use). */
  private static List<Object> malformed(Field f) {
    return switch (f.type()) {
      case BOOL -> List.of("maybe", 2, Map.of("a", "b"));
      case INT -> List.of("many", 1.5, Map.of("a", "b"));
      case DURATION -> List.of("forever", "-5s", "10 parsecs", Map.of("a", "b"));
      case MAP -> List.of(17, "no-equals-sign", Map.of("bad key", "v"));
      case COMMA_LIST -> List.of(Map.of("a", "b"), "has space,metrics.read", "!");
      case STRING -> List.of(Map.of("a", "b"), List.of("x", "y"));
    };
  }
}
