package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A token as Dynatrace lists it: id, name, creation and expiry (null: never expires); never its value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListedToken(
    @JsonProperty("token_id") String tokenId,
    @JsonProperty("name") String name,
    @JsonProperty("creation_date") Instant creationDate,
    @JsonProperty("expiration_date") Instant expirationDate) {}
