/**
 * Usage (a feature): {@code POST /v1/usage/events} validates, stores idempotently, rates, uses
 * quota and rolls up each batch in one transaction; re-rating rewrites stored events with the
 * current price book.
 */
package dev.tollgate.collector.usage;
