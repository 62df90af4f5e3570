/**
 * Usage (a feature): {@code POST /v1/usage/events} validates, stores idempotently, rates, uses
 * quota and rolls up each batch in one transaction; re-rating rewrites stored events with the
 * current price book; {@code UsagePartitions} keeps the events' monthly partitions (created
 * ahead, retention, the replay window of event ids).
 */
package dev.tollgate.collector.usage;
