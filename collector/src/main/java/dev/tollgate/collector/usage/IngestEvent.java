package dev.tollgate.collector.usage;

import dev.tollgate.collector.pricing.Quantities;
import java.time.Instant;
import java.util.UUID;

/**
 * One valid usage event as read from a batch. {@code errorJson} and {@code tagsJson} are
 * the JSON text to store; {@code ratedModel} is {@code model}, else {@code requestModel}.
 */
public record IngestEvent(UUID id, Instant timestamp, String endpoint, String method, String requestModel,
    String model, int statusCode, int latencyMs, Integer ttftMs, boolean streamed, UUID leaseId, String traceId,
    String endUser, Quantities quantities, boolean estimated, String errorJson, String tagsJson) {

  public String ratedModel() {
    return model != null ? model : requestModel;
  }

  public boolean isError() {
    return statusCode >= 400;
  }
}
