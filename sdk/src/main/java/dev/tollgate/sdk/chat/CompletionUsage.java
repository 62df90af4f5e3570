package dev.tollgate.sdk.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.Map;

/**
 * Token usage of a chat completion ({@code CompletionUsage} in OpenAI's OpenAPI description).
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens generated
 * @param totalTokens the sum
 * @param promptTokensDetails the breakdown of the prompt tokens, or null
 * @param completionTokensDetails the breakdown of the completion tokens, or null
 * @param additionalProperties fields this type does not name
 */
public record CompletionUsage(
    Long promptTokens,
    Long completionTokens,
    Long totalTokens,
    PromptTokensDetails promptTokensDetails,
    CompletionTokensDetails completionTokensDetails,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises the unknown-field map to an unmodifiable copy. */
  public CompletionUsage {
    additionalProperties = Extras.copy(additionalProperties);
  }

  /**
   * The breakdown of prompt tokens.
   *
   * @param cachedTokens tokens read from the provider's prompt cache
   * @param audioTokens audio input tokens
   * @param cacheWriteTokens tokens written to the prompt cache, where the provider reports them
   * @param additionalProperties fields this type does not name
   */
  public record PromptTokensDetails(
      Long cachedTokens,
      Long audioTokens,
      Long cacheWriteTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public PromptTokensDetails {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }

  /**
   * The breakdown of completion tokens.
   *
   * @param reasoningTokens tokens the model spent reasoning
   * @param audioTokens audio output tokens
   * @param acceptedPredictionTokens predicted-output tokens that appeared in the completion
   * @param rejectedPredictionTokens predicted-output tokens that did not
   * @param additionalProperties fields this type does not name
   */
  public record CompletionTokensDetails(
      Long reasoningTokens,
      Long audioTokens,
      Long acceptedPredictionTokens,
      Long rejectedPredictionTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public CompletionTokensDetails {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }
}
