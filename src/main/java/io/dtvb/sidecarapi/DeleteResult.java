package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a delete ended in Dynatrace: deleted now, or Dynatrace no longer knew the token (both success). */
public record DeleteResult(@JsonProperty("result") Outcome result) {

  public static final DeleteResult DELETED = new DeleteResult(Outcome.DELETED);
  public static final DeleteResult ALREADY_GONE = new DeleteResult(Outcome.ALREADY_GONE);

  /** The two successful ends of a delete. */
  public enum Outcome {
    DELETED("deleted"),
    ALREADY_GONE("already_gone");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }

    @JsonValue
    public String wire() {
      return wire;
    }

    @JsonCreator
    static Outcome parse(String value) {
      for (Outcome o : values()) {
        if (o.wire.equals(value)) {
          return o;
        }
      }
      throw new InvalidMessage("result", "must be deleted or already_gone");
    }
  }

  public boolean alreadyGone() {
    return result == Outcome.ALREADY_GONE;
  }
}
