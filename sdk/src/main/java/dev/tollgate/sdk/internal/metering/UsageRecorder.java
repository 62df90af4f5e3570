package dev.tollgate.sdk.internal.metering;

import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.internal.usage.UsageSink;
import dev.tollgate.sdk.metrics.CallMeasurement;
import dev.tollgate.sdk.metrics.TollgateMetrics;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one {@link UsageEvent} per upstream attempt and hands it to the sink, never throwing.
 * What came from the provider or the request body (models, error texts, the endpoint) is
 * trimmed to the collector's {@link Bounds} here, so that no event is rejected for it.
 */
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

  /** Records one attempt of {@code call}. */
  public void record(MeteredCall call, Attempt attempt) {
    try {
      ProviderError e = attempt.error();
      Instant at = clock.instant();
      sink.accept(new UsageEvent(
          EventIds.at(at),
          at,
          Bounds.trim(call.endpoint(), Bounds.TEXT),
          call.method(),
          Bounds.trim(call.requestModel(), Bounds.TEXT),
          Bounds.trim(attempt.model(), Bounds.TEXT),
          attempt.status(),
          attempt.latencyNanos() / 1_000_000,
          attempt.ttftNanos() < 0 ? null : attempt.ttftNanos() / 1_000_000,
          call.streamed(),
          call.leaseId(),
          call.meta().traceId(),
          call.meta().endUser(),
          attempt.usage(),
          e == null ? null : new UsageEvent.UsageError(
              Bounds.trim(e.type(), Bounds.TEXT), Bounds.trim(e.code(), Bounds.TEXT),
              Bounds.trim(e.message(), Bounds.ERROR_MESSAGE)),
          call.meta().tags(),
          Bounds.trim(attempt.serviceTier(), Bounds.TEXT)));
    } catch (RuntimeException ex) {
      LOG.error("Usage sink refused an event for {} (status {}): {}", call.endpoint(), attempt.status(), ex.toString());
    }
    try {
      UsageEvent.Usage usage = attempt.usage();
      metrics.callEnded(new CallMeasurement(call.endpoint(), call.requestModel(), attempt.model(), attempt.status(),
          attempt.latencyNanos(), usage == null ? -1 : usage.promptTokens(), usage == null ? -1 : usage.completionTokens(),
          attempt.error() == null ? null : attempt.error().type()));
    } catch (RuntimeException ex) {
      LOG.warn("Metrics refused a measurement for {}: {}", call.endpoint(), ex.toString());
    }
  }
}
