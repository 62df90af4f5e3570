package dev.tollgate.sdk.moderations;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to {@code POST /moderations}.
 *
 * @param model the model, e.g. {@code omni-moderation-latest}; null for the provider default
 * @param input a {@link String}, a list of strings, or a list of multimodal parts
 * @param additionalProperties other request parameters, sent as given
 */
public record ModerationRequest(
    String model,
    Object input,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Checks the input and copies the unknown-field map. */
  public ModerationRequest {
    Objects.requireNonNull(input, "input");
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** A request classifying one text with the given model. */
  public static ModerationRequest of(String model, String input) {
    return new ModerationRequest(model, input, null);
  }

  /** A request classifying several texts with the given model. */
  public static ModerationRequest of(String model, List<String> inputs) {
    return new ModerationRequest(model, List.copyOf(inputs), null);
  }
}
