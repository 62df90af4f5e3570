/**
 * The audit log: {@link dev.tollgate.collector.audit.AuditLog} writes an entry in the
 * transaction of each change; {@code GET /v1/admin/audit} reads them, newest first.
 */
package dev.tollgate.collector.audit;
