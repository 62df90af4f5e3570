package dev.tollgate.sdk.models;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.Map;

/**
 * One model the upstream offers.
 *
 * @param id the model id to use in requests
 * @param object {@code model}
 * @param created seconds since the epoch
 * @param ownedBy the owning organisation
 * @param additionalProperties fields this type does not name
 */
public record Model(
    String id,
    String object,
    Long created,
    String ownedBy,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises the unknown-field map to an unmodifiable copy. */
  public Model {
    additionalProperties = Extras.copy(additionalProperties);
  }
}
