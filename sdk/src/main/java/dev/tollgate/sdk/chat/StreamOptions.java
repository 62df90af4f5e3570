package dev.tollgate.sdk.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.Map;

/**
 * The {@code stream_options} of a streamed chat completion.
 *
 * @param includeUsage whether the provider sends a last chunk with the usage; the SDK sets it
 *     when absent (and then hides that chunk), so metering is exact
 * @param additionalProperties fields this type does not name
 */
public record StreamOptions(
    Boolean includeUsage, @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises the unknown-field map to an unmodifiable copy. */
  public StreamOptions {
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** Stream options with only {@code include_usage} set. */
  public static StreamOptions includeUsage(boolean includeUsage) {
    return new StreamOptions(includeUsage, null);
  }
}
