package dev.tollgate.collector.infra;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

/**
 * Tollgate's own meters. They live in Dropwizard's registry, so the admin port's JSON
 * {@code /metrics} shows them, and the {@code metrics} package exports them to Prometheus under
 * the names of the specification ({@code tollgate_ingest_events_total{outcome}} and so on).
 * The Dropwizard name is {@code <family>.<label value>}.
 */
public final class TollgateMeters {

  public static final String INGEST_EVENTS = "tollgate.ingest.events";
  public static final String INGEST_PHASE = "tollgate.ingest.phase";
  public static final String INGEST_BATCHES = "tollgate.ingest.batches";
  public static final String LEASES = "tollgate.leases";

  /** Outcomes of an ingested event. */
  public static final String ACCEPTED = "accepted";
  public static final String DUPLICATE = "duplicate";
  /** Refused for what the event or its batch said (per-event rejections, a batch refused with 4xx). */
  public static final String REJECTED = "rejected";
  /** Not stored because the collector failed (a 5xx: the SDK sends the batch again). */
  public static final String FAILED = "failed";

  /** A lease outcome besides a refusal's {@code reason}. */
  public static final String GRANTED = "granted";

  private TollgateMeters() {}

  /** Usage events with {@code outcome} (accepted, duplicate, rejected, failed). */
  public static Meter ingestEvents(MetricRegistry registry, String outcome) {
    return registry.meter(MetricRegistry.name(INGEST_EVENTS, outcome));
  }

  /** Lease requests with {@code outcome}: granted, a 402 reason, or forbidden, invalid, failed. */
  public static Meter leases(MetricRegistry registry, String outcome) {
    return registry.meter(MetricRegistry.name(LEASES, outcome));
  }

  /** The time one phase of an ingest batch took (validate, rate, write-events, ..., transaction). */
  public static Timer ingestPhase(MetricRegistry registry, String phase) {
    return registry.timer(MetricRegistry.name(INGEST_PHASE, phase), SummingTimer::new);
  }

  /** The time a whole ingest request took. */
  public static Timer ingestBatches(MetricRegistry registry) {
    return registry.timer(INGEST_BATCHES, SummingTimer::new);
  }
}
