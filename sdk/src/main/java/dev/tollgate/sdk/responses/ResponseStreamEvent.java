package dev.tollgate.sdk.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.Map;
import java.util.Optional;

/**
 * One server-sent event of a streamed response ({@code response.created},
 * {@code response.output_text.delta}, {@code response.completed}, ...).
 *
 * @param type the event type; taken from the SSE {@code event:} line when the data lacks it
 * @param sequenceNumber the event's position in the stream
 * @param delta the new text of a {@code *.delta} event, or null
 * @param response the response snapshot of {@code response.*} lifecycle events, or null
 * @param additionalProperties fields this type does not name ({@code item_id},
 *     {@code output_index}, {@code item}, {@code part}, ...)
 */
public record ResponseStreamEvent(
    String type,
    Long sequenceNumber,
    String delta,
    Response response,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises the unknown-field map to an unmodifiable copy. */
  public ResponseStreamEvent {
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** The delta text when this is a {@code response.output_text.delta} event. */
  public Optional<String> outputTextDelta() {
    return "response.output_text.delta".equals(type) ? Optional.ofNullable(delta) : Optional.empty();
  }

  /** This event with {@code type} set, when the data lacked it. */
  public ResponseStreamEvent withType(String eventType) {
    return type != null || eventType == null
        ? this
        : new ResponseStreamEvent(eventType, sequenceNumber, delta, response, additionalProperties);
  }
}
