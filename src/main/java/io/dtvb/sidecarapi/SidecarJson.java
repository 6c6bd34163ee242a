package io.dtvb.sidecarapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;

/**
 * The one JSON mapping of every contract record: snake_case names from the records' annotations,
 * times as RFC 3339 text, unknown fields refused, and a decoding failure reported as an
 * {@link InvalidMessage} that names the offending field (never echoing its value).
 */
public final class SidecarJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new SimpleModule("sidecarapi-times")
          .addSerializer(Instant.class, ToStringSerializer.instance)
          .addDeserializer(Instant.class, new InstantText()))
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .build();

  private SidecarJson() {}

  /** The record as JSON bytes. */
  public static byte[] write(Object message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /** Decodes one record; a malformed body or field is an {@link InvalidMessage} naming the field. */
  public static <T> T read(byte[] json, Class<T> type) {
    if (json == null || json.length == 0) {
      throw new InvalidMessage(null, "request body must be a JSON object");
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (InvalidMessage e) {
      throw e;
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidMessage(e.getPropertyName(), "is not a field of " + type.getSimpleName());
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof InvalidMessage m) {
        throw m;
      }
      String field = fieldPath(e);
      String problem = e instanceof InvalidFormatException || e instanceof MismatchedInputException
          ? "has the wrong type or format" : "is not valid";
      throw new InvalidMessage(field.isEmpty() ? null : field, problem);
    } catch (IOException e) {
      throw new InvalidMessage(null, "request body is not valid JSON");
    }
  }

  /** The mapper, for callers that convert between records and generic maps. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static String fieldPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  /** RFC 3339 text to an Instant, with an error that names the field. */
  private static final class InstantText extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      try {
        return text == null || text.isEmpty() ? null : Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new InvalidMessage(p.currentName(), "must be an RFC 3339 UTC time such as 2030-01-01T00:00:00Z");
      }
    }
  }
}
