package dev.tollgate.sdk.internal.metering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.internal.usage.UsageEvent;

/**
 * Maps the {@code usage} object of a provider answer to the metering elements of a usage event.
 * One mapping serves every endpoint: chat completions, completions and embeddings name their
 * counts {@code prompt_tokens} / {@code completion_tokens} with {@code *_tokens_details}; the
 * Responses API names them {@code input_tokens} / {@code output_tokens} with
 * {@code *_tokens_details} (fixtures/openai/openapi.yaml).
 */
public final class UsageMapper {

  private UsageMapper() {}

  /** The metering elements of {@code usage}, or null when it is absent or not an object. */
  public static UsageEvent.Usage fromJson(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return null;
    }
    boolean responses = usage.has("input_tokens") || usage.has("output_tokens");
    JsonNode in = usage.path(responses ? "input_tokens_details" : "prompt_tokens_details");
    JsonNode out = usage.path(responses ? "output_tokens_details" : "completion_tokens_details");
    return new UsageEvent.Usage(
        n(usage.path(responses ? "input_tokens" : "prompt_tokens")),
        n(in.path("cached_tokens")),
        n(in.path("cache_write_tokens")),
        n(in.path("audio_tokens")),
        n(usage.path(responses ? "output_tokens" : "completion_tokens")),
        n(out.path("reasoning_tokens")),
        n(out.path("audio_tokens")),
        false);
  }

  /** Usage the SDK counted itself (a stream closed early or broken off, a timed-out call). */
  public static UsageEvent.Usage estimated(long promptTokens, long completionTokens) {
    return new UsageEvent.Usage(promptTokens, 0, 0, 0, completionTokens, 0, 0, true);
  }

  private static long n(JsonNode v) {
    return v.canConvertToLong() ? Math.max(0, v.asLong()) : 0;
  }
}
