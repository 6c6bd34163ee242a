package io.dtvb.sidecarapi;

/**
 * A contract message that is malformed: names the field (null for the body as a whole) and the
 * problem, in the project's one wording, "invalid value for field "x": problem". Never carries
 * the offending value, which may be a credential.
 */
public final class InvalidMessage extends IllegalArgumentException {
  private final String field;

  public InvalidMessage(String field, String problem) {
    super(field == null ? problem : fieldMessage(field, problem));
    this.field = field;
  }

  /** The offending field, or null when the whole body is wrong. */
  public String field() {
    return field;
  }

  /** The wording every layer uses for a bad field: {@code invalid value for field "x": problem}. */
  public static String fieldMessage(String field, String problem) {
    return "invalid value for field \"" + field + "\": " + problem;
  }
}
