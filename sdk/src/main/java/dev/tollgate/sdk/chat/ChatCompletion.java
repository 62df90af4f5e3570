package dev.tollgate.sdk.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A chat completion returned by {@code POST /chat/completions}.
 *
 * @param id the provider's id
 * @param object {@code chat.completion}
 * @param created seconds since the epoch
 * @param model the model that answered (often a dated snapshot of the requested one)
 * @param choices the generated choices (null only if the provider sent none)
 * @param usage the token usage, or null if the provider sent none
 * @param additionalProperties fields this type does not name ({@code service_tier},
 *     {@code system_fingerprint}, ...)
 */
public record ChatCompletion(
    String id,
    String object,
    Long created,
    String model,
    List<Choice> choices,
    CompletionUsage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises lists and the unknown-field map to unmodifiable copies. */
  public ChatCompletion {
    choices = Extras.copyOrNull(choices);
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** The text of the first choice's message, empty when there is none. */
  public Optional<String> firstText() {
    return choices == null || choices.isEmpty() || choices.get(0).message() == null
        ? Optional.empty()
        : choices.get(0).message().text();
  }

  /**
   * One choice of a chat completion.
   *
   * @param index its position
   * @param message the generated message
   * @param finishReason why generation stopped ({@code stop}, {@code length}, ...)
   * @param additionalProperties fields this type does not name ({@code logprobs}, ...)
   */
  public record Choice(
      Integer index,
      ChatMessage message,
      String finishReason,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public Choice {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }
}
