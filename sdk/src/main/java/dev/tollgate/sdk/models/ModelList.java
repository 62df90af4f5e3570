package dev.tollgate.sdk.models;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /models}.
 *
 * @param object {@code list}
 * @param data the models (null if absent)
 * @param additionalProperties fields this type does not name
 */
public record ModelList(
    String object,
    List<Model> data,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises lists and the unknown-field map to unmodifiable copies. */
  public ModelList {
    data = Extras.copyOrNull(data);
    additionalProperties = Extras.copy(additionalProperties);
  }
}
