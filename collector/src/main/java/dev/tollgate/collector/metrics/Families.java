package dev.tollgate.collector.metrics;

import dev.tollgate.collector.infra.TollgateMeters;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * How Dropwizard names that carry a label value become one labelled Prometheus family:
 * {@code tollgate.ingest.events.accepted} is {@code tollgate_ingest_events_total{outcome="accepted"}}.
 * Every other Dropwizard metric is exported under its sanitised name.
 */
final class Families {

  /**
   * One family: Dropwizard names matching {@code pattern}, whose groups are the values of
   * {@code labels}. {@code cumulative}: a gauge that only grows (a count kept by the pool), exported
   * as a counter.
   */
  record Family(Pattern pattern, String name, String help, List<String> labels, boolean cumulative) {

    Optional<List<String>> match(String dropwizardName) {
      Matcher m = pattern.matcher(dropwizardName);
      if (!m.matches()) {
        return Optional.empty();
      }
      return Optional.of(IntStream.rangeClosed(1, m.groupCount()).mapToObj(m::group).toList());
    }
  }

  /** A label value: one segment of a Dropwizard name. */
  private static final String VALUE = "\\.([\\w-]+)";
  private static final String POOL = Pattern.quote("io.dropwizard.db.ManagedPooledDataSource") + VALUE + "\\.";

  static final List<Family> ALL = List.of(
      family(Pattern.quote(TollgateMeters.INGEST_EVENTS) + VALUE, "tollgate_ingest_events",
          "Usage events received by POST /v1/usage/events, by outcome (accepted, duplicate, rejected, failed)",
          "outcome"),
      family(Pattern.quote(TollgateMeters.LEASES) + VALUE, "tollgate_leases",
          "Quota lease requests, by outcome (granted, a 402 reason such as quota_exceeded, forbidden, invalid, failed)",
          "outcome"),
      family(Pattern.quote(TollgateMeters.INGEST_PHASE) + VALUE, "tollgate_ingest_phase_seconds",
          "Time one phase of an ingest batch took (validate, rate, write-events (events and charge lines),"
              + " write-latencies, write-quota, write-rollups, write-alerts, transaction)", "phase"),
      family(Pattern.quote(TollgateMeters.INGEST_BATCHES), "tollgate_ingest_batch_seconds",
          "Time a whole POST /v1/usage/events request took"),
      family(POOL + "active", "tollgate_db_pool_active_connections",
          "Database connections in use", "pool"),
      family(POOL + "idle", "tollgate_db_pool_idle_connections",
          "Database connections open and idle", "pool"),
      family(POOL + "size", "tollgate_db_pool_connections",
          "Database connections open (active and idle)", "pool"),
      family(POOL + "waiting", "tollgate_db_pool_waiting_threads",
          "Threads waiting for a database connection", "pool"),
      new Family(Pattern.compile(POOL
          + "(borrowed|returned|created|released|releasedIdle|reconnected|removeAbandoned)"),
          "tollgate_db_pool_connection_events", "Pool events since the start, by event (the pool's own counts)",
          List.of("pool", "event"), true),
      // Dropwizard times every JDBI SqlObject method as <class>.<method>, other statements as sql.raw.
      family("dev\\.tollgate\\.(?:\\w+\\.)*(\\w+Dao\\.\\w+)", "tollgate_db_statement_seconds",
          "Time one database statement took, by DAO method", "statement"),
      family("sql\\.(raw)", "tollgate_db_statement_seconds", "Time one database statement took, by DAO method",
          "statement"));

  private Families() {}

  private static Family family(String regex, String name, String help, String... labels) {
    return new Family(Pattern.compile(regex), name, help, List.of(labels), false);
  }
}
