package io.dtvb.sidecarapi;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to a rollback by name: how many tokens with that name were deleted (0 or 1). */
public record RollbackResult(@JsonProperty("deleted") int deleted) {}
