package dev.tollgate.sdk.embeddings;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to {@code POST /embeddings}. Build one with {@link #builder()}.
 *
 * @param model the model, required
 * @param input a {@link String} or a list of strings, required
 * @param dimensions the output dimensions, or null
 * @param encodingFormat {@code float} (default) or {@code base64}, or null
 * @param user the provider-side end-user id, or null
 * @param additionalProperties other request parameters, sent as given
 */
public record EmbeddingRequest(
    String model,
    Object input,
    Integer dimensions,
    String encodingFormat,
    String user,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Checks the required fields and copies the unknown-field map. */
  public EmbeddingRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    additionalProperties = Extras.copy(additionalProperties);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EmbeddingRequest}; not thread-safe. */
  public static final class Builder {
    private String model;
    private Object input;
    private Integer dimensions;
    private String encodingFormat;
    private String user;
    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the model, e.g. {@code text-embedding-3-small}. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Embeds one text. */
    public Builder input(String input) {
      this.input = Objects.requireNonNull(input, "input");
      return this;
    }

    /** Embeds several texts in one call. */
    public Builder input(List<String> inputs) {
      this.input = List.copyOf(inputs);
      return this;
    }

    /** Sets the output dimensions. */
    public Builder dimensions(Integer dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /** Sets the encoding format. */
    public Builder encodingFormat(String encodingFormat) {
      this.encodingFormat = encodingFormat;
      return this;
    }

    /** Sets the provider-side end-user id. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Adds a request parameter this type does not name; it is sent as given. */
    public Builder putAdditionalProperty(String name, Object value) {
      this.additionalProperties.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Builds the request, checking that model and input are set. */
    public EmbeddingRequest build() {
      return new EmbeddingRequest(model, input, dimensions, encodingFormat, user, additionalProperties);
    }
  }
}
