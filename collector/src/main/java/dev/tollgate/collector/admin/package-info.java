/**
 * Administration: wires the admin resources ({@link dev.tollgate.collector.admin.AdminFeature}),
 * holds what they share (keyset paging, case-insensitive unique names, statuses, the UTC
 * calendar arithmetic of quota periods in {@link dev.tollgate.collector.quota.Period}),
 * and seeds demo data in dev mode. Each sub-package is one resource with its service and DAO.
 */
package dev.tollgate.collector.admin;
