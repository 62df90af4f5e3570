package dev.tollgate.sdk.moderations;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /moderations}; it carries no usage.
 *
 * @param id the provider's id
 * @param model the model used
 * @param results one result per input (null if absent)
 * @param additionalProperties fields this type does not name
 */
public record ModerationResponse(
    String id,
    String model,
    List<Result> results,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises lists and the unknown-field map to unmodifiable copies. */
  public ModerationResponse {
    results = Extras.copyOrNull(results);
    additionalProperties = Extras.copy(additionalProperties);
  }

  /**
   * The classification of one input.
   *
   * @param flagged whether any category was flagged
   * @param categories each category and whether it was flagged
   * @param categoryScores each category's score
   * @param additionalProperties fields this type does not name
   */
  public record Result(
      Boolean flagged,
      Map<String, Boolean> categories,
      Map<String, Double> categoryScores,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the maps to unmodifiable copies. */
    public Result {
      categories = Extras.copyOrNull(categories);
      categoryScores = Extras.copyOrNull(categoryScores);
      additionalProperties = Extras.copy(additionalProperties);
    }
  }
}
