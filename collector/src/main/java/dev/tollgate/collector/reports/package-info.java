/**
 * Reports over rated usage (a feature): the transaction log with the charge lines behind each total,
 * usage grouped by any combination of dimensions and periods, latency percentiles, and the
 * monthly chargeback statement, as JSON or streamed CSV. Usage and chargeback read the daily
 * rollup {@code usage_daily} (raw events only for partial edge days and for end-user or tag
 * grouping); the log and percentiles read the raw events through their time indexes. A client
 * token sees its own team only. Each {@code *Report} class composes its SELECT from the request's
 * filters ({@code ReportSql} binds and runs it; {@code ReportsDao} holds the fixed lookups).
 * The FOCUS 1.2 export ({@code FocusExport}, {@code FocusDao}) sums a month's charge lines
 * into FinOps rows for finance and admin. See docs/api-reports.md and docs/exports.md.
 */
package dev.tollgate.collector.reports;
