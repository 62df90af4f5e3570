/**
 * Closing a billing month: {@code POST /v1/admin/periods/{YYYY-MM}/close}, {@code GET
 * /v1/admin/periods}, and {@link dev.tollgate.collector.periods.BillingMonths}, which ingest
 * and re-rating use to bill an event dated in a closed month to the first open month after
 * it. Closing and ingest serialise on one PostgreSQL advisory lock (ingest shares it, closing
 * takes it alone), so no event can be billed to a month after it was closed.
 */
package dev.tollgate.collector.periods;
