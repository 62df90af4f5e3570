package dev.tollgate.sdk.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.List;
import java.util.Map;

/**
 * One chunk of a streamed chat completion.
 *
 * @param id the provider's id, the same on every chunk of a stream
 * @param object {@code chat.completion.chunk}
 * @param created seconds since the epoch
 * @param model the model that answers
 * @param choices the deltas of this chunk (null only if the provider sent none)
 * @param usage the usage, only on the provider's last chunk when {@code include_usage} was
 *     asked for by the caller
 * @param additionalProperties fields this type does not name
 */
public record ChatCompletionChunk(
    String id,
    String object,
    Long created,
    String model,
    List<Choice> choices,
    CompletionUsage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises lists and the unknown-field map to unmodifiable copies. */
  public ChatCompletionChunk {
    choices = Extras.copyOrNull(choices);
    additionalProperties = Extras.copy(additionalProperties);
  }

  /**
   * One choice's delta in a chunk.
   *
   * @param index its position
   * @param delta the new part of the message
   * @param finishReason set on the choice's last chunk
   * @param additionalProperties fields this type does not name
   */
  public record Choice(
      Integer index,
      ChatMessage delta,
      String finishReason,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public Choice {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }
}
