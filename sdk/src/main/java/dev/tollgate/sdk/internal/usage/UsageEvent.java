package dev.tollgate.sdk.internal.usage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One upstream attempt as the SDK saw it, in the shape of the collector's
 * {@code POST /v1/usage/events} items (serialised with snake_case names).
 *
 * <p>The {@code id} is made by the SDK and is the collector's idempotency key: every
 * retry and replay of the same event carries the same id, so it is counted once.
 *
 * @param usage null for a call that carried no usage (a failed call, a moderation)
 * @param error null for a successful call
 * @param serviceTier the {@code service_tier} the provider's answer reported, or null
 */
public record UsageEvent(
    UUID id,
    Instant timestamp,
    String endpoint,
    String method,
    String requestModel,
    String model,
    int statusCode,
    long latencyMs,
    Long timeToFirstTokenMs,
    boolean streamed,
    String leaseId,
    String traceId,
    String endUser,
    Usage usage,
    UsageError error,
    Map<String, String> tags,
    String serviceTier) {

  public UsageEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(endpoint, "endpoint");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** The metering elements of one call; parts are included in their wholes. */
  public record Usage(
      long promptTokens,
      long cachedPromptTokens,
      long cacheWritePromptTokens,
      long audioPromptTokens,
      long completionTokens,
      long reasoningTokens,
      long audioCompletionTokens,
      boolean estimated) {}

  /** The provider's error, when the call failed. */
  public record UsageError(String type, String code, String message) {}
}
