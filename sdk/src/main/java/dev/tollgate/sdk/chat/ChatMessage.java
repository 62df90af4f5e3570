package dev.tollgate.sdk.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a chat conversation, as sent in a request, returned in a choice, or
 * streamed as a chunk's {@code delta}.
 *
 * @param role {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool};
 *     null in a delta that does not repeat it
 * @param content a {@link String}, a list of content parts (maps) as the API allows, or null
 * @param name an optional participant name
 * @param additionalProperties fields this type does not name ({@code tool_calls},
 *     {@code refusal}, ...), kept and sent on as received
 */
public record ChatMessage(
    String role,
    Object content,
    String name,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises the unknown-field map to an unmodifiable copy. */
  public ChatMessage {
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** A {@code system} message with text content. */
  public static ChatMessage system(String text) {
    return new ChatMessage("system", Objects.requireNonNull(text, "text"), null, null);
  }

  /** A {@code developer} message with text content. */
  public static ChatMessage developer(String text) {
    return new ChatMessage("developer", Objects.requireNonNull(text, "text"), null, null);
  }

  /** A {@code user} message with text content. */
  public static ChatMessage user(String text) {
    return new ChatMessage("user", Objects.requireNonNull(text, "text"), null, null);
  }

  /** An {@code assistant} message with text content. */
  public static ChatMessage assistant(String text) {
    return new ChatMessage("assistant", Objects.requireNonNull(text, "text"), null, null);
  }

  /** The content when it is plain text, empty when it is absent or a list of parts. */
  public Optional<String> text() {
    return content instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
