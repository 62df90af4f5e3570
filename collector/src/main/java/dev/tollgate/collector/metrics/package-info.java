/**
 * Metrics for operations: Tollgate's own meters ({@link dev.tollgate.collector.metrics.TollgateMeters},
 * kept in Dropwizard's registry) and their export as Prometheus text on the admin port
 * ({@link dev.tollgate.collector.metrics.MetricsFeature}). Names and alert rules: docs/operations.md.
 */
package dev.tollgate.collector.metrics;
