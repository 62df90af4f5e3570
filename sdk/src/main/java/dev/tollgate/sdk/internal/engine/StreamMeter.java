package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.usage.UsageEvent;

/**
 * Watches the events of one stream for what metering needs: the usage the provider reports,
 * the model and service tier it names, whether the terminal event came, and the output text so
 * far (to estimate the completion when no usage comes). One subclass per stream format; the
 * reader thread feeds it while a cancelling thread may read it, hence the synchronisation.
 */
abstract class StreamMeter {

  private final StringBuilder text = new StringBuilder();
  private UsageEvent.Usage usage;
  private String model;
  private String serviceTier;
  private boolean complete;
  private boolean sawText;

  /** The meter for a stream of {@code kind}. */
  static StreamMeter of(Operation.Kind kind, boolean hideUsageChunk) {
    return kind == Operation.Kind.RESPONSES ? new Responses() : new Chat(hideUsageChunk);
  }

  /**
   * Takes one event; returns true when the caller must not see it.
   *
   * @param name the event's {@code event:} name, or null
   * @param data its data, parsed
   */
  abstract boolean accept(String name, JsonNode data);

  /** Whether the stream ends at {@code data: [DONE]} rather than at a terminal event. */
  abstract boolean endsWithDone();

  final synchronized void text(JsonNode delta) {
    if (delta != null && delta.isTextual() && !delta.asText().isEmpty()) {
      text.append(delta.asText());
      sawText = true;
    }
  }

  final synchronized void answer(JsonNode answer) {
    if (answer.hasNonNull("model") && model == null) {
      model = answer.get("model").asText();
    }
    if (answer.hasNonNull("service_tier")) {
      serviceTier = answer.get("service_tier").asText();
    }
    JsonNode u = answer.get("usage");
    if (u != null && u.isObject()) {
      usage = UsageMapper.fromJson(u);
    }
  }

  final synchronized void complete() {
    complete = true;
  }

  final synchronized boolean isComplete() {
    return complete;
  }

  final synchronized boolean sawText() {
    return sawText;
  }

  final synchronized UsageEvent.Usage usage() {
    return usage;
  }

  final synchronized String model() {
    return model;
  }

  final synchronized String serviceTier() {
    return serviceTier;
  }

  final synchronized String outputText() {
    return text.toString();
  }

  /**
   * Chat completions (and legacy completions): text in {@code choices[].delta.content},
   * {@code .refusal} and tool-call arguments (or {@code choices[].text}); usage in the last
   * chunk, which has no choices and is hidden when the engine asked for it.
   */
  static final class Chat extends StreamMeter {
    private final boolean hideUsageChunk;

    Chat(boolean hideUsageChunk) {
      this.hideUsageChunk = hideUsageChunk;
    }

    @Override
    boolean accept(String name, JsonNode chunk) {
      answer(chunk);
      JsonNode choices = chunk.path("choices");
      for (JsonNode choice : choices) {
        JsonNode delta = choice.path("delta");
        text(delta.get("content"));
        text(delta.get("refusal"));
        for (JsonNode call : delta.path("tool_calls")) {
          text(call.path("function").get("arguments"));
        }
        text(choice.get("text"));
      }
      return hideUsageChunk && choices.isEmpty() && chunk.path("usage").isObject();
    }

    @Override
    boolean endsWithDone() {
      return true;
    }
  }

  /**
   * The Responses API's named events: text in {@code response.output_text.delta} and
   * {@code response.function_call_arguments.delta}; model and usage in the {@code response}
   * of the terminal {@code response.completed} (or {@code .incomplete}, {@code .failed}).
   */
  static final class Responses extends StreamMeter {
    @Override
    boolean accept(String name, JsonNode e) {
      String type = name != null ? name : e.path("type").asText("");
      if (e.path("response").isObject()) {
        answer(e.get("response"));
      }
      switch (type) {
        case "response.output_text.delta", "response.function_call_arguments.delta", "response.refusal.delta" ->
            text(e.get("delta"));
        case "response.completed", "response.incomplete", "response.failed", "error" -> complete();
        default -> {
          // other events carry nothing metering needs
        }
      }
      return false;
    }

    @Override
    boolean endsWithDone() {
      return false;
    }
  }
}
