package io.dtvb.vaultsdk.framework;

/** One field of a path's schema. A field captured from the URL is marked {@code inPath}. */
public record Field(
    String name, FieldType type, String description, boolean required, Object defaultValue,
    boolean inPath, boolean sensitive) {

  public static Field of(String name, FieldType type, String description) {
    return new Field(name, type, description, false, null, false, false);
  }

  public Field asRequired() {
    return new Field(name, type, description, true, defaultValue, inPath, sensitive);
  }

  public Field defaultValue(Object value) {
    return new Field(name, type, description, required, value, inPath, sensitive);
  }

  public Field pathParameter() {
    return new Field(name, type, description, true, defaultValue, true, sensitive);
  }

  /** Marks a field whose value must never be echoed (credentials, keys). */
  public Field asSensitive() {
    return new Field(name, type, description, required, defaultValue, inPath, true);
  }
}
