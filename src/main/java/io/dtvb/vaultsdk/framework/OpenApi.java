package io.dtvb.vaultsdk.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the OpenAPI 3 document Vault reads from a help response (and merges into
 * {@code sys/internal/specs/openapi}). Types follow Vault's parser strictly: a wrong type there
 * breaks that endpoint for every mount.
 */
final class OpenApi {
  private OpenApi() {}

  /** The document for one path, or for every path when {@code only} is null. */
  static Map<String, Object> document(Backend backend, Path only) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.2");
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("title", backend.title());
    info.put("description", firstLine(backend.helpText()));
    info.put("version", "");
    info.put("license", Map.of("name", "", "url", ""));
    doc.put("info", info);
    Map<String, Object> paths = new LinkedHashMap<>();
    Map<String, Object> schemas = new LinkedHashMap<>();
    for (Path p : backend.paths()) {
      if (only == null || only == p) {
        paths.put(openApiPath(p), pathItem(p, schemas));
      }
    }
    doc.put("paths", paths);
    doc.put("components", Map.of("schemas", schemas));
    return doc;
  }

  /** "roles/(?<name>...)" becomes "/roles/{name}"; a trailing "/?" list marker is dropped. */
  static String openApiPath(Path p) {
    String s = p.pattern().replaceAll("\\(\\?<([A-Za-z_]+)>[^)]*\\)", "{$1}");
    s = s.replace("/?", "/").replace("?", "");
    return "/" + s;
  }

  private static Map<String, Object> pathItem(Path p, Map<String, Object> schemas) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("description", p.synopsis());
    List<Object> params = new ArrayList<>();
    for (Field f : p.fields()) {
      if (f.inPath()) {
        params.add(Map.of("name", f.name(), "description", f.description(), "in", "path",
            "required", true, "schema", Map.of("type", "string")));
      }
    }
    item.put("parameters", params);
    item.put("x-vault-createSupported", p.existenceCheck().isPresent());
    String id = operationId(p);
    p.operations().forEach((op, spec) -> {
      switch (op) {
        case READ -> item.put("get", operation(spec.summary(), id + "-read", null));
        case LIST -> item.put("get", listOperation(spec.summary(), id + "-list"));
        case UPDATE, CREATE -> {
          String schemaName = schemaName(id) + "Request";
          schemas.put(schemaName, requestSchema(p));
          item.put("post", operation(spec.summary(), id + "-write", schemaName));
        }
        case DELETE -> item.put("delete", operation(spec.summary(), id + "-delete", null));
        default -> { }
      }
    });
    return item;
  }

  private static Map<String, Object> operation(String summary, String operationId, String schema) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("summary", summary);
    op.put("operationId", operationId);
    op.put("tags", List.of("secrets"));
    if (schema != null) {
      op.put("requestBody", Map.of("required", true, "content", Map.of("application/json",
          Map.of("schema", Map.of("$ref", "#/components/schemas/" + schema)))));
    }
    op.put("responses", Map.of("200", Map.of("description", "OK")));
    return op;
  }

  private static Map<String, Object> listOperation(String summary, String operationId) {
    Map<String, Object> op = operation(summary, operationId, null);
    op.put("parameters", List.of(Map.of("name", "list", "description", "Must be set to true",
        "in", "query", "required", true, "schema", Map.of("type", "string", "enum", List.of("true")))));
    return op;
  }

  private static Map<String, Object> requestSchema(Path p) {
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field f : p.fields()) {
      if (f.inPath()) {
        continue;
      }
      Map<String, Object> prop = new LinkedHashMap<>();
      prop.put("type", f.type().openApiType());
      if (f.type() == FieldType.COMMA_LIST) {
        prop.put("items", Map.of("type", "string"));
      }
      if (f.type() == FieldType.DURATION) {
        prop.put("format", "duration");
      }
      prop.put("description", f.description());
      if (f.defaultValue() != null) {
        prop.put("default", f.defaultValue());
      }
      props.put(f.name(), prop);
      if (f.required()) {
        required.add(f.name());
      }
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", props);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return schema;
  }

  private static String operationId(Path p) {
    String s = openApiPath(p).replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "-");
    s = s.replaceAll("^-|-$", "");
    return "dynatrace-" + (s.isEmpty() ? "root" : s);
  }

  private static String schemaName(String operationId) {
    StringBuilder sb = new StringBuilder();
    for (String part : operationId.split("-")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return sb.toString();
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
