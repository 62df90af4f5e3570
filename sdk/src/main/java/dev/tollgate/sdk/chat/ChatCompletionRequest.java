package dev.tollgate.sdk.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request to {@code POST /chat/completions}. Build one with {@link #builder()}; any
 * parameter this type does not name goes in {@link Builder#putAdditionalProperty}.
 *
 * @param model the model to use, required
 * @param messages the conversation so far, at least one message
 * @param maxTokens the legacy completion-token limit, or null
 * @param maxCompletionTokens the completion-token limit (including reasoning), or null
 * @param temperature sampling temperature, or null
 * @param topP nucleus sampling, or null
 * @param n how many choices to generate, or null
 * @param stream whether to stream; set by the client, not by callers
 * @param streamOptions options of a streamed call, or null
 * @param user the provider-side end-user id, or null
 * @param additionalProperties other request parameters, sent as given
 */
public record ChatCompletionRequest(
    String model,
    List<ChatMessage> messages,
    Integer maxTokens,
    Integer maxCompletionTokens,
    Double temperature,
    Double topP,
    Integer n,
    Boolean stream,
    StreamOptions streamOptions,
    String user,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Checks the required fields and copies the collections. */
  public ChatCompletionRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(messages, "messages");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages must not be empty");
    }
    messages = List.copyOf(messages);
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
    b.messages.addAll(messages);
    b.maxTokens = maxTokens;
    b.maxCompletionTokens = maxCompletionTokens;
    b.temperature = temperature;
    b.topP = topP;
    b.n = n;
    b.stream = stream;
    b.streamOptions = streamOptions;
    b.user = user;
    b.additionalProperties.putAll(additionalProperties);
    return b;
  }

  /** Builds a {@link ChatCompletionRequest}; not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<ChatMessage> messages = new ArrayList<>();
    private Integer maxTokens;
    private Integer maxCompletionTokens;
    private Double temperature;
    private Double topP;
    private Integer n;
    private Boolean stream;
    private StreamOptions streamOptions;
    private String user;
    private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

    private Builder() {}

    /** Sets the model, e.g. {@code gpt-4o-mini}. */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Replaces the messages. */
    public Builder messages(List<ChatMessage> messages) {
      this.messages.clear();
      this.messages.addAll(messages);
      return this;
    }

    /** Appends one message. */
    public Builder addMessage(ChatMessage message) {
      this.messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Appends a {@code system} message. */
    public Builder addSystemMessage(String text) {
      return addMessage(ChatMessage.system(text));
    }

    /** Appends a {@code user} message. */
    public Builder addUserMessage(String text) {
      return addMessage(ChatMessage.user(text));
    }

    /** Sets the legacy {@code max_tokens}. */
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Sets {@code max_completion_tokens}. */
    public Builder maxCompletionTokens(Integer maxCompletionTokens) {
      this.maxCompletionTokens = maxCompletionTokens;
      return this;
    }

    /** Sets the sampling temperature. */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sets {@code top_p}. */
    public Builder topP(Double topP) {
      this.topP = topP;
      return this;
    }

    /** Sets how many choices to generate. */
    public Builder n(Integer n) {
      this.n = n;
      return this;
    }

    /** Sets {@code stream}; the client sets it itself for {@code create} and {@code stream}. */
    public Builder stream(Boolean stream) {
      this.stream = stream;
      return this;
    }

    /** Sets {@code stream_options}. */
    public Builder streamOptions(StreamOptions streamOptions) {
      this.streamOptions = streamOptions;
      return this;
    }

    /** Sets the provider-side end-user id ({@code user}). */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Adds a request parameter this type does not name; it is sent as given. */
    public Builder putAdditionalProperty(String name, Object value) {
      this.additionalProperties.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Builds the request, checking that model and at least one message are set. */
    public ChatCompletionRequest build() {
      return new ChatCompletionRequest(
          model, messages, maxTokens, maxCompletionTokens, temperature, topP, n, stream,
          streamOptions, user, additionalProperties);
    }
  }
}
