package io.dtvb.vaultsdk.framework;

/** Field types, with the OpenAPI type each one is documented as. */
public enum FieldType {
  STRING("string"),
  INT("integer"),
  BOOL("boolean"),
  /** Seconds as a number, or a duration string such as "90s", "1h30m", "2d". */
  DURATION("string"),
  /** A list given as a JSON array or a comma-separated string. */
  COMMA_LIST("array"),
  MAP("object");

  private final String openApiType;

  FieldType(String openApiType) {
    this.openApiType = openApiType;
  }

  public String openApiType() {
    return openApiType;
  }
}
