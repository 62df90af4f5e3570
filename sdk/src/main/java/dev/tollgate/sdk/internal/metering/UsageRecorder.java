package dev.tollgate.sdk.internal.metering;

import dev.tollgate.sdk.internal.upstream.Endpoint;
import dev.tollgate.sdk.metrics.CallMeasurement;
import dev.tollgate.sdk.metrics.TollgateMetrics;
import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.internal.usage.UsageSink;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds one {@link UsageEvent} per upstream attempt and hands it to the sink, never throwing. */
public final class UsageRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);

  private final UsageSink sink;
  private final Clock clock;
  private final TollgateMetrics metrics;

  /** A recorder handing events to {@code sink}. */
  public UsageRecorder(UsageSink sink, Clock clock) {
    this(sink, clock, TollgateMetrics.NONE);
  }

  /** A recorder handing events to {@code sink} and telling {@code metrics} of each attempt. */
  public UsageRecorder(UsageSink sink, Clock clock, TollgateMetrics metrics) {
    this.sink = sink;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Records one attempt.
   *
   * @param status the HTTP status, 0 when there was no answer
   * @param latencyNanos the attempt's duration (to the end of the body or stream)
   * @param ttftNanos time to the first streamed event, or -1
   * @param error the provider's error, or null for a success
   */
  public void record(
      Endpoint endpoint, String requestModel, String model, int status, long latencyNanos, long ttftNanos,
      boolean streamed, String leaseId, CallMetadata meta, UsageEvent.Usage usage, ProviderError error) {
    try {
      UsageEvent event = new UsageEvent(
          UUID.randomUUID(),
          clock.instant(),
          endpoint.meteredName(),
          endpoint.method(),
          requestModel,
          model,
          status,
          latencyNanos / 1_000_000,
          ttftNanos < 0 ? null : ttftNanos / 1_000_000,
          streamed,
          leaseId,
          meta.traceId(),
          meta.endUser(),
          usage,
          error == null ? null : new UsageEvent.UsageError(error.type(), error.code(), error.message()),
          meta.tags());
      sink.accept(event);
    } catch (RuntimeException e) {
      LOG.error("Usage sink refused an event for {} (status {}): {}", endpoint.meteredName(), status, e.toString());
    }
    try {
      metrics.callEnded(new CallMeasurement(endpoint.meteredName(), requestModel, model, status, latencyNanos,
          usage == null ? -1 : usage.promptTokens(), usage == null ? -1 : usage.completionTokens(),
          error == null ? null : error.type()));
    } catch (RuntimeException e) {
      LOG.warn("Metrics refused a measurement for {}: {}", endpoint.meteredName(), e.toString());
    }
  }
}
