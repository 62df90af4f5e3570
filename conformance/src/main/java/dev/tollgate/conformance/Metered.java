package dev.tollgate.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * The seven metering elements, read independently of the SDK on both sides: from what the
 * provider answered (a JSON body, or the usage inside a stream) and from the collector's event.
 *
 * @param prompt prompt (input) tokens
 * @param cached cached prompt tokens
 * @param cacheWrite cache-write prompt tokens
 * @param audioPrompt audio prompt tokens
 * @param completion completion (output) tokens
 * @param reasoning reasoning tokens
 * @param audioCompletion audio completion tokens
 */
record Metered(long prompt, long cached, long cacheWrite, long audioPrompt, long completion, long reasoning,
    long audioCompletion) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The usage the provider reported in its answer to {@code exchange}, or null if it reported none. */
  static Metered reportedBy(RecordingUpstream.Exchange exchange) {
    String answer = exchange.answer();
    try {
      if (exchange.contentType != null && exchange.contentType.startsWith("text/event-stream")) {
        JsonNode usage = null;
        for (String line : answer.split("\n")) {
          if (line.startsWith("data: {")) {
            JsonNode data = JSON.readTree(line.substring(6));
            JsonNode u = data.has("response") ? data.path("response").path("usage") : data.path("usage");
            if (u.isObject()) {
              usage = u;
            }
          }
        }
        return usage == null ? null : of(usage);
      }
      JsonNode usage = JSON.readTree(answer).path("usage");
      return usage.isObject() ? of(usage) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Metered of(JsonNode u) {
    boolean responses = u.has("input_tokens");
    JsonNode in = u.path(responses ? "input_tokens_details" : "prompt_tokens_details");
    JsonNode out = u.path(responses ? "output_tokens_details" : "completion_tokens_details");
    return new Metered(u.path(responses ? "input_tokens" : "prompt_tokens").asLong(), in.path("cached_tokens").asLong(),
        in.path("cache_write_tokens").asLong(), in.path("audio_tokens").asLong(),
        u.path(responses ? "output_tokens" : "completion_tokens").asLong(), out.path("reasoning_tokens").asLong(),
        out.path("audio_tokens").asLong());
  }

  /** The elements of a collector event (a transaction detail). */
  static Metered recordedIn(JsonNode event) {
    return new Metered(event.path("prompt_tokens").asLong(), event.path("cached_prompt_tokens").asLong(),
        event.path("cache_write_prompt_tokens").asLong(), event.path("audio_prompt_tokens").asLong(),
        event.path("completion_tokens").asLong(), event.path("reasoning_tokens").asLong(),
        event.path("audio_completion_tokens").asLong());
  }

  /** Every answer's reported usage, in order. */
  static List<Metered> reportedBy(List<RecordingUpstream.Exchange> exchanges) {
    return exchanges.stream().map(Metered::reportedBy).toList();
  }
}
