package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The error envelope of every sidecar failure, {@code {"error": {"kind", "message",
 * "upstream_status"}}}; the message is scrubbed of credential-shaped values when it is built.
 */
public record SidecarError(@JsonProperty("error") Detail error) {

  /** What went wrong; upstream_status is Dynatrace's HTTP status, 0 when there was none. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Detail(
      @JsonProperty("kind") ErrorKind kind,
      @JsonProperty("message") String message,
      @JsonProperty("upstream_status") int upstreamStatus) {

    public Detail {
      message = Redaction.scrub(message);
    }
  }

  public static SidecarError of(ErrorKind kind, String message, int upstreamStatus) {
    return new SidecarError(new Detail(kind, message, upstreamStatus));
  }
}
