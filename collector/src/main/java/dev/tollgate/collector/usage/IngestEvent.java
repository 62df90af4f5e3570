package dev.tollgate.collector.usage;

import dev.tollgate.collector.pricing.Quantities;
import dev.tollgate.collector.pricing.ServiceTiers;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One valid usage event as read from a batch. {@code errorJson} and {@code tagsJson} are
 * the JSON text to store; {@code ratedModel} is {@code model}, else {@code requestModel};
 * {@code serviceTier} is the tier the answer reported ({@code default} when it named none).
 */
public record IngestEvent(UUID id, Instant timestamp, String endpoint, String method, String requestModel,
    String model, int statusCode, int latencyMs, Integer ttftMs, boolean streamed, UUID leaseId, String traceId,
    String endUser, Quantities quantities, boolean estimated, String errorJson, String tagsJson,
    String serviceTier) {

  public IngestEvent {
    Objects.requireNonNull(serviceTier, "serviceTier");
  }

  /** An event of the {@code default} service tier. */
  public IngestEvent(UUID id, Instant timestamp, String endpoint, String method, String requestModel, String model,
      int statusCode, int latencyMs, Integer ttftMs, boolean streamed, UUID leaseId, String traceId, String endUser,
      Quantities quantities, boolean estimated, String errorJson, String tagsJson) {
    this(id, timestamp, endpoint, method, requestModel, model, statusCode, latencyMs, ttftMs, streamed, leaseId,
        traceId, endUser, quantities, estimated, errorJson, tagsJson, ServiceTiers.DEFAULT);
  }

  public String ratedModel() {
    return model != null ? model : requestModel;
  }

  public boolean isError() {
    return statusCode >= 400;
  }
}
