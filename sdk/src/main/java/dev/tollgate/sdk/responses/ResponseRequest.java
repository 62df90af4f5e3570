package dev.tollgate.sdk.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to {@code POST /responses} (the Responses API). Build one with {@link #builder()}.
 *
 * @param model the model to use, required
 * @param input a {@link String} or a list of input items (maps), required
 * @param instructions a system (developer) message, or null
 * @param maxOutputTokens the output-token limit (including reasoning), or null
 * @param temperature sampling temperature, or null
 * @param previousResponseId the response this one continues, or null
 * @param stream whether to stream; set by the client, not by callers
 * @param additionalProperties other request parameters, sent as given
 */
public record ResponseRequest(
    String model,
    Object input,
    String instructions,
    Integer maxOutputTokens,
    Double temperature,
    String previousResponseId,
    Boolean stream,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Checks the required fields and copies the unknown-field map. */
  public ResponseRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.input = input;
    b.instructions = instructions;
    b.maxOutputTokens = maxOutputTokens;
    b.temperature = temperature;
    b.previousResponseId = previousResponseId;
    b.stream = stream;
    b.additionalProperties.putAll(additionalProperties);
    return b;
  }

  /** Builds a {@link ResponseRequest}; not thread-safe. */
  public static final class Builder {
    private String model;
    private Object input;
    private String instructions;
    private Integer maxOutputTokens;
    private Double temperature;
    private String previousResponseId;
    private Boolean stream;
    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the model. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Sets a text input. */
    public Builder input(String input) {
      this.input = Objects.requireNonNull(input, "input");
      return this;
    }

    /** Sets the input as a list of input items (maps in the API's shape). */
    public Builder inputItems(java.util.List<?> items) {
      this.input = java.util.List.copyOf(items);
      return this;
    }

    /** Sets the instructions. */
    public Builder instructions(String instructions) {
      this.instructions = instructions;
      return this;
    }

    /** Sets {@code max_output_tokens}. */
    public Builder maxOutputTokens(Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /** Sets the sampling temperature. */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sets {@code previous_response_id}. */
    public Builder previousResponseId(String previousResponseId) {
      this.previousResponseId = previousResponseId;
      return this;
    }

    /** Sets {@code stream}; the client sets it itself for {@code create} and {@code stream}. */
    public Builder stream(Boolean stream) {
      this.stream = stream;
      return this;
    }

    /** Adds a request parameter this type does not name; it is sent as given. */
    public Builder putAdditionalProperty(String name, Object value) {
      this.additionalProperties.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Builds the request, checking that model and input are set. */
    public ResponseRequest build() {
      return new ResponseRequest(
          model, input, instructions, maxOutputTokens, temperature, previousResponseId, stream,
          additionalProperties);
    }
  }
}
