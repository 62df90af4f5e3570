package dev.tollgate.sdk.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.List;
import java.util.Map;

/**
 * A response of the Responses API.
 *
 * @param id the provider's id
 * @param object {@code response}
 * @param createdAt seconds since the epoch
 * @param status {@code completed}, {@code in_progress}, {@code incomplete}, {@code failed}, ...
 * @param model the model that answered
 * @param output the output items (messages, reasoning, tool calls, ...), null if absent
 * @param usage the token usage, or null
 * @param additionalProperties fields this type does not name
 */
public record Response(
    String id,
    String object,
    Long createdAt,
    String status,
    String model,
    List<OutputItem> output,
    ResponseUsage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises lists and the unknown-field map to unmodifiable copies. */
  public Response {
    output = Extras.copyOrNull(output);
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** The concatenated text of all {@code output_text} parts of all output messages. */
  public String outputText() {
    StringBuilder sb = new StringBuilder();
    if (output == null) {
      return "";
    }
    for (OutputItem item : output) {
      if (item.content() == null) {
        continue;
      }
      for (Content c : item.content()) {
        if ("output_text".equals(c.type()) && c.text() != null) {
          sb.append(c.text());
        }
      }
    }
    return sb.toString();
  }

  /**
   * One output item.
   *
   * @param type {@code message}, {@code reasoning}, {@code function_call}, ...
   * @param id its id
   * @param status its status, or null
   * @param role {@code assistant} for messages, or null
   * @param content the content parts of a message; null for items without content
   * @param additionalProperties fields this type does not name
   */
  public record OutputItem(
      String type,
      String id,
      String status,
      String role,
      List<Content> content,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises lists and the unknown-field map to unmodifiable copies. */
    public OutputItem {
      content = Extras.copyOrNull(content);
      additionalProperties = Extras.copy(additionalProperties);
    }
  }

  /**
   * One content part of an output message.
   *
   * @param type {@code output_text}, {@code refusal}, ...
   * @param text the text of an {@code output_text} part, or null
   * @param additionalProperties fields this type does not name ({@code annotations}, ...)
   */
  public record Content(
      String type,
      String text,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public Content {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }
}
