/**
 * Budget alerts: thresholds crossed on quotas, models seen without a price and spend spikes
 * ({@link dev.tollgate.collector.alerts.AlertRaiser}, called inside the ingest transaction),
 * the channels they go to ({@code /v1/admin/alert-channels}: signed webhooks and Slack), the
 * outbox of deliveries and the {@link dev.tollgate.collector.alerts.AlertSender} that works
 * it off with retries, and {@code GET /v1/admin/alerts}. Uses only {@code common},
 * {@code auth} (the cipher that keeps URLs and secrets encrypted) and {@code audit}.
 */
package dev.tollgate.collector.alerts;
