package dev.tollgate.sdk.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.Map;

/**
 * Token usage of a response ({@code ResponseUsage} in OpenAI's OpenAPI description).
 *
 * @param inputTokens tokens in the input
 * @param inputTokensDetails the breakdown of the input tokens, or null
 * @param outputTokens tokens generated, reasoning included
 * @param outputTokensDetails the breakdown of the output tokens, or null
 * @param totalTokens the sum
 * @param additionalProperties fields this type does not name
 */
public record ResponseUsage(
    Long inputTokens,
    InputTokensDetails inputTokensDetails,
    Long outputTokens,
    OutputTokensDetails outputTokensDetails,
    Long totalTokens,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises the unknown-field map to an unmodifiable copy. */
  public ResponseUsage {
    additionalProperties = Extras.copy(additionalProperties);
  }

  /**
   * The breakdown of input tokens.
   *
   * @param cachedTokens tokens read from the prompt cache
   * @param cacheWriteTokens tokens written to the prompt cache, where reported
   * @param audioTokens audio input tokens, where reported
   * @param additionalProperties fields this type does not name
   */
  public record InputTokensDetails(
      Long cachedTokens,
      Long cacheWriteTokens,
      Long audioTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public InputTokensDetails {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }

  /**
   * The breakdown of output tokens.
   *
   * @param reasoningTokens tokens the model spent reasoning
   * @param audioTokens audio output tokens, where reported
   * @param additionalProperties fields this type does not name
   */
  public record OutputTokensDetails(
      Long reasoningTokens,
      Long audioTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public OutputTokensDetails {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }
}
